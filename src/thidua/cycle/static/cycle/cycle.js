// The phase stepper scrolls sideways on phones: bring the current phase into view.
(function () {
  var wrap = document.getElementById("stepper");
  var current = wrap && wrap.querySelector("[aria-current=step]");
  if (wrap && current && wrap.scrollWidth > wrap.clientWidth) {
    wrap.scrollLeft = current.offsetLeft - (wrap.clientWidth - current.offsetWidth) / 2;
  }
})();
