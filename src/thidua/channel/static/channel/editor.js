/* The post editor of the information channel: an officer writes as in a word processor
   (a toolbar, Ctrl+B/Ctrl+I, pasting from Word keeps paragraphs, lists and tables) instead
   of typing HTML. Progressive: without this script the form keeps its plain textarea.

   The textarea stays the form's field; the editable area's HTML is copied into it on every
   change. What the editor shows is cleaned here by an allow-list close to the server's
   (nh3, channel/sanitize.py), through an inert document, so that nothing pasted
   or reloaded runs or loads; the server sanitises again whatever it receives. */
(function () {
  "use strict";

  var KEEP = {
    P: [], BR: [], HR: [], H2: [], H3: [], H4: [], STRONG: [], B: [], EM: [], I: [], U: [], S: [], SUB: [], SUP: [],
    BLOCKQUOTE: [], UL: [], OL: ["start"], LI: [], A: ["href", "title"], IMG: ["src", "alt", "width", "height"],
    FIGURE: [], FIGCAPTION: [], TABLE: [], THEAD: [], TBODY: [], TR: [], TH: ["colspan", "rowspan", "scope"],
    TD: ["colspan", "rowspan"], CAPTION: []
  };
  var AS_PARAGRAPH = { DIV: 1, H1: 1, H5: 1, H6: 1, ADDRESS: 1, PRE: 1 };
  var DROP = {
    SCRIPT: 1, STYLE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, TEMPLATE: 1, NOSCRIPT: 1, TEXTAREA: 1, SELECT: 1,
    META: 1, LINK: 1, TITLE: 1, HEAD: 1, BUTTON: 1, INPUT: 1, FORM: 1, SVG: 1, MATH: 1
  };

  function safeUrl(url) {
    var value = (url || "").trim();
    if (/^(https?:|mailto:)/i.test(value)) return true;
    return !/^[a-z][a-z0-9+.\-]*:/i.test(value) && value.indexOf("//") !== 0;
  }

  function copyClean(from, to) {
    Array.prototype.forEach.call(from.childNodes, function (node) {
      if (node.nodeType === 3) {
        to.appendChild(document.createTextNode(node.nodeValue));
        return;
      }
      if (node.nodeType !== 1) return;
      var tag = node.tagName.toUpperCase();
      if (DROP[tag]) return;
      var name = AS_PARAGRAPH[tag] ? "P" : tag;
      if (!KEEP[name]) {
        copyClean(node, to); // unknown wrappers (span, font, o:p…): their content only
        return;
      }
      var element = document.createElement(name.toLowerCase());
      KEEP[name].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value === null) return;
        if ((attribute === "href" || attribute === "src") && !safeUrl(value)) return;
        element.setAttribute(attribute, value);
      });
      copyClean(node, element);
      to.appendChild(element);
    });
  }

  // Chrome reports the style="" and on*= attributes of any HTML parsed in the page, even
  // in an inert document where nothing applies or runs; dropped first, the console stays
  // quiet. Not the safety: whatever this misses is still parsed inertly and allow-listed.
  var INLINE_CODE = /\s(?:style|on[a-z]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;

  function withoutInlineCode(html) {
    return html.replace(INLINE_CODE, "");
  }

  function cleanFragment(html) {
    // A document without a browsing context: nothing in it runs, loads, or is checked
    // against the page's Content-Security-Policy (a DOMParser document would report the
    // pasted style="" and on*= attributes as violations, though never applying them).
    var inert = document.implementation.createHTMLDocument("");
    inert.body.innerHTML = withoutInlineCode(html || "");
    var fragment = document.createDocumentFragment();
    copyClean(inert.body, fragment);
    return fragment;
  }

  function cleanHtml(html) {
    var holder = document.createElement("div");
    holder.appendChild(cleanFragment(html));
    // the empty paragraphs the editing leaves (the caret's <p><br></p>) are not saved
    return holder.innerHTML.replace(/<p>(?:\s|<br>)*<\/p>/g, "");
  }

  function setUp(textarea) {
    var root = textarea.closest("[data-rich-editor]");
    var toolbar = root.querySelector("[data-editor-toolbar]");
    var area = root.querySelector("[data-editor-area]");
    var sourceButton = root.querySelector('[data-command="source"]');
    var showingSource = false;

    area.appendChild(cleanFragment(textarea.value));
    if (!area.innerHTML.trim()) area.innerHTML = "<p><br></p>";
    textarea.hidden = true;
    toolbar.hidden = false;
    area.hidden = false;

    function sync() {
      if (!showingSource) textarea.value = cleanHtml(area.innerHTML);
    }

    function run(command, value) {
      area.focus();
      document.execCommand("defaultParagraphSeparator", false, "p");
      document.execCommand(command, false, value || null);
      sync();
    }

    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-command]");
      if (!button) return;
      event.preventDefault();
      var command = button.getAttribute("data-command");
      if (command === "source") {
        showingSource = !showingSource;
        if (showingSource) {
          textarea.value = cleanHtml(area.innerHTML);
        } else {
          area.innerHTML = "";
          area.appendChild(cleanFragment(textarea.value));
        }
        textarea.hidden = !showingSource;
        area.hidden = showingSource;
        button.setAttribute("aria-pressed", showingSource ? "true" : "false");
        Array.prototype.forEach.call(toolbar.querySelectorAll("button[data-command]"), function (other) {
          if (other !== sourceButton) other.disabled = showingSource;
        });
        (showingSource ? textarea : area).focus();
        return;
      }
      if (command === "createLink") {
        var url = window.prompt(button.getAttribute("data-prompt") || "URL", "https://");
        if (!url || url === "https://") return;
        if (!safeUrl(url)) {
          window.alert(button.getAttribute("data-refused") || "");
          return;
        }
        run("createLink", url.trim());
        return;
      }
      if (command === "removeFormat") {
        run("removeFormat");
        run("unlink");
        return;
      }
      run(command, button.getAttribute("data-value"));
    });

    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    area.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) return;
      var html = data.getData("text/html");
      event.preventDefault();
      if (html) {
        document.execCommand("insertHTML", false, cleanHtml(html));
      } else {
        document.execCommand("insertText", false, data.getData("text/plain"));
      }
      sync();
    });
    area.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        sync();
        if (textarea.form) textarea.form.requestSubmit();
      }
    });
    if (textarea.form) textarea.form.addEventListener("submit", sync);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof document.execCommand !== "function" || !document.implementation) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-rich-editor] textarea"), setUp);
  });
})();
