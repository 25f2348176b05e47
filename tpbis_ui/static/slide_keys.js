// Presentation clickers and the keyboard step the slides: they click the page's own buttons.
// Added once per browser tab; acts only while presenter mode shows the slide buttons.
if (!window.tpbisSlideKeys) {
  window.tpbisSlideKeys = true;
  const steps = {ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous"};
  document.addEventListener("keydown", (event) => {
    const step = steps[event.key];
    const target = event.target;
    if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (!document.querySelector(".st-key-presenter-exit")) return;
    const button = document.querySelector(`.st-key-${step} button`);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
}
