// The article editor's "Chèn ảnh": put an uploaded image's Markdown, ![mô tả](/uploads/…), where
// the cursor is in the body, then let the live preview (htmx, on "input") show it. Without this
// script the buttons stay hidden (site.css) and the upload's snippet is there to copy.
(function () {
  "use strict";

  var body = document.querySelector("textarea.editor__body");
  if (!body) {
    return;
  }
  var PLACEHOLDER = "Mô tả ảnh";
  document.documentElement.classList.add("image-insert-ready");

  // Markdown ends the description at "]": escape it, its opener and the escape character.
  function markdownText(text) {
    return text.replace(/\s+/g, " ").trim().replace(/([\\[\]])/g, "\\$1");
  }

  function insert(url, description) {
    var start = body.selectionStart;
    var label = markdownText(description || "") || PLACEHOLDER;
    body.setRangeText("![" + label + "](" + url + ")", start, body.selectionEnd, "end");
    body.focus();
    if (label === PLACEHOLDER) {
      // Selected, so the words typed next replace it.
      body.setSelectionRange(start + 2, start + 2 + label.length);
    }
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest("[data-insert-image], [data-open-picker], [data-close-picker]");
    if (!control) {
      return;
    }
    var picker = control.closest("dialog");
    if (control.hasAttribute("data-open-picker")) {
      document.getElementById(control.getAttribute("data-open-picker")).showModal();
    } else if (control.hasAttribute("data-close-picker")) {
      if (picker) {
        picker.close();
      }
      // A link to the upload form goes on to it; the "Đóng" button just closes.
    } else {
      var description = "";
      if (picker) {
        var field = picker.querySelector('input[type="text"]');
        description = field.value;
        field.value = "";
        picker.close();
      }
      insert(control.getAttribute("data-insert-image"), description);
    }
  });
})();
