/* ThiDua: the membership editor (rows of unit + role). Adding rows is done by htmx
   (unit_search returns a row); this file removes rows and keeps the search box tidy. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (!button) return;
    var row = button.closest(".td-member-row");
    if (row) row.remove();
    var search = document.getElementById("unit-q");
    if (search) search.focus();
  });
  // Enter in the search box searches; it must not submit the membership form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-no-submit]")) event.preventDefault();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "member-rows") return;
    var results = document.getElementById("unit-results");
    if (results) results.innerHTML = "";
    var search = document.getElementById("unit-q");
    if (search) { search.value = ""; search.focus(); }
  });
})();
