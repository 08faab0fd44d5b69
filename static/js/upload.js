// Upload page: drag-and-drop of several files, one fetch POST per file with per-file results (each answered at once;
// upload-progress.js then follows each article's analysis).
// Without JavaScript the same form posts all files at once and the server renders the results.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("upload-form");
    if (!form || !window.fetch || !window.FormData) { return; }
    var input = form.querySelector('input[type="file"]');
    var zone = document.getElementById("dropzone");
    var list = document.getElementById("file-list");
    var results = document.getElementById("upload-results");
    var resultList = document.getElementById("upload-results-list");
    var submit = document.getElementById("upload-submit");
    var chosen = [];

    var titleInput = form.querySelector("input[name=title]");
    var urlInput = form.querySelector("input[name=url]");
    var bylineInput = form.querySelector("input[name=byline]");

    // Show what the server will read from a single file, as placeholders: a blank field keeps the file's value.
    function prefill() {
      [titleInput, urlInput, bylineInput].forEach(function (field) { field.placeholder = ""; });
      if (chosen.length !== 1 || chosen[0].size > 2 * 1024 * 1024 || !window.FileReader) { return; }
      var file = chosen[0];
      var extension = (file.name.split(".").pop() || "").toLowerCase();
      if (["txt", "md", "html", "htm"].indexOf(extension) === -1) { return; }
      var reader = new FileReader();
      reader.onload = function () {
        var text = String(reader.result || "");
        if (extension === "html" || extension === "htm") {
          var doc = new DOMParser().parseFromString(text, "text/html");
          var meta = function (selector, attribute) {
            var element = doc.querySelector(selector);
            return element ? (element.getAttribute(attribute || "content") || "").trim() : "";
          };
          titleInput.placeholder = meta('meta[property="og:title"]') || (doc.title || "").trim();
          urlInput.placeholder = meta('meta[property="og:url"]') || meta('link[rel="canonical"]', "href");
          bylineInput.placeholder = meta('meta[name="author"]');
        } else {
          var first = text.split(/\r?\n/).map(function (line) { return line.trim(); }).filter(Boolean)[0] || "";
          if (first && first.length <= 200 && !/[.!?"\u201d]$/.test(first)) {
            titleInput.placeholder = first.replace(/^#+\s*/, "");
          }
        }
      };
      reader.readAsText(file);
    }

    function showChosen() {
      prefill();
      list.innerHTML = "";
      chosen.forEach(function (file) {
        var item = document.createElement("li");
        item.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
        list.appendChild(item);
      });
    }

    input.addEventListener("change", function () {
      chosen = Array.prototype.slice.call(input.files);
      showChosen();
    });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragover");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.remove("is-dragover");
      });
    });
    zone.addEventListener("drop", function (event) {
      var dropped = Array.prototype.slice.call(event.dataTransfer.files || []);
      chosen = chosen.concat(dropped);
      showChosen();
    });

    function row(label) {
      var item = document.createElement("li");
      item.className = "upload-result pending";
      var name = document.createElement("strong");
      name.textContent = label;
      var text = document.createElement("span");
      text.textContent = ": uploading…";
      item.appendChild(name);
      item.appendChild(text);
      resultList.appendChild(item);
      return item;
    }

    function render(item, result) {
      item.className = "upload-result " + (result.ok ? "ok" : "failed");
      var text = item.querySelector("span");
      text.textContent = ": ";
      if (result.ok) {
        text.appendChild(document.createTextNode("stored as "));
        var link = document.createElement("a");
        link.href = result.url;
        link.textContent = result.title;
        text.appendChild(link);
        // The analysis runs on a worker: follow it live (upload-progress.js).
        if (window.uploadProgress && result.status_url) { window.uploadProgress.track(item, result); }
      } else {
        var error = document.createElement("span");
        error.className = "error-text";
        error.textContent = result.error || "Upload failed.";
        text.appendChild(error);
        if (result.existing_url) {
          text.appendChild(document.createTextNode(" "));
          var existing = document.createElement("a");
          existing.href = result.existing_url;
          existing.textContent = "Open the existing article";
          text.appendChild(existing);
        }
      }
    }

    function send(label, fill) {
      var data = new FormData(form);
      data.delete("uploads");
      data.delete("text");
      fill(data);
      var item = row(label);
      return fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": window.desk.csrfToken(), Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().catch(function () {
            return { results: [{ ok: false, error: "The server answered " + response.status + "." }] };
          });
        })
        .then(function (payload) {
          (payload.results || []).forEach(function (result) { render(item, result); });
        })
        .catch(function () {
          render(item, { ok: false, error: "Network error: the file was not sent." });
        });
    }

    form.addEventListener("submit", function (event) {
      var text = form.querySelector("textarea[name=text]").value.trim();
      if (!chosen.length && !text) { return; } // let the server explain what is missing
      event.preventDefault();
      results.hidden = false;
      resultList.innerHTML = "";
      submit.disabled = true;
      var jobs = chosen.map(function (file) {
        return function () { return send(file.name, function (data) { data.append("uploads", file, file.name); }); };
      });
      if (text) {
        jobs.push(function () { return send("Pasted text", function (data) { data.append("text", text); }); });
      }
      // One file at a time: the duplicate check of a later file then sees the earlier ones.
      jobs.reduce(function (chain, job) { return chain.then(job); }, Promise.resolve()).then(function () {
        submit.disabled = false;
        chosen = [];
        input.value = "";
        showChosen();
        results.focus();
      });
    });
  });
})();
