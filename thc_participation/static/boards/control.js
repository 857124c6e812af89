/* The summit control room (templates/boards/control_room.html): refreshes the table of every
 * board every 5 seconds from salle.json, and counts the running timers down. */
(function () {
  "use strict";
  var table = document.getElementById("control-room");
  if (!table) { return; }

  function timerText(cell) {
    var ends = cell.dataset.ends ? Date.parse(cell.dataset.ends) : 0;
    var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    cell.textContent = ends && left ? Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2) : "—";
  }

  function refresh() {
    window.fetch(table.dataset.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.boards.forEach(function (b) {
          var row = table.querySelector('tr[data-board="' + b.id + '"]');
          if (!row) { return; }
          ["state_label", "connected", "notes", "votes"].forEach(function (key) {
            var cell = row.querySelector('[data-field="' + key + '"]');
            if (cell.textContent !== String(b[key])) { cell.textContent = b[key]; }
          });
          row.querySelector('[data-field="timer"]').dataset.ends = b.timer_ends_at || "";
        });
      })
      .catch(function () { /* next round */ });
  }

  window.setInterval(refresh, 5000);
  window.setInterval(function () {
    Array.prototype.forEach.call(table.querySelectorAll('[data-field="timer"]'), timerText);
  }, 1000);
}());
