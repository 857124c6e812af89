// Progressive enhancement of a phase (or proposal) page: live comments, vote counts and
// moderation through Socket.IO, and votes without a page reload. Without JavaScript every
// form still works.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root) { return; }
  var phaseId = parseInt(root.dataset.phase, 10);
  var proposalId = root.dataset.proposal ? parseInt(root.dataset.proposal, 10) : null;
  var list = root.querySelector("[data-comment-list]");
  var status = root.querySelector("[data-live-status]");
  var template = document.getElementById("comment-template");
  var onFirstPage = root.dataset.page === "1";
  var sortedByNew = root.dataset.sort === "recent";
  var sectionFilter = root.dataset.section;

  function say(message) { if (status) { status.textContent = message; } }

  // The page's messages, translated by the server (data-msg-* on the live section);
  // "{name}" placeholders are filled from ``values``.
  function text(key, values) {
    var message = root.dataset["msg" + key] || "";
    Object.keys(values || {}).forEach(function (name) {
      message = message.split("{" + name + "}").join(values[name]);
    });
    return message;
  }

  function byId(id) { return document.getElementById("commentaire-" + id); }

  // Events may arrive out of order: apply only what is newer than what the page shows.
  function fresh(item, data) {
    var shown = parseInt(item.dataset.version || "0", 10);
    if (typeof data.version === "number") {
      if (data.version <= shown) { return false; }
      item.dataset.version = data.version;
    }
    return true;
  }

  function setCounts(data) {
    var item = byId(data.id);
    if (!item || !fresh(item, data)) { return; }
    var votes = item.querySelector(":scope > article .votes");
    if (!votes) { return; }
    ["up", "down"].forEach(function (key) {
      var node = votes.querySelector('[data-count="' + key + '"]');
      if (node && typeof data[key] === "number") { node.textContent = data[key]; }
    });
  }

  function fill(node, data) {
    node.id = "commentaire-" + data.id;
    node.dataset.comment = data.id;
    node.dataset.version = data.version;
    node.classList.add("depth-" + data.depth);
    node.querySelector(".author").textContent = data.author;
    var stance = node.querySelector(".stance");
    stance.textContent = data.stance_label;
    stance.classList.add("stance-" + data.stance);
    var tag = node.querySelector(".section-tag");
    tag.textContent = data.depth === 0 && !data.proposal_id ? data.section_label : "";
    var time = node.querySelector("time");
    time.setAttribute("datetime", data.created_at);
    time.textContent = new Date(data.created_at).toLocaleString("fr-FR", {
      dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris"
    });
    // body_html is built by the server from escaped text (links made safe).
    node.querySelector("[data-body]").innerHTML = data.body_html;
    node.querySelector("[data-thread-link]").href =
      root.dataset.threadBase + (data.root_id || data.id) + "#commentaire-" + data.id;
    node.querySelector("ol.replies").dataset.replies = data.id;
  }

  function added(data) {
    if ((data.proposal_id || null) !== proposalId || byId(data.id)) { return; }
    if (data.parent_id) {
      var replies = document.querySelector('[data-replies="' + data.parent_id + '"]');
      if (!replies) { return; }
      var reply = template.content.firstElementChild.cloneNode(true);
      fill(reply, data);
      replies.appendChild(reply);
      say(text("Reply", { name: data.author }));
      return;
    }
    if (sectionFilter && data.section !== sectionFilter) { return; }
    if (!(onFirstPage && sortedByNew)) {
      say(text("Elsewhere"));
      return;
    }
    var node = template.content.firstElementChild.cloneNode(true);
    fill(node, data);
    list.insertBefore(node, list.firstChild);
    var empty = root.querySelector("[data-empty]");
    if (empty) { empty.remove(); }
    say(text("Comment", { name: data.author }));
  }

  function changed(data) {
    var item = byId(data.id);
    if (!item || !fresh(item, data)) { return; }
    var body = item.querySelector(":scope > article [data-body]");
    if (data.notice) {
      body.textContent = "";
      var p = document.createElement("p");
      p.className = "notice";
      p.textContent = data.notice;
      body.appendChild(p);
      var actions = item.querySelector(":scope > article .comment-actions");
      if (actions) { actions.remove(); }
    } else {
      body.innerHTML = data.body_html;
    }
  }

  function supports(data) {
    var box = document.querySelector('[data-supports="' + data.id + '"] [data-count="supports"]');
    if (!box) { return; }
    // data-forms: the message's plural forms {"0", "1", "n"} (templating.plural_forms).
    var forms = JSON.parse(box.dataset.forms);
    box.textContent = (forms[String(data.supports)] || forms.n).replace("{count}", data.supports);
  }

  function sectionText(data) {
    var text = document.querySelector('[data-section-text="' + data.section + '"]');
    // html is the phase text rendered by the server from Markdown and sanitised.
    if (text && data.phase_id === phaseId) { text.innerHTML = data.html; }
  }

  if (typeof io !== "undefined") {
    var socket = io("/consultation", { transports: ["websocket", "polling"] });
    var joinedBefore = false;
    socket.on("connect", function () {
      socket.emit("join", { phase: phaseId });
      if (joinedBefore) {
        // No replay of missed events: tell the reader how to catch up.
        say(text("Reconnected"));
      }
      joinedBefore = true;
    });
    socket.on("comment_created", added);
    socket.on("comment_counts", setCounts);
    socket.on("comment_changed", changed);
    socket.on("proposal_counts", supports);
    socket.on("proposal_created", function (data) {
      say(text("Proposal", { title: data.title }));
    });
    socket.on("proposal_changed", function (data) {
      if (data.id === proposalId && data.notice) { say(data.notice); }
    });
    socket.on("phase_updated", sectionText);
  }

  // Votes without reloading: the same form, sent with fetch; the server answers JSON.
  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("vote-form")) { return; }
    event.preventDefault();
    var body = new FormData(form);
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": body.get("csrf_token") || "" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) { say(result.data.message); return; }
      setCounts(result.data);
      var forms = form.parentNode.querySelectorAll(".vote-form");
      Array.prototype.forEach.call(forms, function (other) {
        var button = other.querySelector("button");
        var value = button.classList.contains("vote-up") ? 1 : -1;
        var pressed = result.data.mine === value;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
        other.querySelector('input[name="value"]').value = pressed ? 0 : value;
      });
      say(result.data.message);
    }).catch(function () { form.submit(); });
  });
})();
