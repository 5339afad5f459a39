// The ballot is sent once: the button is disabled on the first submit (the server refuses a
// second ballot anyway: "Đơn vị của bạn đã bỏ phiếu"). Approval ballots cannot check more
// boxes than allowed.
document.querySelectorAll("form.td-once").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  });
});
document.querySelectorAll("form.td-choose").forEach(function (form) {
  var max = parseInt(form.dataset.max || "0", 10);
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked || !max) { return; }
    if (form.querySelectorAll("input[type=checkbox]:checked").length > max) { box.checked = false; }
  });
});
