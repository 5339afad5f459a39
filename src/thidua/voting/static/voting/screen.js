/* ThiDua: the room screen's "Toàn màn hình" button (the Fullscreen API; the page's
   Permissions-Policy leaves fullscreen to the page itself). Hidden where the browser
   cannot do it; its label follows the state (Esc also leaves full screen). */
(function () {
  "use strict";
  var button = document.getElementById("td-fullscreen");
  var root = document.documentElement;
  if (!button || !document.fullscreenEnabled || !root.requestFullscreen) return;
  button.hidden = false;
  function label() {
    var full = Boolean(document.fullscreenElement);
    button.textContent = full ? button.dataset.leave : button.dataset.enter;
    button.setAttribute("aria-pressed", full ? "true" : "false");
    document.body.classList.toggle("td-is-fullscreen", full);
  }
  button.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else root.requestFullscreen().catch(function () {});
  });
  document.addEventListener("fullscreenchange", label);
  label();
})();
