/* The compose screen, keyboard first: Ctrl+Enter (or Cmd+Enter) posts from any field. */
(function () {
  "use strict";
  var form = document.querySelector("[data-live-compose]");
  if (!form) return;
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
