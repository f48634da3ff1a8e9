/* "Write the minutes" (templates/admin/meetings/minutes/writing.html): the "Add a decision"
   buttons. Each adds a row to its minute's decisions from the minute's <template> row, numbered
   by the formset's TOTAL_FORMS, and moves the focus to its wording. Without scripts every minute
   still offers one empty row, so the buttons stay hidden until this runs. */
(function () {
  "use strict";

  function addRow(button) {
    var prefix = button.getAttribute("data-add-decision");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var rows = document.getElementById(prefix + "-rows");
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var text = rows.lastElementChild && rows.lastElementChild.querySelector("textarea");
    if (text) text.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-add-decision]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        addRow(button);
      });
    });
  });
})();
