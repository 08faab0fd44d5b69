// Shared helpers: the CSRF header for fetch, and polling of server-rendered partials ([data-poll-url]).
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  window.desk = { csrfToken: csrfToken };

  var POLL_MS = 2000;

  function poll(element) {
    var url = element.getAttribute("data-poll-url");
    var timer = window.setInterval(function () {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          if (!fresh) { return; }
          var hadFocus = element.contains(document.activeElement);
          element.replaceWith(fresh);
          element = fresh;
          if (fresh.getAttribute("data-active") !== "true") {
            window.clearInterval(timer);
            if (fresh.getAttribute("data-reload-when-done") === "true") {
              // The article's claims exist only now: show them.
              window.location.reload();
            } else if (hadFocus) {
              fresh.setAttribute("tabindex", "-1");
              fresh.focus();
            }
          }
        })
        .catch(function () { /* a missed beat is fine; the next tick retries */ });
    }, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll-url]").forEach(function (element) {
      if (element.getAttribute("data-active") === "true") { poll(element); }
    });
  });
})();
