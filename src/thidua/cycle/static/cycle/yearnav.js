/* ThiDua: on a narrow screen the year's navigation scrolls sideways; bring the current
   page's item into view so that it is not hidden past the right edge. */
(function () {
  "use strict";
  document.querySelectorAll(".td-yearnav").forEach(function (nav) {
    var current = nav.querySelector('[aria-current="page"]');
    if (current && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = Math.max(0, current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2);
    }
  });
})();
