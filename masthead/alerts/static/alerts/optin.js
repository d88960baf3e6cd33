/* The breaking-news opt-in on article pages. The page is cached and shared, so whether
   this browser is subscribed comes from the browser itself (its push manager) and what it
   is subscribed to from the site; the permission prompt appears only after the reader
   clicks "Get notifications".

   The reader makes one choice: all breaking news, or only the sections and topics they
   tick. Ticking a topic chooses "only these"; choosing all breaking news clears the ticks,
   so what the box shows is what the browser is subscribed to. */
(function () {
  "use strict";
  var box = document.querySelector("[data-alerts]");
  if (!box) return;
  var STORE = "masthead-alerts-topics";
  var EVERYONE = "everyone";
  var status = box.querySelector("[data-alerts-status]");
  var panels = box.querySelectorAll("[data-alerts-panel]");
  var summary = box.querySelector("[data-alerts-topics-summary]");
  var scopes = box.querySelectorAll("input[name=alerts-scope]");
  var ticks = box.querySelectorAll("input[name=alerts-topics]");
  var config = null;
  var registration = null;

  function show(name) {
    box.hidden = false;
    box.setAttribute("data-alerts-state", name);
    panels.forEach(function (panel) {
      // A panel may serve several states ("off change"): the choice does.
      panel.hidden = panel.getAttribute("data-alerts-panel").split(" ").indexOf(name) < 0;
    });
  }
  function say(text) { status.textContent = text || ""; }
  function scope() {
    var picked = box.querySelector("input[name=alerts-scope]:checked");
    return picked ? picked.value : EVERYONE;
  }
  function setScope(value) {
    scopes.forEach(function (input) { input.checked = input.value === value; });
  }
  /* The reader's choice as topics, or null (and a message) when "only these" has no tick. */
  function chosenTopics() {
    if (scope() === EVERYONE) return [EVERYONE];
    var checked = [];
    ticks.forEach(function (input) { if (input.checked) checked.push(input.value); });
    if (checked.length) return checked;
    say("Tick at least one section or topic, or choose all breaking news.");
    if (ticks.length) ticks[0].focus();
    return null;
  }
  function showChoice(topics) {
    var everyone = !topics || !topics.length || topics.indexOf(EVERYONE) >= 0;
    setScope(everyone ? EVERYONE : "chosen");
    ticks.forEach(function (input) { input.checked = !everyone && topics.indexOf(input.value) >= 0; });
  }
  function rememberTopics(topics) {
    try { localStorage.setItem(STORE, JSON.stringify(topics)); } catch (error) { /* private mode */ }
  }
  function rememberedTopics() {
    try { return JSON.parse(localStorage.getItem(STORE) || "null"); } catch (error) { return null; }
  }
  function forget() {
    try { localStorage.removeItem(STORE); } catch (error) { /* private mode */ }
  }
  /* What the site holds: its own topics and their names. */
  function showSubscribed(answer) {
    rememberTopics(answer.topics);
    summary.textContent = answer.topics.indexOf(EVERYONE) >= 0 ? "all breaking news" : answer.labels.join(", ");
    show("on");
  }
  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function sameKey(subscription, publicKey) {
    var current = subscription.options && subscription.options.applicationServerKey;
    if (!current) return true;  // the browser does not tell: assume it is ours
    var a = new Uint8Array(current), b = keyBytes(publicKey);
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  function loadConfig() {
    if (config) return Promise.resolve(config);
    // After the page's CSRF token (accounts/account.js): the config's token then comes from
    // the same cookie instead of racing it for a new one.
    var ready = window.masthead && window.masthead.csrfToken ? window.masthead.csrfToken().catch(function () {}) : Promise.resolve();
    return ready.then(function () {
      return fetch(box.getAttribute("data-config-url"), { credentials: "same-origin", headers: { Accept: "application/json" } });
    })
      .then(function (response) { if (!response.ok) throw new Error("config"); return response.json(); })
      .then(function (data) { config = data; return data; });
  }
  function post(url, body) {
    return loadConfig().then(function (cfg) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrf_token },
        body: JSON.stringify(body),
      });
    }).then(function (response) {
      if (!response.ok) return response.json().then(function (data) { throw new Error(data.error || "failed"); });
      return response.json();
    });
  }
  function save(subscription, topics, replaces) {
    return post(config.subscribe_url, {
      subscription: subscription.toJSON(), topics: topics, key_id: config.key_id, replaces: replaces || "",
    }).then(showSubscribed);
  }
  function renewIfKeyChanged(subscription, topics) {
    // New VAPID key on the site: subscribe again with it and replace the old endpoint.
    return loadConfig().then(function (cfg) {
      if (sameKey(subscription, cfg.public_key)) return;
      var old = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(cfg.public_key) });
      }).then(function (fresh) { return save(fresh, topics, old); });
    });
  }

  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) { show("unsupported"); return; }

  ticks.forEach(function (input) {
    input.addEventListener("change", function () { if (input.checked) setScope("chosen"); say(""); });
  });
  scopes.forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.checked && input.value === EVERYONE) ticks.forEach(function (tick) { tick.checked = false; });
      say("");
    });
  });

  navigator.serviceWorker.register(box.getAttribute("data-worker-url"), { scope: "/" }).then(function (reg) {
    registration = reg;
    return reg.pushManager.getSubscription();
  }).then(function (subscription) {
    if (!subscription || Notification.permission !== "granted") {
      show(Notification.permission === "denied" ? "denied" : "off");
      return;
    }
    return loadConfig().then(function () {
      return post(config.status_url, { endpoint: subscription.endpoint });
    }).then(function (answer) {
      if (!answer.subscribed) { forget(); show("off"); return; }
      showSubscribed(answer);
      return renewIfKeyChanged(subscription, answer.topics);
    });
  }).catch(function () { show("unsupported"); });

  box.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-alerts-action]");
    if (!button) return;
    var action = button.getAttribute("data-alerts-action");
    say("");
    if (action === "subscribe" || action === "save") {
      var topics = chosenTopics();
      if (!topics) return;
      button.disabled = true;
      Promise.resolve(Notification.permission === "granted" ? "granted" : Notification.requestPermission())
        .then(function (permission) {
          if (permission !== "granted") { show(permission === "denied" ? "denied" : "off"); return null; }
          return loadConfig().then(function (cfg) {
            return registration.pushManager.getSubscription().then(function (existing) {
              return existing || registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(cfg.public_key) });
            });
          }).then(function (subscription) { return save(subscription, topics); })
            .then(function () { say(action === "save" ? "Your choice is saved." : ""); });
        })
        .catch(function () { say("We couldn't turn on notifications. Please try again."); })
        .then(function () { button.disabled = false; });
    } else if (action === "change") {
      showChoice(rememberedTopics());
      show("change");
    } else if (action === "cancel") {
      show("on");
    } else if (action === "stop") {
      registration.pushManager.getSubscription().then(function (subscription) {
        if (!subscription) return;
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () { return post(config ? config.unsubscribe_url : box.getAttribute("data-unsubscribe-url"), { endpoint: endpoint }); });
      }).then(function () {
        forget();
        showChoice(null);
        show("off");
        say("Notifications are off.");
      }).catch(function () { say("We couldn't stop notifications. Please try again."); });
    }
  });
})();
