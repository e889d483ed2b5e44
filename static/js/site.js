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

// A page served from a shared cache shows every resident the same rating block, without a
// vote. A visitor who has voted before (the voter cookie is out of scripts' reach; the
// danvan_voted marker beside it says only that it exists) gets their own block — their stars,
// "Rút lại" — from the server, which reads the cookie (rating/views.py: own_vote).
(function () {
  "use strict";

  var shared = document.querySelector("#danh-gia[data-own-vote]");
  if (!shared || !window.htmx || !/(?:^|;\s*)danvan_voted=1(?:;|$)/.test(document.cookie)) {
    return;
  }
  // After htmx has set itself up (its own DOMContentLoaded listener was added first).
  document.addEventListener("DOMContentLoaded", function () {
    window.htmx.ajax("GET", shared.dataset.ownVote, { target: "#danh-gia", swap: "outerMorph" });
  });
})();

// The share bar under an article (templates/site/_share.html): "Sao chép liên kết" copies the
// article's address, "Chia sẻ qua ứng dụng" opens the device's share sheet (Zalo among its
// choices on a phone). Both stay hidden without JavaScript, or where the browser cannot do it.
// The address in the page may be a path (no DANVAN_SITE_URL): it is resolved against the page.
(function () {
  "use strict";

  var bar = document.querySelector("[data-share]");
  if (!bar) {
    return;
  }
  var status = bar.querySelector("[data-share-status]");

  function announce(text) {
    // Emptied first, so the same message said twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function absolute(address) {
    return new URL(address, window.location.href).href;
  }

  function copyWithSelection(text) {
    // Plain-HTTP sites have no Clipboard API (it needs a secure context).
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "visually-hidden";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    field.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  var copy = bar.querySelector("[data-copy-url]");
  if (copy) {
    // Shown wherever JavaScript runs: if the browser refuses both ways of copying, the
    // announcement gives the address to copy by hand.
    copy.closest("[data-share-copy]").hidden = false;
    copy.addEventListener("click", function () {
      var address = absolute(copy.dataset.copyUrl);
      var done = navigator.clipboard
        ? navigator.clipboard.writeText(address).catch(function () {
            return copyWithSelection(address);
          })
        : copyWithSelection(address);
      done.then(
        function () {
          announce("Đã sao chép liên kết");
        },
        function () {
          announce("Không sao chép được. Liên kết bài viết: " + address);
        }
      );
    });
  }

  var native = bar.querySelector("[data-share-url]");
  if (native && typeof navigator.share === "function") {
    native.closest("[data-share-native]").hidden = false;
    native.addEventListener("click", function () {
      navigator
        .share({ title: native.dataset.shareTitle, url: absolute(native.dataset.shareUrl) })
        .catch(function () {
          // Closing the share sheet is not an error worth telling.
        });
    });
  }
})();
