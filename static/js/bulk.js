// Claims list: tick rows, "select all on this page", a live count, and bulk buttons enabled only with a selection.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var all = document.getElementById("pick-all");
  var count = document.getElementById("bulk-count");
  var picks = Array.prototype.slice.call(form.querySelectorAll("input[data-pick]"));
  var buttons = Array.prototype.slice.call(form.querySelectorAll("button[data-bulk]"));

  function update() {
    var n = picks.filter(function (box) { return box.checked; }).length;
    picks.forEach(function (box) {
      var row = box.closest("tr");
      if (row) { row.classList.toggle("is-picked", box.checked); }
    });
    count.textContent = n ? n + " selected" : "Tick claims to act on them";
    buttons.forEach(function (button) { button.disabled = n === 0; });
    if (all) {
      all.checked = n > 0 && n === picks.length;
      all.indeterminate = n > 0 && n < picks.length;
    }
  }

  if (all) {
    all.hidden = false;
    var allLabel = form.querySelector(".pick-all-label");
    if (allLabel) { allLabel.hidden = false; }
    all.addEventListener("change", function () {
      picks.forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  picks.forEach(function (box) { box.addEventListener("change", update); });

  form.addEventListener("submit", function (event) {
    var action = event.submitter ? event.submitter.value : "";
    var reason = document.getElementById("bulk-reason");
    if ((action === "unpublish" || action === "withdraw") && reason && !reason.value.trim()) {
      event.preventDefault();
      reason.setCustomValidity("Give a reason: partners and the audit trail need it.");
      reason.reportValidity();
      reason.addEventListener("input", function () { reason.setCustomValidity(""); }, { once: true });
    }
  });
  // Downloads leave the page as it was; the buttons stay usable for the next one.
  update();
})();
