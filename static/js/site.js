// Site-wide behaviour that HTMX does not do by itself. No inline script anywhere: the
// Content-Security-Policy allows only files from this site.
(function () {
  "use strict";

  // HTMX requests that are not form submissions (buttons, polls) carry the CSRF token of the
  // page in the X-CSRFToken header, which Flask-WTF checks like the hidden form field.
  document.addEventListener("htmx:config:request", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && event.detail && event.detail.ctx) {
      event.detail.ctx.request.headers["X-CSRFToken"] = meta.content;
    }
  });
})();

// The rating widget after HTMX morphs in the server's answer (data-hx-swap="outerMorph").
// A morph copies attributes, not the live state of inputs, and the withdraw button the visitor
// pressed may be gone: make the radios show the stored vote and keep focus inside the widget.
(function () {
  "use strict";

  document.addEventListener("htmx:after:swap", function () {
    var widget = document.getElementById("danh-gia");
    if (!widget) {
      return;
    }
    widget.querySelectorAll('input[name="stars"]').forEach(function (radio) {
      radio.checked = radio.defaultChecked;
    });
    if (!widget.contains(document.activeElement)) {
      var submit = document.getElementById("danh-gia-gui");
      if (submit) {
        submit.focus({ preventScroll: true });
      }
    }
  });
})();
