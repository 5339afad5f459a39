/* ThiDua: confirm an irreversible act before its form is sent (decision 0012).
   A form marked data-confirm="what will happen" (with data-confirm-title, -details (one
   consequence a line), -notified, -button, -cancel, -danger; see core/templatetags/confirm.py)
   opens a modal with those words; "Xác nhận" sends the form with confirmed=1, which the
   server requires. Without this script the server shows the same words on a page. */
(function () {
  "use strict";
  var modal, pending;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function build() {
    var root = el("div", "modal fade");
    root.id = "td-confirm";
    root.tabIndex = -1;
    root.setAttribute("aria-labelledby", "td-confirm-title");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("role", "dialog");
    root.innerHTML =
      '<div class="modal-dialog modal-dialog-centered"><div class="modal-content">' +
      '<div class="modal-header"><h2 class="modal-title h5" id="td-confirm-title"></h2></div>' +
      '<div class="modal-body"><p class="td-confirm-what mb-2"></p><ul class="td-confirm-details mb-2"></ul>' +
      '<p class="td-confirm-notified small text-muted mb-0"></p></div>' +
      '<div class="modal-footer"><button type="button" class="btn btn-outline-secondary td-confirm-cancel" data-bs-dismiss="modal"></button>' +
      '<button type="button" class="btn td-confirm-ok"></button></div></div></div>';
    document.body.appendChild(root);
    root.querySelector(".td-confirm-ok").addEventListener("click", function () {
      if (!pending) return;
      var form = pending.form, submitter = pending.submitter;
      var input = form.querySelector('input[name="confirmed"]');
      if (!input) {
        input = el("input");
        input.type = "hidden";
        input.name = "confirmed";
        input.setAttribute("data-td-confirmed", "");
        form.appendChild(input);
      }
      input.value = "1";
      pending = null;
      this.disabled = true;
      if (form.requestSubmit) form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      else form.submit();
    });
    root.addEventListener("hidden.bs.modal", function () {
      pending = null;
    });
    return root;
  }

  function show(form, submitter) {
    if (!modal) modal = build();
    var data = form.dataset;
    modal.querySelector("#td-confirm-title").textContent = data.confirmTitle || data.confirmButton || "";
    modal.querySelector(".td-confirm-what").textContent = data.confirm;
    var list = modal.querySelector(".td-confirm-details");
    list.textContent = "";
    (data.confirmDetails || "").split("\n").forEach(function (line) {
      if (line) list.appendChild(el("li", "", line));
    });
    list.hidden = !list.children.length;
    var notified = modal.querySelector(".td-confirm-notified");
    notified.textContent = data.confirmNotified || "";
    notified.hidden = !data.confirmNotified;
    var ok = modal.querySelector(".td-confirm-ok");
    ok.textContent = data.confirmButton || "OK";
    ok.className = "btn td-confirm-ok " + (data.confirmDanger ? "btn-danger" : "btn-primary");
    ok.disabled = false;
    modal.querySelector(".td-confirm-cancel").textContent = data.confirmCancel || "Cancel";
    pending = { form: form, submitter: submitter };
    window.bootstrap.Modal.getOrCreateInstance(modal).show();
  }

  // Back to a page kept in the browser's cache: its forms must ask again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("input[data-td-confirmed]").forEach(function (input) {
      input.remove();
    });
    if (modal) modal.querySelector(".td-confirm-ok").disabled = false;
  });

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
      // a button that only looks (a preview in a new tab, formmethod="get") asks nothing
      if (event.submitter && event.submitter.hasAttribute("data-no-confirm")) return;
      var input = form.querySelector('input[name="confirmed"]');
      if (input && input.value === "1") return; // confirmed in the modal: let it go
      if (!window.bootstrap || !window.bootstrap.Modal) return; // the server will ask instead
      if (!form.checkValidity()) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      show(form, event.submitter);
    },
    true
  );
})();
