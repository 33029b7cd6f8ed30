// The upload page and a run's progress: plain JavaScript, no build. Without it the form
// posts as usual and the run page refreshes itself.
"use strict";

(function () {
  function setUpUpload(form) {
    const input = form.querySelector("#upload-files");
    const zone = form.querySelector("#dropzone");
    const chosen = form.querySelector("#chosen");
    const error = form.querySelector("#upload-error");
    const bar = form.querySelector("#upload-bar");
    let dropped = null;

    function show(files) {
      chosen.replaceChildren(...Array.from(files).map(function (file) {
        const item = document.createElement("li");
        item.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
        return item;
      }));
    }
    input.addEventListener("change", function () { dropped = null; show(input.files); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      dropped = event.dataTransfer.files;
      show(dropped);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const files = dropped || input.files;
      if (!files.length) { error.textContent = "没有选择文件。"; return; }
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      Array.from(files).forEach(function (file) { data.append("files", file, file.name); });
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", form.elements.csrfmiddlewaretoken.value);
      request.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) { bar.max = progress.total; bar.value = progress.loaded; }
      });
      request.addEventListener("load", function () {
        let answer = {};
        try { answer = JSON.parse(request.responseText); } catch (ignored) { answer = {}; }
        if (request.status === 202 && answer.url) { window.location.assign(answer.url); return; }
        error.textContent = answer.error || ("上传失败（HTTP " + request.status + "）");
        form.querySelector("#upload-submit").disabled = false;
        bar.hidden = true;
      });
      request.addEventListener("error", function () {
        error.textContent = "上传失败：连不上服务器。";
        form.querySelector("#upload-submit").disabled = false;
      });
      error.textContent = "";
      bar.hidden = false;
      form.querySelector("#upload-submit").disabled = true;
      request.send(data);
    });
  }

  function followRun(section) {
    const rows = document.getElementById("outcomes");
    let last = 0;
    rows.querySelectorAll("tr[data-id]").forEach(function (row) { last = Math.max(last, Number(row.dataset.id)); });

    function addRow(outcome) {
      const row = document.createElement("tr");
      row.dataset.id = outcome.id;
      row.className = "outcome-" + outcome.status;
      const file = document.createElement("td");
      if (outcome.article) {
        const link = document.createElement("a");
        link.href = outcome.article;
        link.textContent = outcome.file;
        file.append(link);
      } else {
        file.textContent = outcome.file;
      }
      const label = document.createElement("td");
      label.textContent = outcome.label;
      const message = document.createElement("td");
      message.textContent = outcome.message;
      row.append(file, label, message);
      rows.append(row);
      last = Math.max(last, outcome.id);
    }

    function update(state) {
      const bar = document.getElementById("run-bar");
      bar.max = Math.max(state.total, 1);
      bar.value = state.done;
      document.getElementById("run-done").textContent = state.done;
      document.getElementById("run-total").textContent = state.total;
      Object.keys(state.counts).forEach(function (status) {
        const cell = section.querySelector('[data-count="' + status + '"]');
        if (cell) { cell.textContent = state.counts[status]; }
      });
      state.outcomes.forEach(addRow);
      const finished = state.finished && state.outcomes.length === 0;
      document.getElementById("run-state").textContent = state.finished ? "完成" : "导入中…";
      section.dataset.finished = finished ? "true" : "false";
      return finished;
    }

    function poll() {
      fetch(section.dataset.statusUrl + "?after=" + last, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (state) { if (!update(state)) { window.setTimeout(poll, 1000); } })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();  // once at least: a finished run may have more outcomes than the page shows
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("upload-form");
    if (form) { setUpUpload(form); }
    const run = document.getElementById("run");
    if (run) { followRun(run); }
  });
})();
