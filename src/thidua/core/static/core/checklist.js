/* ThiDua: filter a long list of checkboxes as one types (accent-insensitive: "quang binh"
   finds "Quảng Bình"). <input data-filter-list="ID"> filters the [data-filter-text] items
   inside #ID; checked items always stay visible. */
(function () {
  "use strict";
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches("[data-filter-list]")) return;
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) return;
    var query = fold(input.value);
    list.querySelectorAll("[data-filter-text]").forEach(function (item) {
      var checked = item.querySelector("input:checked");
      item.hidden = Boolean(query) && !checked && fold(item.getAttribute("data-filter-text")).indexOf(query) === -1;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-filter-list]")) event.preventDefault();
  });
})();
