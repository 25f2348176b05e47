// Every page's own script (with slide_keys.js, in one script element: see frame.document).
// `page` is {lang: "id" | "en", focus: a widget's class or null}, set by the server.
document.documentElement.lang = page.lang;  // screen readers and translators read the language

// After a drill-down pick the next run shows the next picker: keyboard users go on there.
// Waits until the picker is drawn; leaves the focus alone if it has moved somewhere meanwhile.
if (page.focus) {
  const wanted = `.${CSS.escape(page.focus)} input, .${CSS.escape(page.focus)} button`;
  const started = Date.now(), before = document.activeElement;
  const tryFocus = () => {
    const now = document.activeElement;
    const moved = now && now !== before && now !== document.body;
    const target = document.querySelector(wanted);
    if (target && !moved) target.focus();
    else if (!target && !moved && Date.now() - started < 15000) setTimeout(tryFocus, 100);
  };
  tryFocus();
}
