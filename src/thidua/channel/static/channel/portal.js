/* The public portal's text size (A- A A+): a class on <html>, remembered in localStorage
   (no cookie). Loaded in <head>, so the remembered size applies before the page paints. */
(function () {
  "use strict";
  var KEY = "td-text-size", MIN = -2, MAX = 3, root = document.documentElement;
  function read() {
    try { var n = parseInt(window.localStorage.getItem(KEY) || "0", 10); return isNaN(n) ? 0 : Math.max(MIN, Math.min(MAX, n)); }
    catch (e) { return 0; }
  }
  function apply(n) {
    for (var i = MIN; i <= MAX; i++) { root.classList.remove("td-size-" + String(i).replace("-", "m")); }
    root.classList.add("td-size-" + String(n).replace("-", "m"));
    var buttons = document.querySelectorAll("[data-text-size]");
    for (var j = 0; j < buttons.length; j++) {
      var b = buttons[j], step = b.getAttribute("data-text-size");
      b.setAttribute("aria-pressed", step === "0" && n === 0 ? "true" : "false");
      if (step === "-1") { b.disabled = n <= MIN; }
      if (step === "1") { b.disabled = n >= MAX; }
    }
    var status = document.getElementById("td-size-status");
    if (status) { status.textContent = status.getAttribute("data-template").replace("{n}", String(100 + 12.5 * n)); }
  }
  function set(n) {
    n = Math.max(MIN, Math.min(MAX, n));
    try { window.localStorage.setItem(KEY, String(n)); } catch (e) { /* private mode: for this page only */ }
    apply(n);
  }
  apply(read());
  document.addEventListener("DOMContentLoaded", function () {
    apply(read());
    document.addEventListener("click", function (event) {
      var b = event.target.closest("[data-text-size]");
      if (!b) { return; }
      var step = parseInt(b.getAttribute("data-text-size"), 10);
      set(step === 0 ? 0 : read() + step);
    });
  });
})();
