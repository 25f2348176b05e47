// Every page's own script (with slide_keys.js and map_fit.js, in one script element: frame.document).
// `page` is {lang: "id" | "en", focus: a widget's class or null}, set by the server.
document.documentElement.lang = page.lang;  // screen readers and translators read the language

// After a drill-down pick the next run shows the next picker: keyboard users go on there.
// Waits until the picker is drawn, and puts the focus back while the run redraws it (for 5 s
// after); leaves the focus alone once it has moved somewhere else or a newer run has come.
const focusRequest = (window.tpbisFocusRequest || 0) + 1;
window.tpbisFocusRequest = focusRequest;
if (page.focus) {
  const wanted = `.${CSS.escape(page.focus)} input, .${CSS.escape(page.focus)} button`;
  const started = Date.now(), before = document.activeElement;
  let focusedAt = 0;
  const tryFocus = () => {
    const now = document.activeElement, target = document.querySelector(wanted);
    if (window.tpbisFocusRequest !== focusRequest) return;  // a newer pick asks for its own
    if (now && now !== before && now !== document.body && now !== target) return;  // moved on
    if (target && now !== target) {
      target.focus();
      focusedAt = focusedAt || Date.now();
    }
    if (focusedAt ? Date.now() - focusedAt < 5000 : Date.now() - started < 15000) setTimeout(tryFocus, 100);
  };
  tryFocus();
}
