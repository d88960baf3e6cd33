// A many-to-many field as chosen items plus Wagtail's chooser modal (search, or add a new
// one): each item chosen in the modal becomes a selected option of the hidden <select> the
// form submits, and a row the editor can remove.
(function () {
  function setUp(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var select = root.querySelector("[data-snippets-chooser-select]");
    var list = root.querySelector("[data-snippets-chooser-list]");
    var empty = root.querySelector("[data-snippets-chooser-empty]");
    var noun = root.dataset.noun;

    function changed() {
      empty.hidden = select.options.length > 0;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function remove(id) {
      Array.from(select.options).forEach(function (option) {
        if (option.value === id) option.remove();
      });
      var row = list.querySelector('li[data-id="' + CSS.escape(id) + '"]');
      if (row) row.remove();
      changed();
    }

    function add(item) {
      var id = String(item.id);
      if (Array.from(select.options).some(function (o) { return o.value === id; })) return;
      var label = item.string || item.title || id;
      select.add(new Option(label, id, true, true));
      var row = document.createElement("li");
      row.dataset.id = id;
      var name = document.createElement("span");
      name.textContent = label;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary";
      button.dataset.snippetsChooserRemove = "";
      button.setAttribute("aria-label", "Remove " + noun + " " + label);
      button.textContent = "Remove";
      row.append(name, " ", button);
      list.append(row);
      changed();
    }

    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-snippets-chooser-remove]");
      if (button) remove(button.closest("li").dataset.id);
    });
    root.querySelector("[data-snippets-chooser-add]").addEventListener("click", function () {
      window.ModalWorkflow({
        url: root.dataset.chooserUrl,
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: {
          chosen: function (result) {
            (Array.isArray(result) ? result : [result]).forEach(add);
          },
        },
      });
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-snippets-chooser]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
