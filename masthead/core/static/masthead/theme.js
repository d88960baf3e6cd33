/* The reader's theme, before the first paint: "light" or "dark" when they chose one on this
   browser (kept in localStorage, never a cookie: pages are cached and shared), else nothing,
   and site.css follows the system's prefers-color-scheme. */
(function () {
  "use strict";
  try {
    var theme = localStorage.getItem("masthead-theme");
    if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
  } catch (error) { /* storage refused: follow the system */ }
  document.documentElement.setAttribute("data-js", "");
})();
