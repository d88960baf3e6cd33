/* Masthead's page script: the theme button, the phone's menu and today's times as
   "2 hours ago". The page works and reads the same without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "masthead-theme";
  var dark = window.matchMedia("(prefers-color-scheme: dark)");

  /* The theme button: shows and flips the theme in use, and remembers the choice. */
  var toggle = document.querySelector(".theme-toggle");
  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : dark.matches;
  }
  function show() { toggle.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
  if (toggle) {
    toggle.hidden = false;
    show();
    dark.addEventListener("change", show);
    toggle.addEventListener("click", function () {
      var theme = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", theme);
      try { localStorage.setItem(KEY, theme); } catch (error) { /* kept for this page only */ }
      show();
    });
  }
  /* Another tab changed the theme. */
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    if (event.newValue) root.setAttribute("data-theme", event.newValue);
    else root.removeAttribute("data-theme");
    if (toggle) show();
  });

  /* The phone's menu: sections, search, account and theme behind one button. */
  var header = document.getElementById("site-header");
  var menu = header && header.querySelector(".menu-button");
  if (menu) {
    menu.hidden = false;
    var setOpen = function (open) {
      header.classList.toggle("is-open", open);
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    };
    menu.addEventListener("click", function () { setOpen(menu.getAttribute("aria-expanded") !== "true"); });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("is-open")) { setOpen(false); menu.focus(); }
    });
    var searchLink = header.querySelector(".header-search-link");
    var searchInput = document.getElementById("site-search");
    if (searchLink && searchInput) {
      searchLink.addEventListener("click", function (event) {
        event.preventDefault();
        setOpen(true);
        searchInput.focus();
      });
    }
  }

  /* Today's times, relative: the exact time stays in the title (on hover) and datetime. */
  var lang = root.lang || "en";
  var relative = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(lang, { numeric: "auto" }) : null;
  function sameDay(a, b) {
    return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  }
  function relativeTimes() {
    var now = new Date();
    document.querySelectorAll("time.moment[datetime]").forEach(function (time) {
      var when = new Date(time.getAttribute("datetime"));
      var minutes = Math.round((now - when) / 60000);
      if (isNaN(minutes) || minutes < 0 || !sameDay(when, now)) return;
      time.textContent = minutes < 60 ? relative.format(-minutes, "minute") : relative.format(-Math.floor(minutes / 60), "hour");
    });
  }
  if (relative) {
    relativeTimes();
    window.setInterval(relativeTimes, 60000);
  }
})();
