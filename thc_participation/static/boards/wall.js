/* The projector wall and the facilitator's remote (templates/boards/wall.html, remote.html).
 * board.js keeps the connection and the board's state in version order; this file draws the
 * room view through window.THCBoard.hooks: columns and clusters as regions, notes that fill the
 * screen at the largest size that fits, drag and drop (SortableJS) and a keyboard alternative,
 * a controls panel, a presentation mode and a PNG of the wall. Protocol: docs/board-protocol.md. */
(function () {
  "use strict";

  var B = window.THCBoard;
  var root = document.getElementById("board");
  if (!B || !root) { return; }
  var VIEW = root.dataset.view;
  var W = JSON.parse(document.getElementById("wall-i18n").textContent);
  var state = B.state;
  var T = B.T;
  var MIN_FONT = 16;
  var MAX_DOTS = 12;

  function $(id) { return document.getElementById(id); }
  function on(id, event, handler) { var n = $(id); if (n) { n.addEventListener(event, handler); } }
  function fmt(t, v) { return B.fmt(t, v); }

  /* ------------------------------------------------------------ shared: order and controls */

  function looseOf(column) {
    return B.columnNotes(column).filter(function (n) { return !n.cluster || !state.clusters[n.cluster]; });
  }

  function clustersOf(column) {
    return Object.keys(state.clusters).map(function (id) { return state.clusters[id]; })
      .filter(function (c) { return c.column === column; })
      .sort(function (a, b) { return a.id - b.id; });
  }

  /* The lists of a column in visual order: each cluster, then the loose notes. */
  function listsOf(column) {
    var all = B.columnNotes(column);
    var lists = clustersOf(column).map(function (c) {
      return { cluster: c.id, notes: all.filter(function (n) { return n.cluster === c.id; }) };
    });
    lists.push({ cluster: null, notes: looseOf(column) });
    return lists;
  }

  /* Every note in reading order (columns left to right, clusters first): presentation order. */
  function readingOrder() {
    var out = [];
    state.board.columns.forEach(function (col) {
      listsOf(col.key).forEach(function (l) { out = out.concat(l.notes); });
    });
    return out;
  }

  function dotsText(note) {
    return "votes" in note ? fmt(W.dots, { count: note.votes }) : "";
  }

  function syncControls() {
    var s = state.board.state;
    var lock = $("wall-lock");
    if (lock) {
      lock.hidden = s !== "open" && s !== "locked";
      lock.textContent = s === "locked" ? W.unlock : W.lock;
    }
    if ($("ctl-open")) { $("ctl-open").hidden = s !== "preparing"; }
    if ($("wall-counts")) { $("wall-counts").textContent = state.board.counts_shown ? W.hide_counts : W.show_counts; }
  }

  on("wall-lock", "click", function () { B.send("lock", { locked: state.board.state !== "locked" }); });
  on("ctl-open", "click", function () { B.send("open"); });
  on("wall-counts", "click", function () { B.send("counts", { shown: !state.board.counts_shown }); });
  on("wall-timer", "submit", function (e) {
    e.preventDefault();
    B.send("timer", { seconds: Math.round(parseFloat($("wall-minutes").value || "0") * 60) });
  });
  on("wall-timer-stop", "click", function () { B.send("timer", { seconds: 0 }); });

  /* ------------------------------------------------------------ the remote (a phone) */

  if (VIEW === "remote") {
    var presentedId = null;
    var step = function (delta) {
      var order = readingOrder().filter(function (n) { return !n.hidden; });
      if (!order.length) { return; }
      var index = order.map(function (n) { return n.id; }).indexOf(presentedId);
      index = index < 0 ? 0 : Math.max(0, Math.min(order.length - 1, index + delta));
      B.send("present", { note: order[index].id });
    };
    var showCurrent = function () {
      var note = presentedId && state.notes[presentedId];
      $("remote-current").textContent = note ? note.text : W.no_notes;
    };
    B.hooks.render = function () { syncControls(); showCurrent(); };
    B.hooks.presented = function (data) { presentedId = data.note; showCurrent(); };
    on("remote-next", "click", function () { step(presentedId ? 1 : 0); });
    on("remote-prev", "click", function () { step(-1); });
    on("remote-stop", "click", function () { B.send("present", { note: null }); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-timer]"), function (button) {
      button.addEventListener("click", function () {
        B.send("timer", { seconds: parseInt(button.dataset.timer, 10) });
      });
    });
    return;
  }

  /* ------------------------------------------------------------ the wall: drawing */

  var box = $("wall-columns");
  var columnNodes = {};  /* key -> {section, title, body, lists: {clusterId|"loose": ul}} */
  var noteNodes = {};    /* id -> li */
  var sortables = [];
  var dragging = false;
  var renderWaiting = false;
  var grabbed = null;    /* id of the note held with the keyboard */
  var focusId = null;    /* the note in the tab order (roving tabindex) */
  var lastCount = -1;

  function makeList(column, cluster) {
    var ul = B.el("ul", { "class": "wall-list", "data-column": column,
      "data-cluster": cluster === null ? "" : String(cluster) });
    if (window.Sortable) {
      sortables.push(window.Sortable.create(ul, {
        group: "wall-notes", animation: 150, forceFallback: true, fallbackOnBody: true,
        fallbackTolerance: 4, ghostClass: "is-ghost", dragClass: "is-dragged",
        onStart: function () { dragging = true; },
        onEnd: function (evt) { dragging = false; dropped(evt.item); if (renderWaiting) { render(); } }
      }));
    }
    return ul;
  }

  function columnNode(col) {
    var node = columnNodes[col.key];
    if (!node) {
      var title = B.el("h2", { id: "wall-col-" + col.key });
      var body = B.el("div", { "class": "wall-column-body" });
      var section = B.el("section", { "class": "wall-column", "aria-labelledby": "wall-col-" + col.key,
        "data-column": col.key }, [title, body]);
      node = columnNodes[col.key] = { section: section, title: title, body: body, lists: {}, groups: {} };
    }
    return node;
  }

  function listNode(colNode, column, cluster) {
    var key = cluster === null ? "loose" : String(cluster);
    if (!colNode.lists[key]) {
      var ul = makeList(column, cluster);
      colNode.lists[key] = ul;
      if (cluster === null) {
        ul.setAttribute("aria-label", W.loose);
        colNode.groups[key] = ul;
      } else {
        var h3 = B.el("h3", { id: "wall-cluster-" + cluster });
        colNode.groups[key] = B.el("section", { "class": "wall-cluster", "aria-labelledby": "wall-cluster-" + cluster }, [h3, ul]);
      }
    }
    return colNode.lists[key];
  }

  function noteNode(note) {
    var li = noteNodes[note.id];
    if (!li) {
      li = noteNodes[note.id] = B.el("li", { "class": "wall-note is-new", tabindex: "-1", "data-note": note.id }, [
        B.el("p", { "class": "wall-note-text" }),
        B.el("p", { "class": "wall-note-dots" })
      ]);
      window.setTimeout(function () { li.classList.remove("is-new"); }, 400);
    }
    var text = note.hidden && !note.text ? T.hidden_note : note.text;
    var textNode = li.firstChild;
    if (textNode.textContent !== text) { textNode.textContent = text; }
    li.classList.toggle("is-hidden", !!note.hidden);
    li.classList.toggle("is-grabbed", grabbed === note.id);
    var dots = li.lastChild;
    var votes = "votes" in note ? note.votes : 0;
    if (dots.dataset.votes !== String(votes)) {
      dots.dataset.votes = String(votes);
      dots.textContent = "";
      for (var i = 0; i < Math.min(votes, MAX_DOTS); i += 1) {
        dots.appendChild(B.el("span", { "class": "wall-dot", "aria-hidden": "true" }));
      }
      if (votes > MAX_DOTS) { dots.appendChild(B.el("span", { "aria-hidden": "true", text: "+" + (votes - MAX_DOTS) })); }
      dots.appendChild(B.el("span", { "class": "visually-hidden", text: dotsText(note) }));
      dots.hidden = votes === 0;
    }
    return li;
  }

  /* Put ``children`` into ``parent`` in this order, touching only what moved. */
  function place(parent, children) {
    children.forEach(function (child, index) {
      if (parent.children[index] !== child) { parent.insertBefore(child, parent.children[index] || null); }
    });
    while (parent.children.length > children.length) { parent.removeChild(parent.lastChild); }
  }

  function rects() {
    var out = {};
    Object.keys(noteNodes).forEach(function (id) { out[id] = noteNodes[id].getBoundingClientRect(); });
    return out;
  }

  /* Notes glide from where they were to where they are (no jump). */
  function glide(before) {
    if (!Element.prototype.animate) { return; }
    Object.keys(noteNodes).forEach(function (id) {
      var old = before[id];
      if (!old || !noteNodes[id].isConnected) { return; }
      var now = noteNodes[id].getBoundingClientRect();
      var dx = old.left - now.left;
      var dy = old.top - now.top;
      if (Math.abs(dx) + Math.abs(dy) > 1) {
        noteNodes[id].animate([{ transform: "translate(" + dx + "px," + dy + "px)" }, { transform: "none" }],
          { duration: 250, easing: "ease-out" });
      }
    });
  }

  function render() {
    if (dragging) { renderWaiting = true; return; }
    renderWaiting = false;
    syncControls();
    var before = rects();
    var seen = {};
    var columns = state.board.columns.map(function (col) {
      var node = columnNode(col);
      var lists = listsOf(col.key);
      var count = lists.reduce(function (s, l) { return s + l.notes.length; }, 0);
      node.title.textContent = col.title + " (" + count + ")";
      node.section.style.setProperty("--grow", String(count + 3));
      var groups = lists.map(function (l) {
        var ul = listNode(node, col.key, l.cluster);
        var key = l.cluster === null ? "loose" : String(l.cluster);
        if (l.cluster !== null) { node.groups[key].firstChild.textContent = state.clusters[l.cluster].title; }
        place(ul, l.notes.map(function (n) { seen[n.id] = true; return noteNode(n); }));
        return node.groups[key];
      });
      Object.keys(node.lists).forEach(function (key) {
        if (key !== "loose" && !state.clusters[key]) { delete node.lists[key]; delete node.groups[key]; }
      });
      place(node.body, groups);
      return node.section;
    });
    place(box, columns);
    Object.keys(noteNodes).forEach(function (id) { if (!seen[id]) { delete noteNodes[id]; } });
    if (focusId && !noteNodes[focusId]) { focusId = null; }
    Object.keys(noteNodes).forEach(function (id) { noteNodes[id].tabIndex = -1; });
    var current = focusId ? noteNodes[focusId] : box.querySelector("[data-note]");
    if (current) { current.tabIndex = 0; }
    var editable = state.board.state === "open" || state.board.state === "preparing";
    sortables.forEach(function (s) { s.option("disabled", !editable); });
    var count = Object.keys(noteNodes).length;
    fit(count < lastCount);
    lastCount = count;
    glide(before);
    if (grabbed && noteNodes[grabbed] && document.activeElement !== noteNodes[grabbed]) {
      noteNodes[grabbed].focus({ preventScroll: true });
    }
    if (presenting !== null) { showPresented(); }
  }

  /* ------------------------------------------------------------ fitting the room */

  function overflowing() {
    return Object.keys(columnNodes).some(function (key) {
      var body = columnNodes[key].body;
      return body.scrollWidth > body.clientWidth + 1 || body.scrollHeight > body.clientHeight + 1;
    });
  }

  function setFont(px) { root.style.setProperty("--f", px + "px"); }

  /* The largest text size (whole pixels, never below 16) at which every note is on screen.
   * It only grows again when notes go away or the window grows, so new notes never make the
   * text jump up and down. */
  function fit(mayGrow) {
    var current = parseFloat(root.style.getPropertyValue("--f")) || 0;
    var high = Math.max(MIN_FONT, Math.min(64, Math.floor(window.innerHeight / 18)));
    root.classList.remove("is-crowded");
    if (current && !mayGrow) {
      setFont(current);
      if (!overflowing()) { return; }
      high = current;
    }
    var low = MIN_FONT;
    setFont(high);
    if (!overflowing()) { return; }
    while (high - low > 1) {
      var mid = Math.floor((low + high) / 2);
      setFont(mid);
      if (overflowing()) { high = mid; } else { low = mid; }
    }
    setFont(low);
    if (overflowing()) { root.classList.add("is-crowded"); }
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { if (state.board) { fit(true); } }, 150);
  });

  /* ------------------------------------------------------------ moving notes */

  function indexIn(order, id) {
    return order.map(function (n) { return n.id; }).indexOf(id);
  }

  function move(id, column, position, cluster) {
    var note = state.notes[id];
    if (!note) { return; }
    B.send("move", { note: id, column: column, position: position, cluster: cluster }, function (ack) {
      if (!ack || !ack.ok) { render(); return; }
      var obj = ack.object;
      var list = listsOf(obj.column).filter(function (l) { return l.cluster === obj.cluster; })[0];
      var where = { column: B.columnTitle(obj.column), position: indexIn(list.notes, id) + 1, total: list.notes.length };
      if (obj.cluster && state.clusters[obj.cluster]) {
        where.cluster = fmt(W.in_cluster, { title: state.clusters[obj.cluster].title });
      }
      say(fmt(where.cluster ? W.moved_cluster : W.moved, where));
    });
  }

  /* A note dropped by the mouse or a finger: its place among the notes of its new list. */
  function dropped(li) {
    var id = +li.dataset.note;
    var list = li.parentNode;
    if (!list || !list.dataset.column) { render(); return; }
    var column = list.dataset.column;
    var cluster = list.dataset.cluster ? +list.dataset.cluster : null;
    var order = B.columnNotes(column, id);
    var siblings = Array.prototype.filter.call(list.children, function (n) { return n.dataset.note; });
    var at = siblings.indexOf(li);
    var position = order.length;
    if (at > 0) { position = indexIn(order, +siblings[at - 1].dataset.note) + 1; }
    else if (siblings.length > 1) { position = indexIn(order, +siblings[1].dataset.note); }
    var note = state.notes[id];
    if (note.column === column && (note.cluster || null) === cluster && indexIn(B.columnNotes(column), id) === position) { return; }
    move(id, column, position, cluster);
  }

  /* The keyboard alternative: arrows move the held note to the next place. */
  function keyMove(id, key) {
    var note = state.notes[id];
    var cols = state.board.columns.map(function (c) { return c.key; });
    var ci = cols.indexOf(note.column);
    if (key === "ArrowLeft" || key === "ArrowRight") {
      var target = cols[ci + (key === "ArrowLeft" ? -1 : 1)];
      if (target) { move(id, target, B.columnNotes(target, id).length, null); }
      return;
    }
    var lists = listsOf(note.column);
    var order = B.columnNotes(note.column, id);
    var li = -1;
    lists.forEach(function (l, i) { if (indexIn(l.notes, id) >= 0) { li = i; } });
    var here = lists[li].notes;
    var i = indexIn(here, id);
    if (key === "ArrowUp") {
      if (i > 0) { move(id, note.column, indexIn(order, here[i - 1].id), lists[li].cluster); }
      else if (li > 0) {
        var prev = lists[li - 1];
        move(id, note.column, prev.notes.length ? indexIn(order, prev.notes[prev.notes.length - 1].id) + 1 : order.length, prev.cluster);
      }
    } else if (key === "ArrowDown") {
      if (i < here.length - 1) { move(id, note.column, indexIn(order, here[i + 1].id) + 1, lists[li].cluster); }
      else if (li < lists.length - 1) {
        var next = lists[li + 1];
        move(id, note.column, next.notes.length ? indexIn(order, next.notes[0].id) : order.length, next.cluster);
      }
    }
  }

  function say(text) {
    var live = $("wall-announcer");
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function focusNote(li) {
    if (!li) { return; }
    Object.keys(noteNodes).forEach(function (id) { noteNodes[id].tabIndex = -1; });
    li.tabIndex = 0;
    focusId = +li.dataset.note;
    li.focus();
  }

  /* Arrow keys without a held note go from note to note, as one reads the wall. */
  function walk(li, key) {
    var section = li.closest(".wall-column");
    var inColumn = Array.prototype.slice.call(section.querySelectorAll("[data-note]"));
    var i = inColumn.indexOf(li);
    if (key === "ArrowDown") { return focusNote(inColumn[i + 1]); }
    if (key === "ArrowUp") { return focusNote(inColumn[i - 1]); }
    var sections = Array.prototype.slice.call(box.querySelectorAll(".wall-column"));
    var other = sections[sections.indexOf(section) + (key === "ArrowLeft" ? -1 : 1)];
    while (other && !other.querySelector("[data-note]")) {
      other = sections[sections.indexOf(other) + (key === "ArrowLeft" ? -1 : 1)];
    }
    if (other) {
      var notes = other.querySelectorAll("[data-note]");
      focusNote(notes[Math.min(i, notes.length - 1)]);
    }
  }

  box.addEventListener("focusin", function (e) {
    if (e.target.dataset && e.target.dataset.note) { focusId = +e.target.dataset.note; }
  });

  box.addEventListener("keydown", function (e) {
    var li = e.target.closest ? e.target.closest("[data-note]") : null;
    if (!li || presenting !== null) { return; }
    var id = +li.dataset.note;
    if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      if (grabbed === id) { grabbed = null; say(W.dropped); }
      else { grabbed = id; say(fmt(W.picked, { text: state.notes[id].text })); }
      li.classList.toggle("is-grabbed", grabbed === id);
    } else if (e.key === "Escape" && grabbed) {
      e.preventDefault();
      e.stopPropagation();
      grabbed = null;
      li.classList.remove("is-grabbed");
      say(W.dropped);
    } else if (/^Arrow/.test(e.key)) {
      e.preventDefault();
      if (grabbed === id) { keyMove(id, e.key); } else { walk(li, e.key); }
    }
  });

  /* ------------------------------------------------------------ panel, help, full screen */

  function panel(open) {
    $("wall-panel").hidden = !open;
    $("wall-panel-toggle").setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { $("wall-panel").querySelector("button:not([hidden]), input").focus(); }
    else { $("wall-panel-toggle").focus(); }
  }
  on("wall-panel-toggle", "click", function () { panel($("wall-panel").hidden); });
  on("wall-panel-close", "click", function () { panel(false); });
  on("wall-help-open", "click", function () { $("wall-help").showModal(); });
  on("wall-help-close", "click", function () { $("wall-help").close(); });
  function fullScreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
  }
  on("wall-fullscreen", "click", fullScreen);

  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || $("wall-help").open ||
        e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (presenting !== null) {
      if (e.key === "ArrowRight" || e.key === " " || e.key === "PageDown") { e.preventDefault(); present(presenting + 1, true); }
      else if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); present(presenting - 1, true); }
      else if (e.key === "Escape") { e.preventDefault(); stopPresenting(true); }
      return;
    }
    if (e.key === "?") { e.preventDefault(); $("wall-help").showModal(); }
    else if (e.key === "c" || e.key === "C") { panel($("wall-panel").hidden); }
    else if (e.key === "f" || e.key === "F") { fullScreen(); }
    else if (e.key === "p" || e.key === "P") { present(0, true); }
    else if (e.key === "Escape" && !$("wall-panel").hidden) { panel(false); }
  });

  /* ------------------------------------------------------------ presentation, one note at a time */

  var presenting = null;

  function visibleOrder() { return readingOrder().filter(function (n) { return !n.hidden; }); }

  function present(index, tell) {
    var order = visibleOrder();
    if (!order.length) { say(W.no_notes); return; }
    presenting = Math.max(0, Math.min(order.length - 1, index));
    $("wall-present").hidden = false;
    root.classList.add("is-presenting");
    showPresented();
    $("wall-present-next").focus();
    if (tell) { B.send("present", { note: order[presenting].id }); }
  }

  function stopPresenting(tell) {
    presenting = null;
    $("wall-present").hidden = true;
    root.classList.remove("is-presenting");
    if (tell) { B.send("present", { note: null }); }
    $("wall-columns").focus();
  }

  function showPresented() {
    var order = visibleOrder();
    if (!order.length) { return stopPresenting(false); }
    presenting = Math.min(presenting, order.length - 1);
    var note = order[presenting];
    var where = B.columnTitle(note.column);
    if (note.cluster && state.clusters[note.cluster]) { where += " · " + state.clusters[note.cluster].title; }
    $("wall-present-where").textContent = where;
    $("wall-present-text").textContent = note.text;
    $("wall-present-dots").textContent = dotsText(note);
    $("wall-present-count").textContent = fmt(W.present_count, { index: presenting + 1, total: order.length });
  }

  B.hooks.presented = function (data) {
    if (data.note === null) { if (presenting !== null) { stopPresenting(false); } return; }
    var index = visibleOrder().map(function (n) { return n.id; }).indexOf(data.note);
    if (index >= 0) { present(index, false); }
  };
  on("wall-present-start", "click", function () { panel(false); present(0, true); });
  on("wall-present-next", "click", function () { present(presenting + 1, true); });
  on("wall-present-prev", "click", function () { present(presenting - 1, true); });
  on("wall-present-exit", "click", function () { stopPresenting(true); });

  /* ------------------------------------------------------------ PNG of the wall */

  function wrap(ctx, text, width) {
    var lines = [];
    var line = "";
    text.split(/\s+/).forEach(function (word) {
      var test = line ? line + " " + word : word;
      if (ctx.measureText(test).width > width && line) { lines.push(line); line = word; } else { line = test; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function drawPng() {
    var width = 1920;
    var pad = 24;
    var cols = state.board.columns;
    var colWidth = (width - pad * (cols.length + 1)) / cols.length;
    var canvas = document.createElement("canvas");
    var ctx = canvas.getContext("2d");
    var font = "22px sans-serif";
    /* Two passes: measure the height, then draw. */
    function layout(draw) {
      var bottom = 0;
      cols.forEach(function (col, ci) {
        var x = pad + ci * (colWidth + pad);
        var y = 110;
        if (draw) { ctx.fillStyle = "#1d3f8f"; ctx.font = "bold 28px sans-serif"; ctx.fillText(col.title, x, y); }
        y += 20;
        listsOf(col.key).forEach(function (l) {
          if (l.cluster !== null) {
            y += 34;
            if (draw) { ctx.fillStyle = "#1b1b1f"; ctx.font = "bold 24px sans-serif"; ctx.fillText(state.clusters[l.cluster].title, x, y); }
            y += 10;
          }
          l.notes.forEach(function (n) {
            ctx.font = font;
            var lines = wrap(ctx, n.hidden ? T.hidden_note : n.text, colWidth - 24);
            var h = lines.length * 28 + 44;
            if (draw) {
              ctx.fillStyle = n.hidden ? "#eeeeee" : "#fff8c4";
              ctx.fillRect(x, y, colWidth, h);
              ctx.fillStyle = "#1a1a1a";
              lines.forEach(function (text, i) { ctx.fillText(text, x + 12, y + 30 + i * 28); });
              ctx.fillStyle = "#b3261e";
              for (var d = 0; d < Math.min(n.votes || 0, 20); d += 1) {
                ctx.beginPath(); ctx.arc(x + 20 + d * 22, y + h - 14, 8, 0, 2 * Math.PI); ctx.fill();
              }
            }
            y += h + 10;
          });
        });
        bottom = Math.max(bottom, y);
      });
      return bottom + pad;
    }
    canvas.width = width;
    canvas.height = Math.max(400, layout(false));
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#1b1b1f";
    ctx.font = "bold 36px sans-serif";
    ctx.fillText(state.board.question, pad, 56);
    layout(true);
    canvas.toBlob(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = W.png_name + "-" + state.board.code + ".png";
      document.body.appendChild(link);
      link.click();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    }, "image/png");
  }
  on("wall-png", "click", drawPng);

  B.hooks.render = render;
}());
