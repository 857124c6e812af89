// The bell of the header: its unread count follows the person's notifications live over
// Socket.IO (namespace /notifications; the server puts each signed-in socket in its own
// room). Without JavaScript the count is the one of the page load.
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell]");
  if (!bell || typeof io !== "function") { return; }
  var badge = bell.querySelector("[data-bell-count]");
  var label = bell.querySelector("[data-bell-label]");

  // The link's name is its text: "Notifications", the count, then "non lues" (hidden from
  // sight), so that the name read out contains what is seen (WCAG 2.5.3).
  function show(count) {
    if (typeof count !== "number" || count < 0) { return; }
    badge.textContent = String(count);
    badge.hidden = count === 0;
    label.textContent = count === 0 ? bell.dataset.labelNone
      : count === 1 ? bell.dataset.labelOne : bell.dataset.labelMany;
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
