// The browser's own form checks, in Vietnamese, for every form on the site (static/js/forms.js).
//
// Chromium writes its validation bubbles ("Please fill out this field", "Choose File") in the
// language of the browser, not of the page. This script listens at the document, so any form,
// including one added later or swapped in by htmx, gets it without wiring of its own:
// - an `invalid` event (captured: it does not bubble) sets the site's message for the control's
//   validity state with setCustomValidity; typing or choosing (`input`, `change`) clears it;
// - a form marked `novalidate` (so that, without this script, the server's Vietnamese messages
//   beside each field are all a reader sees, never a bubble in the browser's language) is
//   checked here before it is sent, unless the button pressed says `formnovalidate`;
// - every `<input type="file">` gets a visible "Chọn tệp" button and a status in Vietnamese
//   ("Chưa chọn tệp", the file's name) over the native control, which stays focusable and
//   clickable; `::file-selector-button` can be styled but its text cannot be changed.
// A control's `data-msg-<state>` attribute (data-msg-value-missing, data-msg-pattern-mismatch,
// data-msg-too-long…) overrides the general message; templates/admin/_field.html fills them from
// the form's own validator messages, so bubble and server say the same words.
(function () {
  "use strict";

  var STATES = [
    "valueMissing", "typeMismatch", "patternMismatch", "tooLong", "tooShort",
    "rangeUnderflow", "rangeOverflow", "stepMismatch", "badInput"
  ];
  // Controls whose custom message is ours (and may be cleared), not another script's.
  var ours = new WeakSet();

  function dateText(value) {
    // "2026-12-25" or "2026-12-25T08:30" as Vietnamese write it: 25/12/2026 08:30.
    var match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(value || "");
    if (!match) {
      return value;
    }
    return match[3] + "/" + match[2] + "/" + match[1] + (match[4] ? " " + match[4] : "");
  }

  function isDateLike(el) {
    return ["date", "datetime-local", "month", "week", "time"].indexOf(el.type) !== -1;
  }

  function missingMessage(el) {
    if (el.type === "checkbox") {
      return "Hãy đánh dấu vào ô này để tiếp tục.";
    }
    if (el.type === "radio") {
      return "Hãy chọn một trong các lựa chọn này.";
    }
    if (el.type === "file") {
      return el.multiple ? "Hãy chọn ít nhất một tệp." : "Hãy chọn một tệp.";
    }
    if (el.tagName === "SELECT") {
      return "Hãy chọn một mục trong danh sách.";
    }
    if (isDateLike(el)) {
      return "Hãy nhập ngày (ngày/tháng/năm).";
    }
    return "Hãy điền vào ô này.";
  }

  function generalMessage(el, state) {
    var length = (el.value || "").length;
    switch (state) {
      case "valueMissing":
        return missingMessage(el);
      case "typeMismatch":
        if (el.type === "email") {
          return "Hãy nhập một địa chỉ email hợp lệ (ví dụ: ten@example.com).";
        }
        if (el.type === "url") {
          return "Hãy nhập một địa chỉ web đầy đủ, bắt đầu bằng http:// hoặc https://.";
        }
        return "Giá trị chưa đúng kiểu được yêu cầu.";
      case "patternMismatch":
        return el.title ? "Hãy nhập đúng định dạng: " + el.title : "Hãy nhập đúng định dạng được yêu cầu.";
      case "tooLong":
        return "Hãy rút ngắn còn tối đa " + el.maxLength + " ký tự (hiện có " + length + " ký tự).";
      case "tooShort":
        return "Hãy nhập ít nhất " + el.minLength + " ký tự (hiện có " + length + " ký tự).";
      case "rangeUnderflow":
        return isDateLike(el) ? "Hãy chọn thời điểm từ " + dateText(el.min) + " trở đi."
          : "Giá trị phải lớn hơn hoặc bằng " + el.min + ".";
      case "rangeOverflow":
        return isDateLike(el) ? "Hãy chọn thời điểm không muộn hơn " + dateText(el.max) + "."
          : "Giá trị phải nhỏ hơn hoặc bằng " + el.max + ".";
      case "stepMismatch":
        return "Giá trị không hợp lệ: hãy nhập một giá trị theo bước " + (el.step || 1) + ".";
      case "badInput":
        if (el.type === "number") {
          return "Hãy nhập một số.";
        }
        if (el.type === "datetime-local") {
          return "Hãy nhập ngày giờ đầy đủ và hợp lệ (ngày/tháng/năm giờ:phút).";
        }
        return isDateLike(el) ? "Hãy nhập một ngày hợp lệ (ngày/tháng/năm)." : "Giá trị không hợp lệ.";
    }
    return "Giá trị không hợp lệ.";
  }

  // The message for the first failing state: the control's own data-msg-… first.
  function messageFor(el) {
    for (var i = 0; i < STATES.length; i++) {
      var state = STATES[i];
      if (el.validity[state]) {
        var own = el.getAttribute("data-msg-" + state.replace(/[A-Z]/g, function (letter) {
          return "-" + letter.toLowerCase();
        }));
        return own || generalMessage(el, state);
      }
    }
    return "";
  }

  function clear(el) {
    if (ours.has(el)) {
      el.setCustomValidity("");
      ours.delete(el);
    }
  }

  document.addEventListener("invalid", function (event) {
    var el = event.target;
    if (!el.setCustomValidity || (el.validity.customError && !ours.has(el))) {
      return;  // another script's own message stays
    }
    clear(el);  // read the browser's states without our last message
    var message = messageFor(el);
    if (message) {
      el.setCustomValidity(message);
      ours.add(el);
    }
  }, true);

  // Typing or choosing clears our message; choosing one radio answers for its whole group.
  function clearGroup(event) {
    var el = event.target;
    if (el.type === "radio" && el.name) {
      var selector = 'input[type="radio"][name="' + CSS.escape(el.name) + '"]';
      (el.form || document).querySelectorAll(selector).forEach(clear);
    } else if (el.setCustomValidity) {
      clear(el);
    }
  }
  document.addEventListener("input", clearGroup, true);
  document.addEventListener("change", clearGroup, true);

  // A `novalidate` form is checked here (the bubble then says our words); the event stops
  // before htmx or the browser sends anything.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!form.noValidate || (submitter && submitter.formNoValidate)) {
      return;
    }
    if (!form.reportValidity()) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // File inputs: a Vietnamese button and status drawn over the native control.
  document.documentElement.classList.add("js-forms");

  function fileStatus(input) {
    var files = input.files;
    if (!files || files.length === 0) {
      return "Chưa chọn tệp";
    }
    return files.length === 1 ? files[0].name : "Đã chọn " + files.length + " tệp";
  }

  function showStatus(input) {
    var control = input.closest(".file-control");
    var status = control && control.querySelector(".file-control__status");
    if (status) {
      status.textContent = fileStatus(input);
    }
  }

  function enhance(input) {
    if (input.closest(".file-control")) {
      return;
    }
    var control = document.createElement("span");
    control.className = "file-control";
    var pick = document.createElement("span");
    pick.className = "file-control__pick";
    var button = document.createElement("span");
    button.className = "file-control__button";
    button.setAttribute("aria-hidden", "true");
    button.textContent = input.multiple ? "Chọn các tệp" : "Chọn tệp";
    var status = document.createElement("span");
    status.className = "file-control__status";
    status.id = (input.id || input.name || "tep") + "-trang-thai";
    status.textContent = fileStatus(input);
    input.parentNode.insertBefore(control, input);
    pick.append(input, button);
    control.append(pick, status);
    // Screen readers hear the Vietnamese status too, after the field's own description.
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", described ? described + " " + status.id : status.id);
  }

  function enhanceAll(root) {
    if (root.querySelectorAll) {
      root.querySelectorAll('input[type="file"]').forEach(enhance);
    }
    if (root.matches && root.matches('input[type="file"]')) {
      enhance(root);
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.type === "file") {
      showStatus(event.target);
    }
  });
  document.addEventListener("reset", function (event) {
    var form = event.target;
    setTimeout(function () {  // the form's values are reset after the event
      form.querySelectorAll('input[type="file"]').forEach(showStatus);
    }, 0);
  });

  enhanceAll(document);
  // Forms that htmx (or any script) adds later get their file controls too.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(enhanceAll);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
