/* Masthead's service worker: shows breaking-news alerts and opens the story on click.
   Served at /sw.js so that its scope is the whole site. */
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try { data = event.data.json(); } catch (error) { data = { body: event.data.text() }; }
  }
  var options = {
    body: data.body || "",
    data: { id: data.id || null, url: data.url || data.story || "/", story: data.story || data.url || "/" },
  };
  if (data.icon) { options.icon = data.icon; options.badge = data.icon; }
  if (data.image) options.image = data.image;
  // The same story's later alert replaces the earlier notification.
  if (data.tag) { options.tag = data.tag; options.renotify = true; }
  event.waitUntil(self.registration.showNotification(data.title || "Breaking news", options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var data = event.notification.data || {};
  var story = new URL(data.story || "/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        var client = windows[i];
        if (new URL(client.url).pathname === story.pathname && "focus" in client) {
          // The story is open already: count the click, bring its tab forward.
          if (data.url) fetch(data.url, { credentials: "omit", redirect: "manual" }).catch(function () {});
          return client.focus();
        }
      }
      // The alert's own address counts the click and redirects to the story.
      return self.clients.openWindow(data.url || story.href);
    })
  );
});

// The browser replaced the subscription (expiry, key change): tell the site.
self.addEventListener("pushsubscriptionchange", function (event) {
  event.waitUntil(
    fetch("/alerts/config.json", { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (config) {
      var old = event.oldSubscription;
      var renew = event.newSubscription ? Promise.resolve(event.newSubscription) :
        self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: config.public_key });
      return renew.then(function (subscription) {
        return fetch(config.subscribe_url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf_token },
          body: JSON.stringify({ subscription: subscription.toJSON(), key_id: config.key_id, replaces: old ? old.endpoint : "" }),
        });
      });
    })
  );
});
