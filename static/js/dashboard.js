// Dashboard shortcut: "n" opens the next claim to review (the "Start reviewing" button), as on the review page.
(function () {
  "use strict";

  function typing(target) {
    var tag = target.tagName;
    if (tag === "INPUT") { return ["radio", "checkbox", "button", "submit"].indexOf(target.type) === -1; }
    return tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "n" || event.altKey || event.metaKey || event.ctrlKey || typing(event.target)) { return; }
    var start = document.getElementById("start-reviewing");
    if (start) { event.preventDefault(); window.location.href = start.href; }
  });
})();
