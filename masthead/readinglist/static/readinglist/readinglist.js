/* Reading list: mark the Save buttons of the stories this member saved, and save or remove
   with one press, without leaving the page. The buttons are in shared pages and say
   nothing about the reader; which stories are saved comes from a private endpoint. Without
   this script each button still posts its form (the site asks once more, with a token). */
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-readinglist-page]"));
  if (!forms.length) return;
  var state = null;

  function buttonOf(form) { return form.querySelector("button"); }

  function mark(pageId, saved) {
    forms.forEach(function (form) {
      if (form.getAttribute("data-readinglist-page") === String(pageId)) {
        buttonOf(form).setAttribute("aria-pressed", saved ? "true" : "false");
      }
    });
  }

  function say(form, message) {
    var line = form.querySelector(".readinglist-save__error");
    if (!line) {
      line = document.createElement("p");
      line.className = "readinglist-save__error";
      line.setAttribute("role", "status");
      form.appendChild(line);
    }
    line.textContent = message;
  }

  fetch("/reading-list/saved.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (data) {
      state = data;
      var saved = {};
      (data.saved || []).forEach(function (id) { saved[id] = true; });
      forms.forEach(function (form) {
        buttonOf(form).setAttribute("aria-pressed", saved[form.getAttribute("data-readinglist-page")] ? "true" : "false");
      });
    })
    .catch(function () { /* the buttons stay plain forms */ });

  function send(form) {
    var button = buttonOf(form);
    var saving = button.getAttribute("aria-pressed") !== "true";
    var url = saving ? form.action : form.getAttribute("data-readinglist-remove");
    button.setAttribute("aria-busy", "true");
    var token = window.masthead && window.masthead.csrfToken ? window.masthead.csrfToken() : Promise.resolve("");
    return token
      .then(function (csrf) {
        return fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": csrf },
        });
      })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.status === 401 && data.signin_url) { location.href = data.signin_url; return; }
          if (!response.ok) throw { reader: data.error };
          mark(form.getAttribute("data-readinglist-page"), data.saved);
          var line = form.querySelector(".readinglist-save__error");
          if (line) line.remove();
        });
      })
      .catch(function (error) {
        say(form, (error && error.reader) || "That did not work. Please try again.");
      })
      .then(function () { button.removeAttribute("aria-busy"); });
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!state) return; // not known yet: the form posts as it would without script
      event.preventDefault();
      if (!state.signed_in) {
        location.href = state.signin_url + "?next=" + encodeURIComponent(form.getAttribute("data-readinglist-story"));
        return;
      }
      if (buttonOf(form).getAttribute("aria-busy") !== "true") send(form);
    });
  });
})();
