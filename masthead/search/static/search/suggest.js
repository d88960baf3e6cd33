// As-you-type headline suggestions for the header search box (an ARIA combobox).
// The box is a plain form without this script; with it, typing shows up to eight
// headlines: arrow keys move, Enter opens the chosen story, Escape closes the list.
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  if (!input || !window.fetch) return;
  var form = input.form;
  var list = document.createElement("ul");
  list.id = "site-search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested stories");
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute("aria-controls", list.id);

  var timer = null;
  var active = -1;
  var latest = 0;

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  function show(suggestions) {
    close();
    if (!suggestions.length) return;
    suggestions.forEach(function (s, i) {
      var item = document.createElement("li");
      item.id = "site-search-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      link.href = s.url;
      link.tabIndex = -1;
      link.textContent = s.title;  // text only: a headline is never parsed as HTML
      link.dir = "auto";  // a Hebrew or Arabic headline reads right to left
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    var ticket = ++latest;
    fetch("/search/suggest/?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (ticket === latest) show(data.suggestions || []); })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && !list.hidden) { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp" && !list.hidden) { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].querySelector("a").href;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  list.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (link) window.location.href = link.href;
  });
})();
