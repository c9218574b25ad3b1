// 适老化/无障碍 modes: 大字版, 高对比度, 纯文本. Each is a class on <html> that style.css styles for
// the screen only (never print). Loaded without defer in <head> so a remembered mode applies before the
// first paint; the toolbar's buttons are wired once the page is parsed. Without script the buttons stay
// hidden and the site follows the browser's zoom, prefers-contrast and prefers-reduced-motion.
(function () {
  "use strict";
  var KEY = "gongkai-a11y";
  var MODES = ["large", "contrast", "text"];
  var root = document.documentElement;

  function remembered() {
    var saved = "";
    try { saved = window.localStorage.getItem(KEY) || ""; } catch (e) { /* storage blocked: modes last for this page only */ }
    return saved.split(" ").filter(function (mode) { return MODES.indexOf(mode) >= 0; });
  }
  function remember(modes) {
    try {
      if (modes.length) { window.localStorage.setItem(KEY, modes.join(" ")); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage blocked */ }
  }
  function apply(modes) {
    MODES.forEach(function (mode) { root.classList.toggle("mode-" + mode, modes.indexOf(mode) >= 0); });
  }
  function active() {
    return MODES.filter(function (mode) { return root.classList.contains("mode-" + mode); });
  }

  apply(remembered());

  // The toolbar's toggle buttons say whether their mode is on.
  function showPressed() {
    var bar = document.getElementById("a11y-bar");
    if (!bar) { return; }
    Array.prototype.forEach.call(bar.querySelectorAll("button[aria-pressed]"), function (button) {
      button.setAttribute("aria-pressed", root.classList.contains("mode-" + button.getAttribute("data-mode")) ? "true" : "false");
    });
  }
  function wire() {
    var bar = document.getElementById("a11y-bar");
    if (!bar) { return; }
    Array.prototype.forEach.call(bar.querySelectorAll("button[data-mode]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var mode = button.getAttribute("data-mode");
        var modes = active();
        if (mode === "reset") {
          modes = [];
        } else if (modes.indexOf(mode) >= 0) {
          modes = modes.filter(function (m) { return m !== mode; });
        } else {
          modes.push(mode);
        }
        apply(modes);
        remember(active());
        showPressed();
      });
    });
    Array.prototype.forEach.call(bar.querySelectorAll(".a11y-hint"), function (hint) { hint.hidden = true; });
    showPressed();
  }
  // Another tab changed the modes: follow it, so every open page of the site looks the same.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) { apply(remembered()); showPressed(); }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wire); } else { wire(); }
})();
