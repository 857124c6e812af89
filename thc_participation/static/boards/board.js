/* Live workshop board client (participant phone page and facilitator projector page).
 * Protocol: docs/board-protocol.md. No framework: the official Socket.IO client only.
 * Changes are applied strictly in board-version order; missed ones are fetched on reconnect. */
(function () {
  "use strict";

  var root = document.getElementById("board");
  if (!root || typeof io === "undefined") { return; }
  var T = JSON.parse(document.getElementById("board-i18n").textContent);
  var CODE = root.dataset.code;
  var PROJECTOR = root.dataset.role === "facilitator";
  var TOKEN_KEY = "thc-board-token-" + CODE;
  var NAME_KEY = "thc-board-pseudonym";

  var state = {
    applied: 0, buffer: {}, notes: {}, clusters: {}, board: null, me: null, myVotes: {},
    connected: 0, joined: false, identity: root.dataset.signedIn === "1" ||
      !!storage("get", TOKEN_KEY), removed: false, editing: null, selected: {},
    offset: 0, gapTimer: null, pending: []
  };

  function storage(action, key, value) {
    try {
      if (action === "get") { return window.localStorage.getItem(key); }
      window.localStorage.setItem(key, value);
    } catch (e) { return null; }
    return null;
  }

  function $(id) { return document.getElementById(id); }

  /* Views other than the phone page and the management projector (the wall, the remote) draw
   * the board themselves: they set hooks on window.THCBoard (static/boards/wall.js). */
  var hooks = {};

  function listen(id, event, handler) {
    var node = $(id);
    if (node) { node.addEventListener(event, handler); }
  }

  function setHidden(id, hidden) {
    var node = $(id);
    if (node) { node.hidden = hidden; }
  }

  function fmt(template, values) {
    // A plural message is {"0": …, "1": …, "n": …} (templating.plural_forms): pick by count.
    if (typeof template === "object") { template = template[String(values.count)] || template.n; }
    return template.replace(/\{(\w+)\}/g, function (_m, k) { return values[k]; });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; }
      else if (k === "on") { node.addEventListener("click", attrs[k]); }
      else if (attrs[k] !== null && attrs[k] !== false) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  function newOp() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "op-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  /* ------------------------------------------------------------ status and announcements */

  function setStatus(text, kind) {
    var status = $("board-status");
    status.textContent = text;
    status.className = "board-status status-" + (kind || "ok");
  }

  var announceQueue = [];
  var announceTimer = null;
  function announce(text) {
    announceQueue.push(text);
    if (announceTimer) { return; }
    announceTimer = window.setTimeout(function () {
      var n = announceQueue.length;
      $("board-announcer").textContent = n === 1 ? announceQueue[0] :
        fmt(T.new_notes, { count: n });
      announceQueue = [];
      announceTimer = null;
    }, 1500);
  }

  function showError(message) {
    var box = $("board-error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  /* ------------------------------------------------------------ socket */

  var socket = io("/board", { transports: ["websocket", "polling"] });

  function send(event, payload, done) {
    payload = payload || {};
    if (!payload.op) { payload.op = newOp(); }
    var item = { event: event, payload: payload, done: done };
    state.pending.push(item);
    if (state.joined) { transmit(item); }
    return item;
  }

  function transmit(item) {
    socket.timeout(10000).emit(item.event, item.payload, function (err, ack) {
      if (err) { return; } /* no answer: resent with the same op id after reconnecting */
      state.pending = state.pending.filter(function (p) { return p !== item; });
      if (ack && ack.ok) {
        /* unversioned events (present) have nothing to apply */
        if (ack.version) { receive({ version: ack.version, kind: ack.kind, object: ack.object }); }
        showError("");
      } else if (ack) {
        showError(ack.message);
        if (ack.error === "removed") { onRemoved(ack.message); }
      }
      if (item.done) { item.done(ack); }
    });
  }

  function join(extra) {
    var payload = { code: CODE, token: storage("get", TOKEN_KEY),
      pseudonym: storage("get", NAME_KEY) || "", since: state.applied || null,
      role: PROJECTOR ? "facilitator" : "participant" };
    Object.keys(extra || {}).forEach(function (k) { payload[k] = extra[k]; });
    socket.timeout(15000).emit("join", payload, function (err, ack) {
      if (err) { setStatus(T.reconnecting, "warn"); return; }
      if (!ack.ok) { return joinRefused(ack); }
      var obj = ack.object;
      state.me = obj.me;
      state.board = obj.board;
      state.offset = Date.parse(obj.server_time) - Date.now();
      if (obj.me.token) { storage("set", TOKEN_KEY, obj.me.token); }
      showAnnouncement(obj.announcement);
      if (obj.catch_up === "snapshot") { applySnapshot(ack.version, obj.snapshot); }
      else if (obj.catch_up === "changes") { obj.changes.forEach(receive); }
      state.joined = true;
      state.identity = true;
      setHidden("board-join", true);
      setStatus(T.connected, "ok");
      state.pending.forEach(transmit);
      render();
    });
  }

  /* The control room's message: live (the ``announcement`` event), or still current when this
     socket joins (``join``'s ``announcement``; null clears an expired one). */
  function showAnnouncement(data) {
    var box = $("board-announcement"), message = (data && data.message) || "";
    if (!box || box.textContent !== message) { if (message) { announce(message); } }
    if (box) { box.textContent = message; box.hidden = !message; }
  }

  function joinRefused(ack) {
    state.joined = false;
    if (ack.error === "empty" || ack.error === "too_long") {
      state.identity = false;
      $("board-join").hidden = false;
      $("board-join-error").textContent = ack.message;
      $("board-join-error").hidden = false;
      setStatus(T.choose_name, "warn");
      return;
    }
    if (ack.error === "removed") { return onRemoved(ack.message); }
    setStatus(ack.message, "error");
  }

  function onRemoved(message) {
    state.removed = true;
    state.joined = false;
    setStatus(message, "error");
    socket.disconnect();
    render();
  }

  socket.on("connect", function () {
    setStatus(T.joining, "warn");
    if (state.identity) { join(); } else { $("board-join").hidden = false; setStatus(T.choose_name, "warn"); }
  });
  socket.on("disconnect", function () {
    state.joined = false;
    if (!state.removed) { setStatus(T.reconnecting, "warn"); }
  });
  socket.io.on("reconnect_attempt", function () { setStatus(T.reconnecting, "warn"); });
  socket.on("change", receive);
  socket.on("presence", function (data) { state.connected = data.connected; renderCounters(); });
  socket.on("removed", function (data) { onRemoved(data.message); });
  socket.on("announcement", showAnnouncement);
  socket.on("presented", function (data) { if (hooks.presented) { hooks.presented(data); } });
  window.THCBoard = { state: state, send: send, T: T, hooks: hooks, socket: socket,
    announce: announce, fmt: fmt, el: el, columnNotes: columnNotes, columnTitle: columnTitle,
    scheduleRender: scheduleRender };

  /* ------------------------------------------------------------ applying changes in order */

  function receive(change) {
    if (change.version <= state.applied) { return; }
    state.buffer[change.version] = change;
    drain();
  }

  function drain() {
    var next;
    while ((next = state.buffer[state.applied + 1])) {
      delete state.buffer[state.applied + 1];
      state.applied += 1;
      apply(next);
    }
    watchGap();
    scheduleRender();
  }

  function watchGap() {
    var waiting = Object.keys(state.buffer).length > 0;
    if (!waiting) { window.clearTimeout(state.gapTimer); state.gapTimer = null; return; }
    if (state.gapTimer) { return; }
    state.gapTimer = window.setTimeout(function () {
      state.gapTimer = null;
      socket.timeout(10000).emit("sync", { since: state.applied }, function (err, ack) {
        if (err || !ack.ok) { return watchGap(); }
        if (ack.object.catch_up === "snapshot") { applySnapshot(ack.version, ack.object.snapshot); }
        else if (ack.object.catch_up === "changes") { ack.object.changes.forEach(receive); }
        scheduleRender();
      });
    }, 1500);
  }

  function applySnapshot(version, snap) {
    state.notes = {};
    state.clusters = {};
    snap.notes.forEach(function (n) { state.notes[n.id] = n; });
    snap.clusters.forEach(function (c) { state.clusters[c.id] = c; });
    state.myVotes = snap.my_votes || {};
    state.applied = version;
    Object.keys(state.buffer).forEach(function (v) { if (+v <= version) { delete state.buffer[v]; } });
    drain();
  }

  function columnNotes(column, exclude) {
    return Object.keys(state.notes).map(function (id) { return state.notes[id]; })
      .filter(function (n) { return n.column === column && n.id !== exclude; })
      .sort(function (a, b) { return a.position - b.position || a.id - b.id; });
  }

  function apply(change) {
    var o = change.object;
    var mine = state.me && o.participant === state.me.participant;
    switch (change.kind) {
      case "note.added":
        state.notes[o.id] = o;
        if (!state.me || o.author !== state.me.participant) {
          announce(fmt(T.new_note, { column: columnTitle(o.column), text: o.text }));
        }
        break;
      case "note.edited": case "note.hidden":
        state.notes[o.id] = o;
        break;
      case "note.moved":
        var old = state.notes[o.id];
        var list = columnNotes(o.column, o.id);
        list.splice(Math.min(o.position, list.length), 0, o);
        list.forEach(function (n, i) { n.position = i; });
        state.notes[o.id] = o;
        if (old && old.column !== o.column) {
          columnNotes(old.column, o.id).forEach(function (n, i) { n.position = i; });
        }
        break;
      case "note.deleted":
        delete state.notes[o.id];
        delete state.myVotes[o.id];
        break;
      case "vote.added": case "vote.removed":
        if (state.notes[o.note] && "votes" in o) { state.notes[o.note].votes = o.votes; }
        if (mine) {
          state.myVotes[o.note] = (state.myVotes[o.note] || 0) + (change.kind === "vote.added" ? 1 : -1);
        }
        break;
      case "votes.reset":
        Object.keys(state.notes).forEach(function (id) { state.notes[id].votes = 0; });
        state.myVotes = {};
        break;
      case "cluster.created": case "cluster.edited":
        state.clusters[o.id] = o;
        o.notes.forEach(function (id) { if (state.notes[id]) { state.notes[id].cluster = o.id; } });
        break;
      case "cluster.deleted":
        delete state.clusters[o.id];
        Object.keys(state.notes).forEach(function (id) {
          if (state.notes[id].cluster === o.id) { state.notes[id].cluster = null; }
        });
        break;
      case "board.state":
        state.board.state = o.state;
        announce(T.states[o.state]);
        break;
      case "board.timer":
        state.board.timer_ends_at = o.ends_at;
        break;
      case "board.counts":
        state.board.counts_shown = o.shown;
        if (o.votes) {
          Object.keys(state.notes).forEach(function (id) { state.notes[id].votes = o.votes[id] || 0; });
        }
        break;
      case "board.settings":
        state.board = o;
        break;
      case "board.inspirations":
        state.board.inspirations = o.cards;
        announce(o.cards.length ? fmt(T.inspirations, { titles: o.cards.map(function (c) { return c.title; }).join(", ") }) : T.no_inspirations);
        break;
      case "participant.removed":
        Object.keys(o.votes || {}).forEach(function (id) {
          if (state.notes[id]) { state.notes[id].votes = o.votes[id]; }
        });
        if (state.me && o.participant === state.me.participant) { state.myVotes = {}; }
        break;
    }
  }

  function columnTitle(key) {
    var found = (state.board ? state.board.columns : []).filter(function (c) { return c.key === key; });
    return found.length ? found[0].title : key;
  }

  /* ------------------------------------------------------------ rendering */

  var renderQueued = false;
  function scheduleRender() {
    if (renderQueued) { return; }
    renderQueued = true;
    window.requestAnimationFrame(function () { renderQueued = false; render(); });
  }

  function dotsLeft() {
    var used = Object.keys(state.myVotes).reduce(function (s, k) { return s + state.myVotes[k]; }, 0);
    return Math.max(0, state.board.settings.dots - used);
  }

  function render() {
    if (!state.board) { return; }
    $("board-question").textContent = state.board.question;
    $("board-state").textContent = T.states[state.board.state];
    $("board-state").className = "badge board-state-" + state.board.state;
    renderInspirations();
    if (hooks.render) { hooks.render(); renderCounters(); return; }
    var focused = document.activeElement && document.activeElement.dataset ?
      document.activeElement.dataset.key : null;
    renderForm();
    var columns = $("board-columns");
    columns.textContent = "";
    state.board.columns.forEach(function (column, index) {
      columns.appendChild(renderColumn(column, index));
    });
    renderCounters();
    renderControls();
    if (focused) {
      var again = root.querySelector('[data-key="' + focused + '"]');
      if (again) { again.focus(); }
    }
  }

  /* "Pour s'inspirer": the référentiel cards the facilitator attached (links on phones,
   * titles only on the projector wall). */
  function renderInspirations() {
    var box = $("board-inspirations"), list = $("board-inspirations-list");
    if (!box || !list) { return; }
    var cards = state.board.inspirations || [];
    var wall = root.dataset.view === "wall";
    list.textContent = "";
    cards.forEach(function (card) {
      var kind = el("span", { "class": "inspiration-kind", text: (T.card_kinds || {})[card.kind] || "" });
      var title = wall ? el("strong", { text: card.title }) : el("a", { href: card.url, text: card.title });
      var summary = wall ? null : el("span", { "class": "inspiration-summary", text: card.summary });
      list.appendChild(el("li", { "data-card": card.id }, [kind, title, summary]));
    });
    box.hidden = cards.length === 0;
  }

  function renderForm() {
    var form = $("board-note-form");
    var canWrite = state.joined && !state.removed &&
      (state.board.state === "open" || (PROJECTOR && state.board.state === "preparing"));
    form.hidden = !canWrite;
    var select = $("board-note-column");
    if (select.options.length !== state.board.columns.length) {
      select.textContent = "";
      state.board.columns.forEach(function (c) { select.appendChild(el("option", { value: c.key, text: c.title })); });
    }
    $("board-note-text").setAttribute("maxlength", state.board.settings.note_length);
  }

  function renderColumn(column, index) {
    var notes = columnNotes(column.key);
    var section = el("section", { "class": "board-column", "aria-labelledby": "col-" + column.key }, [
      el("h2", { id: "col-" + column.key, text: column.title + " (" + notes.length + ")" })
    ]);
    Object.keys(state.clusters).map(function (id) { return state.clusters[id]; })
      .filter(function (c) { return c.column === column.key; })
      .forEach(function (cluster) {
        var members = notes.filter(function (n) { return n.cluster === cluster.id; });
        var group = el("div", { "class": "board-cluster" }, [
          el("h3", { text: cluster.title }),
          PROJECTOR ? clusterControls(cluster) : null,
          noteList(members, index)
        ]);
        section.appendChild(group);
      });
    section.appendChild(noteList(notes.filter(function (n) { return !n.cluster || !state.clusters[n.cluster]; }), index));
    return section;
  }

  function noteList(notes, columnIndex) {
    var list = el("ul", { "class": "board-notes" });
    notes.forEach(function (note) { list.appendChild(renderNote(note, columnIndex)); });
    return list;
  }

  function button(label, key, onClick, extra) {
    var attrs = { type: "button", "class": "board-button", "data-key": key, text: label, on: onClick };
    Object.keys(extra || {}).forEach(function (k) { attrs[k] = extra[k]; });
    return el("button", attrs);
  }

  function renderNote(note, columnIndex) {
    var mine = state.me && note.author === state.me.participant;
    var item = el("li", { "class": "board-note" + (note.hidden ? " is-hidden" : "") + (mine ? " is-mine" : ""),
      "data-note": note.id });
    if (state.editing === note.id) { item.appendChild(editForm(note)); return item; }
    item.appendChild(el("p", { "class": "board-note-text", text: note.hidden && !note.text ? T.hidden_note : note.text }));
    var meta = [];
    if (note.author_name) { meta.push(note.author_name); }
    if ("votes" in note && (state.board.counts_shown || PROJECTOR)) { meta.push(fmt(T.dots, { count: note.votes })); }
    if (state.myVotes[note.id]) { meta.push(fmt(T.my_dots, { count: state.myVotes[note.id] })); }
    if (note.hidden) { meta.push(T.hidden); }
    item.appendChild(el("p", { "class": "board-note-meta", text: meta.join(" · ") }));
    var actions = el("div", { "class": "board-note-actions" });
    var open = state.board.state === "open" && state.joined;
    if (open && !PROJECTOR && !note.hidden) {
      actions.appendChild(button(T.vote, "vote-" + note.id, function () { send("vote", { note: note.id }); },
        { "aria-label": fmt(T.vote_for, { text: note.text }), disabled: dotsLeft() < 1 ? "disabled" : null }));
      if (state.myVotes[note.id]) {
        actions.appendChild(button(T.unvote, "unvote-" + note.id, function () { send("unvote", { note: note.id }); },
          { "aria-label": fmt(T.unvote_for, { text: note.text }) }));
      }
    }
    if (open && (mine || PROJECTOR)) {
      actions.appendChild(button(T.edit, "edit-" + note.id, function () { state.editing = note.id; render(); }));
      actions.appendChild(button(T["delete"], "delete-" + note.id, function () {
        if (window.confirm(T.confirm_delete)) { send("delete", { note: note.id }); }
      }));
    }
    if (PROJECTOR && open) { projectorNoteControls(actions, note, columnIndex); }
    item.appendChild(actions);
    return item;
  }

  function editForm(note) {
    var area = el("textarea", { id: "edit-" + note.id, maxlength: state.board.settings.note_length, rows: 3 });
    area.value = note.text;
    var form = el("form", { "class": "board-edit" }, [
      el("label", { "for": "edit-" + note.id, text: T.edit_label }), area,
      el("button", { type: "submit", "class": "board-button", text: T.save }),
      button(T.cancel, "cancel-" + note.id, function () { state.editing = null; render(); })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      send("edit", { note: note.id, text: area.value }, function (ack) {
        if (ack && ack.ok) { state.editing = null; render(); }
      });
    });
    window.setTimeout(function () { area.focus(); }, 0);
    return form;
  }

  function projectorNoteControls(actions, note, columnIndex) {
    var cols = state.board.columns;
    function move(column, position, cluster) {
      send("move", { note: note.id, column: column, position: Math.max(0, position), cluster: cluster });
    }
    actions.appendChild(button("▲", "up-" + note.id, function () { move(note.column, note.position - 1, note.cluster); },
      { "aria-label": fmt(T.move_up, { text: note.text }) }));
    actions.appendChild(button("▼", "down-" + note.id, function () { move(note.column, note.position + 1, note.cluster); },
      { "aria-label": fmt(T.move_down, { text: note.text }) }));
    if (columnIndex > 0) {
      actions.appendChild(button("◀", "left-" + note.id, function () { move(cols[columnIndex - 1].key, 9999, null); },
        { "aria-label": fmt(T.move_to, { column: cols[columnIndex - 1].title }) }));
    }
    if (columnIndex < cols.length - 1) {
      actions.appendChild(button("▶", "right-" + note.id, function () { move(cols[columnIndex + 1].key, 9999, null); },
        { "aria-label": fmt(T.move_to, { column: cols[columnIndex + 1].title }) }));
    }
    actions.appendChild(button(note.hidden ? T.show : T.hide, "hide-" + note.id, function () {
      send("hide", { note: note.id, hidden: !note.hidden });
    }));
    var box = el("input", { type: "checkbox", id: "select-" + note.id, "data-key": "select-" + note.id,
      "aria-label": fmt(T.select_note, { text: note.text }) });
    box.checked = !!state.selected[note.id];
    box.addEventListener("change", function () {
      if (box.checked) { state.selected[note.id] = true; } else { delete state.selected[note.id]; }
    });
    actions.appendChild(el("span", { "class": "board-select" }, [box,
      el("label", { "for": "select-" + note.id, text: T.select })]));
    if (note.author && (!state.me || note.author !== state.me.participant)) {
      actions.appendChild(button(T.remove_author, "remove-" + note.id, function () {
        if (window.confirm(T.confirm_remove)) { send("remove_participant", { participant: note.author }); }
      }));
    }
  }

  function clusterControls(cluster) {
    return el("div", { "class": "board-note-actions" }, [
      button(T.rename, "rename-" + cluster.id, function () {
        var title = window.prompt(T.cluster_title, cluster.title);
        if (title) { send("cluster_edit", { cluster: cluster.id, title: title }); }
      }),
      button(T.ungroup, "ungroup-" + cluster.id, function () { send("cluster_delete", { cluster: cluster.id }); })
    ]);
  }

  function renderCounters() {
    if (!state.board) { return; }
    var notes = Object.keys(state.notes).length;
    $("board-connected").textContent = fmt(T.connected_count, { count: state.connected });
    var extra = $("board-counters-extra");
    if (PROJECTOR) {
      var votes = Object.keys(state.notes).reduce(function (s, id) { return s + (state.notes[id].votes || 0); }, 0);
      extra.textContent = fmt(T.notes_count, { count: notes }) + " · " + fmt(T.votes_count, { count: votes });
    } else if (state.me) {
      extra.textContent = fmt(T.dots_left, { count: dotsLeft(), total: state.board.settings.dots });
    }
  }

  function renderControls() {
    if (!PROJECTOR) { return; }
    var s = state.board.state;
    $("ctl-open").hidden = !(s === "preparing");
    $("ctl-lock").hidden = s !== "open";
    $("ctl-unlock").hidden = s !== "locked";
    $("ctl-close").hidden = s === "closed";
    $("ctl-counts").textContent = state.board.counts_shown ? T.hide_counts : T.show_counts;
  }

  /* ------------------------------------------------------------ timer */

  window.setInterval(function () {
    var box = $("board-timer");
    var ends = state.board && state.board.timer_ends_at ? Date.parse(state.board.timer_ends_at) : 0;
    var left = Math.max(0, Math.round((ends - (Date.now() + state.offset)) / 1000));
    box.hidden = !ends;
    var text = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
    if (box.dataset.last !== text) {
      box.dataset.last = text;
      box.textContent = fmt(T.timer, { time: text });
      if (left === 0 && ends) { announce(T.timer_done); }
    }
  }, 500);

  /* ------------------------------------------------------------ forms and controls */

  listen("board-join", "submit", function (e) {
    e.preventDefault();
    var name = $("board-pseudonym").value;
    storage("set", NAME_KEY, name);
    state.identity = true;
    join({ pseudonym: name });
  });

  listen("board-note-form", "submit", function (e) {
    e.preventDefault();
    var area = $("board-note-text");
    var text = area.value;
    if (!text.trim()) { showError(T.empty_note); area.focus(); return; }
    send("add", { column: $("board-note-column").value, text: text }, function (ack) {
      if (ack && ack.ok) { area.value = ""; setStatus(T.note_added, "ok"); }
      area.focus();
    });
  });

  if (PROJECTOR && $("ctl-open")) {
    $("ctl-open").addEventListener("click", function () { send("open"); });
    $("ctl-lock").addEventListener("click", function () { send("lock", { locked: true }); });
    $("ctl-unlock").addEventListener("click", function () { send("lock", { locked: false }); });
    $("ctl-close").addEventListener("click", function () {
      if (window.confirm(T.confirm_close)) { send("close"); }
    });
    $("ctl-counts").addEventListener("click", function () { send("counts", { shown: !state.board.counts_shown }); });
    $("ctl-reset").addEventListener("click", function () {
      if (window.confirm(T.confirm_reset)) { send("reset_votes"); }
    });
    $("ctl-timer").addEventListener("submit", function (e) {
      e.preventDefault();
      send("timer", { seconds: Math.round(parseFloat($("ctl-minutes").value || "0") * 60) });
    });
    $("ctl-timer-stop").addEventListener("click", function () { send("timer", { seconds: 0 }); });
    $("ctl-cluster").addEventListener("submit", function (e) {
      e.preventDefault();
      var ids = Object.keys(state.selected).map(Number).filter(function (id) { return state.notes[id]; });
      if (!ids.length) { showError(T.select_first); return; }
      send("cluster", { title: $("ctl-cluster-title").value, column: state.notes[ids[0]].column, notes: ids },
        function (ack) {
          if (ack && ack.ok) { state.selected = {}; $("ctl-cluster-title").value = ""; render(); }
        });
    });
  }
}());
