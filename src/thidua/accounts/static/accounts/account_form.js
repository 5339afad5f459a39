// Suggest the user name from the e-mail address while the user name has not been typed.
(function () {
  "use strict";
  var email = document.getElementById("id_email");
  var username = document.getElementById("id_username");
  if (!email || !username) return;
  var touched = username.value !== "";
  username.addEventListener("input", function () { touched = username.value !== ""; });
  function suggest(address) {
    var local = address.split("@")[0] || "";
    return local.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase().replace(/[^a-z0-9._-]+/g, "").replace(/^[._-]+|[._-]+$/g, "").slice(0, 140);
  }
  email.addEventListener("input", function () {
    if (!touched) username.placeholder = suggest(email.value);
  });
})();
