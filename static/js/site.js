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
