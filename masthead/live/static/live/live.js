/* A live page's updates, without a reload and without moving what the reader is reading.
   Every 10 s (while the page is visible) the page asks its updates' address, sending the
   version it shows (If-None-Match): nothing new is a bodiless 304, answered by a cache.
   New entries wait behind an "N new updates" button; edited entries are replaced in place,
   deleted ones removed, the pinned entry and the key events kept current. */
(function () {
  "use strict";
  var live = document.querySelector("[data-live-updates]");
  if (!live || !window.fetch || !window.DOMParser) return;
  var INTERVAL = 10000;
  var url = live.getAttribute("data-live-updates");
  var etag = '"' + live.getAttribute("data-live-version") + '"';
  var list = live.querySelector("[data-live-entries]");
  var newBox = live.querySelector("[data-live-new]");
  var showButton = live.querySelector("[data-live-show]");
  var pending = [];
  var timer = null;

  function entries(root) {
    return Array.prototype.filter.call(root.children, function (el) { return el.hasAttribute("data-entry"); });
  }
  function posted(el) { return parseFloat(el.getAttribute("data-posted")); }
  function shown(id) { return list.querySelector(':scope > [data-entry="' + id + '"]'); }

  /* Replace `old` by `fresh`; when it is above the reader's view, scroll by the difference
     in height, so the text being read stays where it is. */
  function replaceKeepingPlace(old, fresh) {
    var above = old.getBoundingClientRect().bottom < 0;
    var before = old.offsetHeight;
    old.replaceWith(fresh);
    if (above) window.scrollBy(0, fresh.offsetHeight - before);
  }

  function apply(doc) {
    var update = doc.querySelector("[data-live-version]");
    if (!update) return;
    var items = entries(update.querySelector("[data-live-entries]"));
    var ids = {};
    items.forEach(function (item) { ids[item.getAttribute("data-entry")] = true; });
    // The poll holds the newest entries (all of them when "complete"): a shown one it should
    // hold and does not was deleted.
    var oldest = items.length ? posted(items[items.length - 1]) : Infinity;
    var whole = update.hasAttribute("data-live-complete");
    entries(list).forEach(function (el) {
      if (!ids[el.getAttribute("data-entry")] && (whole || posted(el) >= oldest)) el.remove();
    });
    items.forEach(function (item) {
      var el = shown(item.getAttribute("data-entry"));
      if (el && el.getAttribute("data-changed") !== item.getAttribute("data-changed")) {
        replaceKeepingPlace(el, document.importNode(item, true));
      }
    });
    var first = entries(list)[0];
    var newest = first ? posted(first) : -Infinity;
    pending = items.filter(function (item) { return posted(item) > newest; });
    ["[data-live-pinned]", "[data-live-key-events]"].forEach(function (part) {
      var here = live.querySelector(part), there = update.querySelector(part);
      if (here && there && here.innerHTML !== there.innerHTML) here.innerHTML = there.innerHTML;
    });
    offer();
    if (update.getAttribute("data-live-status") !== "live") stop();
  }

  function offer() {
    if (!newBox) return;
    newBox.hidden = pending.length === 0;
    showButton.textContent = pending.length === 1 ? "1 new update" : pending.length + " new updates";
  }

  function showNew() {
    var none = list.querySelector(".live-none");
    if (none) none.remove();
    pending.slice().reverse().forEach(function (item) { list.prepend(document.importNode(item, true)); });
    pending = [];
    offer();
    var top = entries(list)[0];
    if (top) {
      top.setAttribute("tabindex", "-1");
      top.focus({ preventScroll: true });
      top.scrollIntoView({ block: "start" });
    }
  }

  function poll() {
    timer = null;
    if (document.hidden) return;
    fetch(url, { headers: { "If-None-Match": etag }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag") || etag;
        return response.text();
      })
      .then(function (text) { if (text) apply(new DOMParser().parseFromString(text, "text/html")); })
      .catch(function () { /* offline or a restart: the next poll tries again */ })
      .then(schedule);
  }

  function schedule() {
    if (live && timer === null && !document.hidden) timer = window.setTimeout(poll, INTERVAL);
  }
  function stop() {
    live = null;
    if (timer !== null) window.clearTimeout(timer);
  }

  if (showButton) showButton.addEventListener("click", showNew);
  document.addEventListener("visibilitychange", function () {
    if (live && !document.hidden && timer === null) poll();
  });
  schedule();
})();
