/* Accessible names for the admin's script-built fields, which the libraries leave unnamed:
   - select2 (autocomplete pickers): the combobox is named by the field's label, then its value;
     a multiple picker's search box is named by the label;
   - the rich-text editor (django-prose-editor, a Tiptap textbox) is named by its field's label.
   Runs once the page has loaded and again whenever rows are added (a MutationObserver). */
(function () {
  "use strict";

  function labelFor(id) {
    if (!id) return null;
    var label = document.querySelector('label[for="' + CSS.escape(id) + '"]');
    if (label && !label.id) label.id = id + "-label";
    return label;
  }

  function nameSelect2(select) {
    var label = labelFor(select.id);
    var container = select.nextElementSibling;
    if (!label || !container || !container.classList.contains("select2")) return;
    var box = container.querySelector(".select2-selection");
    if (box) {
      var rendered = box.querySelector(".select2-selection__rendered");
      // The shown value is part of the combobox's name, not a second, unnamed textbox.
      if (rendered && rendered.getAttribute("role") === "textbox") {
        rendered.removeAttribute("role");
        rendered.removeAttribute("aria-readonly");
      }
      var ids = [label.id];
      if (rendered && rendered.id) ids.push(rendered.id);
      if (box.getAttribute("aria-labelledby") !== ids.join(" ")) box.setAttribute("aria-labelledby", ids.join(" "));
    }
    var search = container.querySelector(".select2-search__field");
    if (search && !search.getAttribute("aria-labelledby")) search.setAttribute("aria-labelledby", label.id);
  }

  function nameEditor(wrapper) {
    // The editing area, not the toolbar's heading picker (a .ProseMirror too, and first in the page).
    var editor = wrapper.querySelector(".ProseMirror[contenteditable]");
    var textarea = wrapper.querySelector("textarea") || wrapper.previousElementSibling;
    var label = textarea && labelFor(textarea.id);
    if (editor && label && editor.getAttribute("aria-labelledby") !== label.id) {
      editor.setAttribute("aria-labelledby", label.id);
    }
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameSelect2);
    document.querySelectorAll(".prose-editor").forEach(nameEditor);
  }

  window.addEventListener("load", function () {
    nameAll();
    // Observer callbacks run as microtasks, before anything else reads the page: name new fields
    // at once (setting attributes adds no nodes, so this does not call itself again).
    // The editor's own rendering can drop the name again after the page has loaded (seen on a
    // first, uncached load), so a change to its attributes names it once more.
    new MutationObserver(nameAll).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-labelledby", "class"],
    });
  });
  document.addEventListener("prose-editor:ready", nameAll);
})();
