// The print view (?print=1): open the browser's print dialog once the page (and its images)
// has loaded, and offer a button to open it again. Without JavaScript the page shows a hint
// (Ctrl+P) instead of the button. A file of its own: no inline script (CSP script-src 'self').
(function () {
  "use strict";

  var button = document.querySelector("[data-print-button]");
  var hint = document.querySelector("[data-print-hint]");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }
  if (hint) {
    hint.hidden = true;
  }

  function printOnce() {
    window.print();
  }
  if (document.readyState === "complete") {
    window.setTimeout(printOnce, 0);
  } else {
    window.addEventListener("load", printOnce, { once: true });
  }
})();
