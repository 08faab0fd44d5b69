// Claim review keyboard shortcuts. Listed on the page; "?" opens the full list.
(function () {
  "use strict";

  function typing(target) {
    var tag = target.tagName;
    if (tag === "INPUT") { return ["radio", "checkbox", "button", "submit"].indexOf(target.type) === -1; }
    return tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var cards = Array.prototype.slice.call(document.querySelectorAll("[data-evidence]"));
    var dialog = document.getElementById("shortcuts");
    var toggle = document.getElementById("shortcuts-toggle");
    var verdictForm = document.getElementById("verdict-form");
    var current = -1;

    function focusCard(index) {
      if (!cards.length) { return; }
      current = (index + cards.length) % cards.length;
      cards.forEach(function (card) { card.classList.remove("is-focused"); });
      cards[current].classList.add("is-focused");
      cards[current].focus();
    }

    function undecided(card) { return card.getAttribute("data-state") === "suggested"; }

    // j/k step through the suggestions still open; once every card is decided they step through all of them.
    function step(direction) {
      if (!cards.length) { return; }
      var open = cards.some(undecided);
      var start = current === -1 && direction < 0 ? 0 : current;
      for (var n = 1; n <= cards.length; n += 1) {
        var index = ((start + direction * n) % cards.length + cards.length) % cards.length;
        if (!open || undecided(cards[index])) { focusCard(index); return; }
      }
    }

    function focusedCard() {
      var active = document.activeElement;
      var card = active && active.closest ? active.closest("[data-evidence]") : null;
      return card || (current >= 0 ? cards[current] : null);
    }

    function decide(action) {
      var card = focusedCard();
      if (!card) { return; }
      var button = card.querySelector('button[data-action="' + action + '"]');
      if (button) { button.click(); }
    }

    function toggleHelp() {
      if (!dialog) { return; }
      if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
      toggle.setAttribute("aria-expanded", String(dialog.open));
    }

    if (toggle) { toggle.addEventListener("click", toggleHelp); }
    if (dialog) {
      dialog.addEventListener("close", function () { toggle.setAttribute("aria-expanded", "false"); });
    }

    cards.forEach(function (card, index) {
      card.addEventListener("focusin", function () { current = index; });
    });

    // Back from accepting or rejecting (the URL names the card just decided): the next j starts after it.
    var decided = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (decided && cards.indexOf(decided) !== -1) { current = cards.indexOf(decided); }

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.metaKey) { return; }
      var target = event.target;
      if (typing(target)) {
        if (event.key === "Escape") { target.blur(); }
        if (event.key === "Enter" && event.ctrlKey && target.form) {
          event.preventDefault();
          target.form.requestSubmit();
        }
        return;
      }
      if (event.ctrlKey) { return; }
      if (dialog && dialog.open && event.key !== "?" && event.key !== "Escape") { return; }
      switch (event.key) {
        case "?": event.preventDefault(); toggleHelp(); break;
        case "j": event.preventDefault(); step(1); break;
        case "k": event.preventDefault(); step(-1); break;
        case "a": event.preventDefault(); decide("accept"); break;
        case "r": event.preventDefault(); decide("reject"); break;
        case "n": {
          var next = document.getElementById("next-claim");
          if (next) { event.preventDefault(); window.location.href = next.href; }
          break;
        }
        case "s":
          if (verdictForm) { event.preventDefault(); verdictForm.requestSubmit(document.getElementById("save-verdict")); }
          break;
        case "e": {
          var rationale = verdictForm && verdictForm.querySelector("textarea");
          if (rationale) { event.preventDefault(); rationale.focus(); }
          break;
        }
        case "1": case "2": case "3": {
          var radios = verdictForm ? verdictForm.querySelectorAll('input[name="verdict"]') : [];
          var radio = radios[Number(event.key) - 1];
          if (radio) { event.preventDefault(); radio.checked = true; radio.focus(); }
          break;
        }
        default: break;
      }
    });
  });
})();
