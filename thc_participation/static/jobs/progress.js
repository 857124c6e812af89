// A long job's progress bar, live over Socket.IO (namespace /jobs). Without JavaScript the
// page reloads itself every 5 s (a <noscript> refresh) while the job runs.
(function () {
  "use strict";
  var box = document.querySelector("[data-job]");
  if (!box || typeof io !== "function") { return; }
  var jobId = parseInt(box.dataset.job, 10);
  var bar = box.querySelector("progress");
  var message = box.querySelector("[data-job-message]");
  var stateLabel = box.querySelector("[data-job-state]");
  var shown = 0;

  function show(data) {
    if (typeof data.version === "number") {
      if (data.version < shown) { return; }  // an older event arriving late
      shown = data.version;
    }
    if (stateLabel && data.state_label) { stateLabel.textContent = data.state_label; }
    if (message && data.message) { message.textContent = data.message; }
    if (bar) {
      if (data.total) {
        bar.max = data.total;
        bar.value = data.done;
        bar.textContent = data.done + " / " + data.total;
      } else {
        bar.removeAttribute("value");
      }
    }
    if (data.state === "done" || data.state === "failed") {
      socket.close();
      if (data.state === "done" && message) { message.textContent = data.message + " " + box.dataset.msgDone; }
      // The page shows the result (or the "Relancer" button): load it again.
      window.setTimeout(function () { window.location.reload(); }, 1500);
    }
  }

  var socket = io("/jobs", { transports: ["websocket", "polling"] });
  socket.on("connect", function () {
    socket.emit("watch", { job: jobId }, function (answer) {
      if (answer && answer.ok) { show(answer); }
    });
  });
  socket.on("progress", function (data) { if (data.id === jobId) { show(data); } });
  socket.on("disconnect", function () {
    if (message && box.dataset.state !== "done") { message.textContent = box.dataset.msgLost; }
  });
}());
