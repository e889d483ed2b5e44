// The idle-session prompt of staff pages (templates/session/_prompt.html).
// The server owns the session: it sends an absolute deadline, and this file only shows it.
// Time left is always deadline minus the clock, never a count of timer ticks (background tabs
// throttle timers and laptops sleep). Tabs share extensions and sign-outs.
(function () {
  "use strict";

  var CHANNEL = "danvan-staff-session";
  var ANNOUNCE_EVERY_MS = 20000;

  var channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL) : null;

  function tellOtherTabs(message) {
    message.sentAt = Date.now();
    if (channel) {
      channel.postMessage(message);
      return;
    }
    try {  // fallback: other tabs get a "storage" event for the write
      localStorage.setItem(CHANNEL, JSON.stringify(message));
      localStorage.removeItem(CHANNEL);
    } catch (error) { /* storage disabled: each tab still asks the server itself */ }
  }

  function onOtherTabs(handler) {
    if (channel) channel.addEventListener("message", function (event) { handler(event.data); });
    window.addEventListener("storage", function (event) {
      if (event.key !== CHANNEL || !event.newValue) return;
      try { handler(JSON.parse(event.newValue)); } catch (error) { /* not ours */ }
    });
  }

  // The signed-out page tells every other tab that this sign-in is over, and why.
  var ended = document.querySelector("[data-session-ended]");
  if (ended) tellOtherTabs({ type: "signed-out", reason: ended.getAttribute("data-session-ended") });

  var prompt = document.getElementById("session-prompt");
  if (!prompt) return;

  var dialog = prompt.querySelector("dialog");
  var keepButton = prompt.querySelector("[data-session-keep]");
  var secondsText = prompt.querySelector("[data-session-seconds]");
  var announcer = prompt.querySelector("[data-session-announce]");
  var cappedNote = prompt.querySelector("[data-session-capped]");
  var warningMs = Number(prompt.dataset.warning) * 1000;
  var activityMs = Number(prompt.dataset.activity) * 1000;
  var statusUrl = prompt.dataset.statusUrl;
  var keepaliveUrl = prompt.dataset.keepaliveUrl;
  var loginUrl = prompt.dataset.loginUrl;
  var pageTitle = document.title;

  var deadline = 0;            // when the session ends, on this browser's clock (ms)
  var warningShown = false;    // the server said "within the warning"
  var warnCheckedFor = 0;      // the deadline we already re-checked before warning
  var finalCheckFor = 0;       // the deadline we already re-checked at zero
  var lastExtension = Date.now();
  var lastAnnounce = 0;
  var returnFocus = null;
  var leaving = false;

  function signedOutUrl(reason) {
    return loginUrl + "?reason=" + encodeURIComponent(reason);
  }

  function leave(url, reason) {
    if (leaving) return;
    leaving = true;
    tellOtherTabs({ type: "signed-out", reason: reason });
    location.replace(url);
  }

  // A 401 means the server ended the session: go where it says (it knows why when the cookie
  // still named the session); otherwise say the reason this tab was given.
  function leaveAfter401(redirect, fallbackReason) {
    var reason = /[?&]reason=([a-z_]+)/.exec(redirect || "");
    if (reason) leave(redirect, reason[1]);
    else leave(fallbackReason ? signedOutUrl(fallbackReason) : (redirect || loginUrl), fallbackReason || "signed_out");
  }

  // --- state from the server ------------------------------------------------------------------

  function adoptHtml(html) {
    var root = new DOMParser().parseFromString(html, "text/html").getElementById("session-prompt");
    if (root) adopt(root);
  }

  function adopt(root) {
    var serverDeadline = Number(root.dataset.deadline);
    var serverNow = Number(root.dataset.serverNow);
    // Keep the time left that the server measured; our clock may differ from its clock.
    setDeadline(Date.now() + (serverDeadline - serverNow), root.dataset.endsAt);
    cappedNote.hidden = root.dataset.capped !== "true";
    warningShown = root.dataset.state === "warning";
    if (warningShown) {
      if (!document.hidden) openPrompt();  // a hidden tab asks again when it becomes visible
    } else {
      closePrompt();
    }
    tick();
  }

  function setDeadline(value, endsAt) {
    deadline = value;
    if (endsAt) {
      document.querySelectorAll("[data-session-ends-at]").forEach(function (element) {
        element.textContent = endsAt;
      });
    }
  }

  function request(method, url, fallbackReason) {
    var headers = { "HX-Request": "true" };
    var token = document.querySelector('meta[name="csrf-token"]');
    if (method === "POST" && token) headers["X-CSRFToken"] = token.content;
    return fetch(url, { method: method, headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) {
          leaveAfter401(response.headers.get("HX-Redirect"), fallbackReason);
          return false;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text().then(function (html) {
          adoptHtml(html);
          if (method === "POST") extended();
          return true;
        });
      });
  }

  function checkServer(fallbackReason) {
    return request("GET", statusUrl, fallbackReason).catch(function () { return null; });
  }

  function extended() {
    lastExtension = Date.now();
    tellOtherTabs({ type: "extended", deadline: deadline, endsAt: endsAtText() });
  }

  function endsAtText() {
    var element = document.querySelector("[data-session-ends-at]");
    return element ? element.textContent : "";
  }

  // --- the dialog -----------------------------------------------------------------------------

  function openPrompt() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
    keepButton.focus();
    // Speak about a second after opening, once the screen reader has read the dialog itself.
    lastAnnounce = Date.now() - ANNOUNCE_EVERY_MS + 1000;
    render();
  }

  function closePrompt() {
    warningShown = false;
    document.title = pageTitle;
    if (!dialog.open) return;
    dialog.close();
    announcer.textContent = "";
    if (returnFocus && returnFocus.isConnected && typeof returnFocus.focus === "function") {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  }

  function render() {
    var seconds = secondsLeft();
    secondsText.textContent = String(seconds);
    var clock = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    document.title = "(" + clock + ") " + pageTitle;
    // The visible number is aria-hidden; a polite live region speaks on open, then every 20 s.
    if (Date.now() - lastAnnounce >= ANNOUNCE_EVERY_MS) {
      lastAnnounce = Date.now();
      announcer.textContent = "Phiên đăng nhập sẽ kết thúc sau " + seconds +
        " giây vì không hoạt động. Bấm nút để duy trì trạng thái đăng nhập.";
    }
  }

  function tick() {
    if (leaving || !deadline) return;
    var left = deadline - Date.now();
    if (dialog.open) render();
    if (left <= 0) {
      // At zero, ask the server once more: another tab or device may have extended it.
      if (finalCheckFor !== deadline) {
        finalCheckFor = deadline;
        request("GET", statusUrl, "idle").catch(function () { leave(signedOutUrl("idle"), "idle"); });
      }
    } else if (left <= warningMs && !dialog.open && warnCheckedFor !== deadline) {
      // Re-check before warning, so a stale tab never warns about an extended session.
      warnCheckedFor = deadline;
      checkServer();
    }
  }

  function keepAlive() {
    return request("POST", keepaliveUrl, "idle").catch(function () { return null; });
  }

  // Escape means "stay signed in".
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    keepButton.click();
  });

  // --- htmx: the poll and the button ------------------------------------------------------------

  // An expired session answers any htmx request with 401 + HX-Redirect: replace the page (no
  // history entry for a page that can no longer work) and sign out the other tabs too.
  document.addEventListener("htmx:before:response", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (ctx && ctx.response && ctx.response.status === 401 && ctx.hx && ctx.hx.redirect) {
      event.preventDefault();
      leaveAfter401(ctx.hx.redirect, "idle");
    }
  });

  document.addEventListener("htmx:after:request", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (!ctx || !ctx.sourceElement || !prompt.contains(ctx.sourceElement)) return;
    if (ctx.response && ctx.response.status === 200 && ctx.text) {
      adoptHtml(ctx.text);
      if (ctx.request && ctx.request.method === "POST") extended();
    }
  });

  // --- activity: typing, pointer and scrolling extend the session, at most once per interval --

  function onActivity() {
    if (leaving || dialog.open || Date.now() - lastExtension < activityMs) return;
    lastExtension = Date.now();
    keepAlive();
  }
  ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "input"].forEach(function (type) {
    document.addEventListener(type, onActivity, { capture: true, passive: true });
  });

  // --- tabs ---------------------------------------------------------------------------------

  onOtherTabs(function (message) {
    if (!message || leaving) return;
    if (message.type === "extended") {
      lastExtension = Date.now();
      setDeadline(message.deadline, message.endsAt);
      closePrompt();
    } else if (message.type === "signed-out") {
      // Confirm with the server (a stray message must not sign anyone out), then go.
      checkServer(message.reason || "signed_out");
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) checkServer();
  });

  adopt(prompt);
  setInterval(tick, 1000);
})();
