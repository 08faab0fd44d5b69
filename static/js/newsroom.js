// Notes panel on the claim page ([data-panel-src]: fetched, then its forms post in place) and @mention
// autocomplete on note boxes ([data-mentions]). Without JavaScript the panel is a link to the notes page.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function withPartial(url) {
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "partial=1";
  }

  function fill(panel, html) {
    var heading = panel.querySelector("h2");
    panel.innerHTML = "";
    if (heading) { panel.appendChild(heading); }
    var holder = document.createElement("div");
    holder.innerHTML = html;
    while (holder.firstChild) { panel.appendChild(holder.firstChild); }
    wire(panel);
  }

  function wire(panel) {
    panel.querySelectorAll("form[data-notes-form]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var question = form.getAttribute("data-confirm");
        if (question && !window.confirm(question)) { event.preventDefault(); return; }
        event.preventDefault();
        var data = new FormData(form);
        data.append("partial", "1");
        var button = form.querySelector("button[type=submit]");
        if (button) { button.disabled = true; }
        fetch(form.action, {
          method: "POST", body: data, credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" }
        })
          .then(function (response) {
            if (response.status >= 500 || response.status === 403) { throw new Error("HTTP " + response.status); }
            return response.text();
          })
          .then(function (html) {
            fill(panel, html);
            var box = panel.querySelector("textarea");
            var error = panel.querySelector(".field-error");
            if (error && box) { box.focus(); }
          })
          .catch(function () { form.submit(); });  // fall back to the whole-page round trip
      });
    });
    panel.querySelectorAll("textarea[data-mentions]").forEach(mentions);
  }

  function load(panel) {
    fetch(withPartial(panel.getAttribute("data-panel-src")), {
      credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        fill(panel, html);
        if (window.location.hash === "#" + panel.id) { panel.scrollIntoView(); }
      })
      .catch(function () { /* the link to the notes page stays */ });
  }

  // @mention autocomplete: a small listbox under the box, filled from the desk's usernames.
  var MENTION_AT_CARET = /(^|[^\w@\/.+-])@([\w.+-]*)$/;

  function mentions(box) {
    if (box.getAttribute("data-mentions-ready")) { return; }
    box.setAttribute("data-mentions-ready", "1");
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.id = (box.id || "note") + "-mentions";
    list.hidden = true;
    box.insertAdjacentElement("afterend", list);
    box.setAttribute("aria-controls", list.id);
    var active = -1, timer = null;

    function close() { list.hidden = true; list.innerHTML = ""; active = -1; }

    function choose(name) {
      var before = box.value.slice(0, box.selectionStart), after = box.value.slice(box.selectionStart);
      var match = before.match(MENTION_AT_CARET);
      if (!match) { return close(); }
      var start = before.length - match[2].length;
      box.value = before.slice(0, start) + name + " " + after;
      var caret = start + name.length + 1;
      box.setSelectionRange(caret, caret);
      close();
      box.focus();
    }

    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
    }

    box.addEventListener("input", function () {
      var match = box.value.slice(0, box.selectionStart).match(MENTION_AT_CARET);
      window.clearTimeout(timer);
      if (!match || !match[2]) { return close(); }
      timer = window.setTimeout(function () {
        fetch("/notes/mentions/?q=" + encodeURIComponent(match[2]), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { usernames: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.usernames.forEach(function (name) {
              var item = document.createElement("li");
              item.setAttribute("role", "option");
              item.textContent = "@" + name;
              item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(name); });
              list.appendChild(item);
            });
            list.hidden = data.usernames.length === 0;
            highlight(data.usernames.length ? 0 : -1);
          })
          .catch(close);
      }, 150);
    });

    box.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      var items = list.querySelectorAll("li");
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(items[active].textContent.slice(1));
      } else if (event.key === "Escape") { close(); }
    });
    box.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-panel-src]").forEach(load);
    document.querySelectorAll("textarea[data-mentions]").forEach(mentions);
  });
})();
