// Share buttons that need the browser: its share sheet (the Web Share API) and copying the
// link. Without this script, or in a browser without them, the plain links remain.
(function () {
  "use strict";

  function announce(box, text) {
    var status = box.querySelector("[data-share-status]");
    if (status) status.textContent = text;
  }

  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title");
    var native = box.querySelector("[data-share-native]");
    var copy = box.querySelector("[data-share-copy]");

    if (native && typeof navigator.share === "function") {
      native.parentElement.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {
          // The reader closed the share sheet: nothing to say.
        });
      });
    }
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.parentElement.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () { announce(box, "Link copied."); },
          function () { announce(box, "The link could not be copied: select it and copy it."); }
        );
      });
    }
  });

  // The gift link's field: selected whole when focused, ready to copy.
  var field = document.getElementById("gift-link");
  if (field) {
    field.addEventListener("focus", function () { field.select(); });
  }
})();
