/* Comments: load the comments fragment into the article page's placeholder, so the page
   itself stays cacheable; show how many characters are left while typing. Without this
   script the placeholder's link opens the same comments as a page of their own. */
(function () {
  "use strict";

  function counters(root) {
    root.querySelectorAll("[data-comments-text]").forEach(function (area) {
      var counter = document.getElementById(area.getAttribute("aria-describedby"));
      var max = parseInt(area.getAttribute("maxlength"), 10);
      if (!counter || !max) return;
      function update() {
        var left = max - area.value.length;
        counter.textContent = left + " of " + max + " characters left";
        counter.classList.toggle("comments__counter--low", left < max / 10);
      }
      area.addEventListener("input", update);
      update();
    });
  }

  function arm(root) {
    counters(root);
    // The sign-in box arrived after the header script ran: give it the page's one CSRF
    // token (accounts/account.js), the one every other box on the page holds.
    var tokens = root.querySelectorAll("[data-accounts-csrf]");
    if (tokens.length && window.masthead && window.masthead.csrfToken) {
      window.masthead.csrfToken()
        .then(function (token) { tokens.forEach(function (input) { input.value = token; }); })
        .catch(function () {});
    }
  }

  function load(slot, url, scroll) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        slot.innerHTML = html;
        slot.setAttribute("data-comments-loaded", "");
        arm(slot);
        slot.querySelectorAll("[data-comments-nav] a[data-query]").forEach(function (link) {
          link.addEventListener("click", function (event) {
            event.preventDefault();
            load(slot, slot.getAttribute("data-comments-src") + link.getAttribute("data-query"), false)
              .then(function () { slot.scrollIntoView(); });
          });
        });
        if (scroll && location.hash.indexOf("#comment") === 0) {
          var target = document.getElementById(location.hash.slice(1));
          if (target) target.scrollIntoView();
        }
      });
  }

  var slot = document.querySelector("[data-comments-src]");
  if (slot) {
    load(slot, slot.getAttribute("data-comments-src"), true).catch(function () {
      /* the placeholder keeps its link to the comments page */
    });
  } else {
    var page = document.querySelector("[data-comments-root]");
    if (page) counters(page);
  }
})();
