/* Accounts: fill the header's account slot and arm embedded sign-in forms.
   Pages are cached and shared, so who is signed in (and a CSRF token) comes from an
   uncached endpoint. No framework; nothing here is needed to read. */
(function () {
  "use strict";
  var slot = document.getElementById("account-slot");
  var forms = document.querySelectorAll("form[data-accounts-signin], form[data-accounts-provider]");
  var needsToken = false;
  forms.forEach(function (form) {
    var next = form.querySelector("[data-accounts-next]");
    // Return to this page, at the paragraph in the address bar, unless told otherwise.
    if (next && !next.value) next.value = location.pathname + location.search + location.hash;
    else if (next && next.value.indexOf("#") < 0 && location.hash && next.value === location.pathname) next.value += location.hash;
    if (form.querySelector("[data-accounts-csrf]")) needsToken = true;
  });
  function ask(withToken) {
    return fetch("/account/state.json" + (withToken ? "?csrf=1" : ""), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); });
  }
  var state = ask(needsToken);
  // One CSRF token per page, for every script that needs one (comments, alerts). Two asked
  // at once by a reader without the cookie yet would each start a new secret: the cookie
  // would keep only the last, and a form holding the other token would be refused.
  var token = needsToken ? state.then(function (data) { return data.csrf_token || ""; }) : null;
  window.masthead = window.masthead || {};
  window.masthead.csrfToken = function () {
    if (!token) token = ask(true).then(function (data) { return data.csrf_token || ""; });
    return token;
  };

  state.then(function (data) {
    if (data.csrf_token) {
      document.querySelectorAll("[data-accounts-csrf]").forEach(function (input) { input.value = data.csrf_token; });
    }
    if (!slot) return;
    var link = document.createElement("a");
    link.className = "account-link";
    if (data.signed_in) {
      // An isolate: a name written right to left cannot reorder the link beside it.
      var name = document.createElement("bdi");
      name.className = "account-name";
      name.textContent = data.name;
      slot.replaceChildren(name);
      link.href = data.account_url;
      link.textContent = "Account";
    } else {
      link.href = data.signin_url + "?next=" + encodeURIComponent(location.pathname + location.search + location.hash);
      link.textContent = "Sign in";
      slot.replaceChildren();
    }
    slot.appendChild(link);
  }).catch(function () { /* the header stays empty; the forms still send (below) */ });

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var email = form.querySelector("input[type=email]");
      var error = form.querySelector(".signin-box__error");
      // The server checks too; this only saves a round trip.
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.value.trim())) {
        event.preventDefault();
        email.setAttribute("aria-invalid", "true");
        if (error) { error.hidden = false; email.setAttribute("aria-describedby", error.id); }
        email.focus();
        return;
      }
      var token = form.querySelector("[data-accounts-csrf]");
      if (token && !token.value) {
        event.preventDefault();
        // The email form is sent even when no token came: the answer is then the same form,
        // ready to send again. A provider's button has no such answer: the sign-in page has.
        state.catch(function () {}).then(function () {
          if (token.value || form.hasAttribute("data-accounts-signin")) form.submit();
          else location.href = "/account/signin/";
        });
      }
    });
  });
})();
