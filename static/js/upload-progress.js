// Upload page: each stored article's live analysis (stage and percent), polled from its status URL (JSON) until it is
// done or failed; then a link to the article, or the error. Rows come from the server ([data-status-url]) or from
// upload.js, which calls window.uploadProgress.track(row, result) for each file it sent.
(function () {
  "use strict";

  var POLL_MS = 1500;
  var SLOW_QUEUE_MS = 20000;

  function part(row, role) { return row.querySelector('[data-role="' + role + '"]'); }

  // The same markup as templates/articles/_upload_progress.html, for rows made in the browser.
  function build(row, result) {
    var box = document.createElement("div");
    box.className = "upload-progress";
    box.setAttribute("data-role", "progress");
    var badge = document.createElement("span");
    badge.setAttribute("data-role", "badge");
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.setAttribute("data-role", "bar");
    bar.setAttribute("aria-label", "Analysis of " + (result.name || result.title || "the upload"));
    var detail = document.createElement("span");
    detail.className = "small";
    detail.setAttribute("data-role", "detail");
    box.appendChild(badge);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(bar);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(detail);
    row.appendChild(box);
    show(row, {
      status: result.status_code, status_display: result.status, stage: result.stage,
      progress: result.progress || 0, finished: false,
    });
  }

  function show(row, state) {
    var badge = part(row, "badge");
    var bar = part(row, "bar");
    var detail = part(row, "detail");
    if (!badge || !detail) { return; }
    badge.className = "badge status-" + state.status;
    badge.textContent = state.status_display;
    row.setAttribute("data-state", state.status);
    if (!state.finished) {
      if (bar) { bar.value = state.progress; bar.textContent = state.progress + "%"; }
      detail.textContent = state.stage + " · " + state.progress + "%";
      if (state.slow) {
        detail.textContent += " — not started yet: other articles are ahead of it, or no worker is running.";
      }
      return;
    }
    if (bar) { bar.remove(); }
    detail.textContent = "";
    if (state.status === "done") {
      var found = state.claims === 1 ? "1 claim" : state.claims + " claims";
      detail.appendChild(document.createTextNode("Analysis finished: " + found + ". "));
      var link = document.createElement("a");
      link.href = row.getAttribute("data-article-url");
      link.textContent = "Open the article";
      detail.appendChild(link);
    } else {
      row.classList.remove("ok");
      row.classList.add("failed");
      var error = document.createElement("span");
      error.className = "error-text";
      error.textContent = state.error || "The analysis failed.";
      detail.appendChild(error);
    }
    detail.setAttribute("role", "status");
  }

  function track(row, result) {
    if (result) {
      row.setAttribute("data-status-url", result.status_url);
      row.setAttribute("data-article-url", result.url);
      build(row, result);
    }
    var url = row.getAttribute("data-status-url");
    var started = Date.now();
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (response.status === 404 || response.status === 403) {
            // Deleted meanwhile, or the session ended: asking again will not help.
            return { status: "failed", status_display: "Unavailable", finished: true,
                     error: response.status === 404 ? "This article is no longer in the workbench." :
                       "Sign in again to follow this article." };
          }
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (state) {
          state.slow = state.status === "queued" && Date.now() - started > SLOW_QUEUE_MS;
          show(row, state);
          if (!state.finished) { window.setTimeout(tick, POLL_MS); }
        })
        .catch(function () { window.setTimeout(tick, POLL_MS * 2); }); // a missed beat is fine: try again
    }
    tick();
  }

  window.uploadProgress = { track: track };

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch) { return; }
    document.querySelectorAll(".upload-result[data-status-url]").forEach(function (row) { track(row, null); });
  });
})();
