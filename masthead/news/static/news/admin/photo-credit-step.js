// The photo chooser's "add the credit" step: Wagtail's image chooser modal knows its own
// steps only, so this teaches it one more. The form posts inside the modal; the answer is
// either the form again (with its errors) or the chosen photo.
(function () {
  function install() {
    var handlers = window.IMAGE_CHOOSER_MODAL_ONLOAD_HANDLERS;
    var $ = window.jQuery;
    if (!handlers || !$ || handlers.add_credit) return;
    handlers.add_credit = function (modal) {
      $("form[data-photo-credit-form]", modal.body).on("submit", function (event) {
        event.preventDefault();
        $.post(this.action, $(this).serialize(), modal.loadResponseText, "text");
      });
      $("a[data-photo-credit-back]", modal.body).on("click", function (event) {
        event.preventDefault();
        modal.loadUrl(this.href);
      });
      var first = modal.body[0].querySelector("form[data-photo-credit-form] input[type=text]");
      if (first) first.focus();
    };
  }
  install();
  document.addEventListener("DOMContentLoaded", install);
})();
