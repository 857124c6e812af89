// The bell of the header: its unread count follows the person's notifications live over
// Socket.IO (namespace /notifications; the server puts each signed-in socket in its own
// room). Without JavaScript the count is the one of the page load.
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell]");
  if (!bell || typeof io !== "function") { return; }
  var badge = bell.querySelector("[data-bell-count]");

  function show(count) {
    if (typeof count !== "number" || count < 0) { return; }
    badge.textContent = String(count);
    badge.hidden = count === 0;
    var label = count === 0 ? bell.dataset.labelNone
      : count === 1 ? bell.dataset.labelOne
      : bell.dataset.labelMany.replace("{n}", String(count));
    bell.setAttribute("aria-label", label);
    bell.dataset.count = String(count);
  }

  var socket = io("/notifications", { transports: ["websocket", "polling"] });
  socket.on("unread", function (data) { if (data) { show(data.count); } });
  socket.on("connect", function () {
    // Catch up with what arrived while disconnected.
    socket.emit("count", null, function (answer) {
      if (answer && answer.ok) { show(answer.count); }
    });
  });
}());
