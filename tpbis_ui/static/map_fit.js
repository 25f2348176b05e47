// Maps fit their area into the map's real width, which only the browser knows: the server sends
// the area (layout.meta.fit, from tpbis/maps.py) and this refits the view as maps.view computes
// it, shortly after each draw, redraw or resize (Streamlit draws a new map twice, the second time
// as sent). A view a reader has zoomed is left alone. Added once per browser tab.
if (!window.tpbisMapFit) {
  window.tpbisMapFit = true;
  const mercator = (lat) => (Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 180) / Math.PI;
  const view = ([west, south, east, north], width, height, margin) => {
    const spanX = (Math.max(east - west, 0.02) * 512) / 360;
    const spanY = (Math.max(mercator(north) - mercator(south), 0.02) * 512) / 360;
    const zoom = Math.min(Math.log2(width / spanX), Math.log2(height / spanY)) - margin;
    return [(west + east) / 2, (south + north) / 2, zoom];
  };
  const same = (a, b) =>
    !!a && !!b && Math.abs(a[0] - b[0]) < 1e-6 && Math.abs(a[1] - b[1]) < 1e-6 && Math.abs(a[2] - b[2]) < 0.006;

  // a reader zoomed: the view is neither the one sent nor the one fitted
  const zoomed = (plot, wanted) => {
    const map = plot._fullLayout && plot._fullLayout.map;
    const now = map && map.center && [map.center.lon, map.center.lat, map.zoom];
    return !!now && !same(now, wanted.sent) && !same(now, plot.tpbisFitted);
  };

  const refit = (plot) => {
    const layout = plot._fullLayout;
    const wanted = layout && layout.meta && layout.meta.fit;
    if (!wanted || !layout.map || !layout._size || !window.Plotly) return;
    if (zoomed(plot, wanted)) return;
    const now = [layout.map.center.lon, layout.map.center.lat, layout.map.zoom];
    const target = view(wanted.bounds, layout._size.w, layout._size.h, wanted.margin);
    plot.tpbisFitted = target;
    if (same(now, target)) {
      plot.dataset.fittedWidth = String(Math.round(layout._size.w)); // the picture fades; tests wait
      return;
    }
    delete plot.dataset.fittedWidth; // the picture shows again until the map is fitted
    // as a reader's zoom is kept, so that plotly keeps the fit through a redraw that can keep it
    (window.Plotly._guiRelayout || window.Plotly.relayout)(plot, {
      "map.center": { lon: target[0], lat: target[1] },
      "map.zoom": target[2],
    });
  };
  // after the event's work is done: a redraw may still reset the view just after it reports
  const later = (plot) => {
    clearTimeout(plot.tpbisTimer);
    plot.tpbisTimer = setTimeout(() => refit(plot), 60);
  };

  const watch = () => {
    for (const plot of document.querySelectorAll(".js-plotly-plot")) {
      if (plot.tpbisWatched || typeof plot.on !== "function") continue;
      plot.tpbisWatched = true;
      for (const event of ["plotly_afterplot", "plotly_react", "plotly_relayout", "plotly_relayouting"]) {
        plot.on(event, () => later(plot));
      }
      later(plot); // it may have been drawn before this script came
    }
  };
  new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
  watch();
}
