// The main menu as a disclosure navigation (WAI-ARIA APG "Disclosure Navigation Menu").
// The buttons are in the page and drawn from the first paint (site.css), so wiring them here
// moves nothing; without JavaScript css/no-script.css hides them, every menu item is a plain
// link, submenus open on hover or keyboard focus, and a phone shows the whole menu.
(function () {
  "use strict";

  var nav = document.querySelector(".site-nav");
  if (!nav) {
    return;
  }
  var buttons = nav.querySelectorAll(".site-nav__toggle, .site-nav__sub-toggle");

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function closeSubmenus(except) {
    nav.querySelectorAll(".site-nav__sub-toggle").forEach(function (button) {
      if (button !== except) {
        setOpen(button, false);
      }
    });
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      if (button.classList.contains("site-nav__sub-toggle")) {
        closeSubmenus(button);
      }
      setOpen(button, open);
    });
  });

  // Escape closes the open submenu (or the phone menu) and puts focus back on its button.
  nav.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = nav.querySelector('.site-nav__sub-toggle[aria-expanded="true"]') ||
      nav.querySelector('.site-nav__toggle[aria-expanded="true"]');
    if (open) {
      setOpen(open, false);
      open.focus();
      event.preventDefault();
    }
  });

  // A click or focus outside the menu closes its submenus.
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target)) {
      closeSubmenus(null);
    }
  });
  nav.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !nav.contains(event.relatedTarget)) {
      closeSubmenus(null);
    }
  });
})();
