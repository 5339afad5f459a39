// Scoring pages: the criteria editor's add/remove rows, and showing HTMX answers that
// refuse (422 invalid input, 409 refused by the state): they carry the message to show
// in place of the fragment.
(function () {
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A sheet (self or cross): points typed but not saved are not what "Nộp…" would submit
  // (it submits the saved draft), so submitting then is stopped with a word on why, and
  // leaving the page asks first. Runs on window, before confirm.js opens its modal.
  var sheet = document.getElementById("sheet-form");
  var submitForm = document.getElementById("confirm-submit");
  if (sheet && submitForm) {
    var dirty = false;
    var warning = document.getElementById("unsaved-warning");
    document.addEventListener("input", function (event) {
      if (event.target.form === sheet) {
        dirty = true;
      }
    });
    window.addEventListener(
      "submit",
      function (event) {
        if (event.target === sheet) {
          dirty = false; // saving: leaving the page is expected
        } else if (event.target === submitForm && dirty) {
          event.preventDefault();
          event.stopImmediatePropagation();
          if (warning) {
            warning.hidden = false;
            warning.focus();
          }
        }
      },
      true
    );
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  var editor = document.getElementById("criteria-editor");
  if (!editor) return;
  var next = Number(editor.dataset.next || "1000");

  function fromTemplate(id, group, row) {
    var html = document.getElementById(id).innerHTML.replace(/__G__/g, group).replace(/__R__/g, row);
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  editor.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button) return;
    var action = button.dataset.action;
    if (action === "add-criterion") {
      var group = button.closest("[data-group]");
      var row = fromTemplate("tpl-criterion", group.dataset.group, next++);
      group.querySelector("[data-rows]").appendChild(row);
      row.querySelector("input").focus();
    } else if (action === "add-group") {
      var g = next++;
      var node = fromTemplate("tpl-group", g, next++);
      document.getElementById("editor-groups").appendChild(node);
      node.querySelector("input").focus();
    } else if (action === "remove") {
      var target = button.closest("[data-removable]");
      if (target) target.remove();
    }
  });
})();
