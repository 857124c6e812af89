// A second client of the /board protocol, written from docs/board-protocol.md alone, with the
// official JavaScript client (socket.io-client from package-lock.json) under Node.
//
// Environment: BOARD_URLS (comma-separated server URLs: the facilitator uses the first, the
// participants the last, so with two processes every broadcast crosses Redis), BOARD_CODE,
// FAC_EMAIL and FAC_PASSWORD (a facilitator of the board's territory).
// Prints one JSON line per check ({"check", "ok", "detail"}) and exits 1 if any failed.
"use strict";

const { io } = require("socket.io-client");
const crypto = require("node:crypto");

const URLS = process.env.BOARD_URLS.split(",");
const CODE = process.env.BOARD_CODE;
const results = [];

function check(name, ok, detail) {
  results.push({ check: name, ok: !!ok, detail: ok ? undefined : detail });
  console.log(JSON.stringify(results[results.length - 1]));
}

const op = () => crypto.randomUUID();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// "Facilitator authentication": the session cookie from /compte/connexion, sent with the
// handshake.
async function signIn(base) {
  const page = await fetch(`${base}/compte/connexion`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf = /name="csrf_token"[^>]*value="([^"]+)"/.exec(await page.text())[1];
  const answer = await fetch(`${base}/compte/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.join("; ") },
    body: new URLSearchParams({
      csrf_token: csrf, email: process.env.FAC_EMAIL, password: process.env.FAC_PASSWORD,
    }),
  });
  const session = answer.headers.getSetCookie().map((c) => c.split(";")[0]);
  return { status: answer.status, cookie: session.join("; ") };
}

class Client {
  constructor(url, cookie) {
    this.changes = [];
    this.removed = [];
    this.socket = io(`${url}/board`, {
      transports: ["websocket"], reconnection: false, forceNew: true,
      extraHeaders: cookie ? { Cookie: cookie } : {},
    });
    this.socket.on("change", (c) => this.changes.push(c));
    this.socket.on("removed", (m) => this.removed.push(m));
  }

  connected() {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once("connect", resolve);
      this.socket.once("connect_error", reject);
    });
  }

  raw(event, ...args) {
    return this.socket.timeout(15000).emitWithAck(event, ...args);
  }

  // Waits out `rate_limited` (the documented answer to a burst), as a real client would.
  async call(event, payload) {
    for (let attempt = 0; attempt < 60; attempt++) {
      const ack = await this.raw(event, payload);
      if (ack.error !== "rate_limited") return ack;
      await sleep(500);
    }
    throw new Error(`${event}: still rate limited`);
  }

  change(event, payload) {
    return this.call(event, { op: op(), ...payload });
  }

  async waitVersion(version) {
    for (let i = 0; i < 100; i++) {
      if (this.changes.some((c) => c.version >= version)) return true;
      await sleep(100);
    }
    return false;
  }

  close() {
    this.socket.disconnect();
  }
}

const NOTE_FIELDS = ["id", "column", "position", "cluster", "text", "hidden", "author",
  "author_name", "votes", "created_at"];

async function main() {
  const facBase = URLS[0];
  const partBase = URLS[URLS.length - 1];

  // -- connection and join (spec: "Connection", "join")
  const login = await signIn(facBase);
  check("sign-in answers a redirect with a session cookie", login.status === 302 && login.cookie,
    login);
  const fac = new Client(facBase, login.cookie);
  await fac.connected();
  const facJoin = await fac.call("join", { code: CODE.toLowerCase(), role: "facilitator" });
  check("facilitator join: ok, me.facilitator, version at the top",
    facJoin.ok && facJoin.object.me.facilitator === true && Number.isInteger(facJoin.version),
    facJoin);
  check("join answer shape: board, me, server_time, announcement (none sent), catch_up snapshot",
    facJoin.object.board.code === CODE && facJoin.object.catch_up === "snapshot" &&
    facJoin.object.announcement === null &&
    Array.isArray(facJoin.object.snapshot.notes) && Array.isArray(facJoin.object.snapshot.clusters) &&
    typeof facJoin.object.snapshot.my_votes === "object" && /Z$/.test(facJoin.object.server_time),
    facJoin.object);

  const nadia = new Client(partBase);
  await nadia.connected();
  const stranger = await nadia.call("join", { code: CODE, role: "facilitator" });
  check("role facilitator without a session: forbidden", stranger.error === "forbidden", stranger);
  const joined = await nadia.call("join", { code: CODE, pseudonym: "Nadia", token: null, since: null });
  const me = joined.object.me;
  const dots = joined.object.board.settings.dots;
  check("participant join: token issued, dots_left = board dots",
    joined.ok && typeof me.token === "string" && me.dots_left === dots && me.facilitator === false,
    joined);

  // -- changes and acknowledgements
  const added = await nadia.change("add", { column: "c1", text: "Des bancs à l'ombre" });
  check("add: ack {ok, version, kind, object} with a note of every documented field",
    added.ok && added.kind === "note.added" && Number.isInteger(added.version) &&
    NOTE_FIELDS.every((f) => f in added.object) && added.object.author === me.participant, added);
  check("the facilitator hears the change with the same version",
    await fac.waitVersion(added.version) &&
    fac.changes.find((c) => c.version === added.version).kind === "note.added", fac.changes);
  const note = added.object.id;
  const second = await nadia.change("add", { column: "c1", text: "Plus de réunions le samedi" });
  check("versions of a board follow each other", second.version === added.version + 1, second);

  const sent = { op: op(), note };
  const voted = await nadia.call("vote", sent);
  check("vote: votes in the ack while counts are shown", voted.ok && voted.object.votes === 1,
    voted);
  const retried = await nadia.call("vote", sent);
  check("a retried operation gets the original acknowledgement",
    JSON.stringify(retried) === JSON.stringify(voted), retried);
  const noDot = await nadia.change("unvote", { note: second.object.id });
  check("unvote without a dot on the note: invalid", noDot.error === "invalid", noDot);

  // -- hidden counts (spec: acknowledgements filtered like broadcasts)
  const hidden = await fac.change("counts", { shown: false });
  check("counts hidden: ack without votes", hidden.ok && hidden.object.shown === false, hidden);
  const secret = await nadia.change("vote", { note });
  check("participant's vote ack has no votes while counts are hidden",
    secret.ok && !("votes" in secret.object), secret);
  await nadia.waitVersion(secret.version);
  const heard = nadia.changes.find((c) => c.version === secret.version);
  check("the ack is exactly the participant's broadcast",
    JSON.stringify({ ok: true, ...heard }) === JSON.stringify(secret), { heard, secret });
  await fac.waitVersion(secret.version);
  check("the facilitator's broadcast keeps the count",
    fac.changes.find((c) => c.version === secret.version).object.votes === 2, fac.changes);
  const unsecret = await nadia.change("unvote", { note });
  check("unvote ack has no votes either", unsecret.ok && !("votes" in unsecret.object), unsecret);
  await fac.change("counts", { shown: true });

  // -- move and position (spec: position is an index on move, a sort key elsewhere)
  const third = await nadia.change("add", { column: "c2", text: "Un budget par quartier" });
  const moved = await fac.change("move", { note: third.object.id, column: "c1", position: 0,
    cluster: null });
  check("move to position 0: first of its column", moved.ok && moved.object.position === 0 &&
    moved.object.column === "c1", moved);
  const snap = await fac.call("snapshot", {});
  const column = snap.object.notes.filter((n) => n.column === "c1")
    .sort((a, b) => a.position - b.position || a.id - b.id).map((n) => n.id);
  check("snapshot answer shape: {ok, version, object: {board, notes, clusters, my_votes}}",
    snap.ok && Number.isInteger(snap.version) && snap.object.board.code === CODE &&
    Array.isArray(snap.object.clusters) && "my_votes" in snap.object, snap);
  check("notes of a column in (position, id) order, moved note first",
    column[0] === third.object.id && column.length === 3, column);

  // -- deleting a note gives its dots back (told by note.deleted)
  const before = (await nadia.call("sync", { since: null })).object.snapshot.my_votes;
  const deleted = await nadia.change("delete", { note });
  check("delete: note.deleted {id}", deleted.ok && deleted.kind === "note.deleted" &&
    deleted.object.id === note, deleted);
  const back = await nadia.call("join", { code: CODE, token: me.token, since: deleted.version });
  check("the deleted note's dots are free again (dots_left)",
    before[String(note)] === 1 && back.object.me.dots_left === dots &&
    back.object.me.participant === me.participant, { before, back });
  check("join with since = version: catch_up none", back.object.catch_up === "none", back.object);

  // -- sync (spec: answer shapes)
  const sync = await nadia.call("sync", { since: added.version });
  check("sync: {ok, version, object: {catch_up: changes, changes}} in version order",
    sync.ok && sync.object.catch_up === "changes" &&
    sync.object.changes.map((c) => c.version).join() ===
    Array.from({ length: sync.version - added.version }, (_, i) => added.version + 1 + i).join(),
    sync);
  const syncNone = await nadia.call("sync", { since: sync.version });
  check("sync at the current version: none", syncNone.object.catch_up === "none", syncNone);

  // -- strict types, unknown events, oversize and binary payloads
  const version = (await fac.call("snapshot", {})).version;
  for (const [event, payload] of [
    ["vote", { note: true }], ["vote", { note: "1" }], ["vote", { note: 1e20 }],
    ["lock", { locked: "yes" }], ["counts", { shown: null }], ["add", { column: 1, text: "x" }],
    ["hide", { note: 1, hidden: 1 }], ["remove_participant", { participant: 2 ** 64 }],
    ["add", { column: "c1", text: "\ud800" }], ["sync", { since: "0" }]]) {
    const ack = await fac.call(event, { op: op(), ...payload });
    check(`${event} ${JSON.stringify(payload)}: invalid`, ack.error === "invalid", ack);
  }
  const still = await fac.call("snapshot", {});
  check("refused events used no version", still.version === version, still);
  const unknown = await nadia.raw("bonjour", {});
  check("unknown event: unknown_event", unknown.error === "unknown_event", unknown);
  const extra = await nadia.raw("vote", { op: op(), note: second.object.id }, "de trop");
  check("extra argument: unknown_event", extra.error === "unknown_event", extra);
  const binary = await nadia.call("add", { op: op(), column: "c1", text: Buffer.from("abc") });
  check("binary payload: invalid", binary.error === "invalid", binary);
  const huge = await nadia.call("add", { op: op(), column: "c1", text: "x".repeat(1100000) });
  check("1.1 MB payload: invalid, connection kept", huge.error === "invalid" &&
    nadia.socket.connected, huge);

  // -- read flood (spec: sync and snapshot are rate-limited)
  const flood = await Promise.all(Array.from({ length: 30 }, () => nadia.raw("snapshot", {})));
  check("a snapshot flood is answered rate_limited",
    flood.some((a) => a.error === "rate_limited") && flood.every((a) => a.ok || a.error === "rate_limited"),
    flood.map((a) => a.error));

  // -- removal
  const gone = await fac.change("remove_participant", { participant: me.participant });
  check("remove_participant: participant.removed", gone.ok && gone.kind === "participant.removed", gone);
  for (let i = 0; i < 50 && !nadia.removed.length; i++) await sleep(100);
  check("the removed participant hears removed", nadia.removed.length === 1, nadia.removed);
  const again = await nadia.call("join", { code: CODE, token: me.token });
  const anew = await nadia.call("join", { code: CODE, pseudonym: "Nadia bis" });
  check("a removed participant stays removed (token, or none on the same socket)",
    again.error === "removed" && anew.error === "removed", { again, anew });

  // -- lock
  const bruno = new Client(partBase);
  await bruno.connected();
  await bruno.call("join", { code: CODE, pseudonym: "Bruno" });
  const locked = await fac.change("lock", { locked: true });
  const refused = await bruno.change("add", { column: "c1", text: "Trop tard" });
  check("locked board: add refused with locked and a French message",
    locked.ok && refused.error === "locked" && /verrouillé/.test(refused.message), refused);
  await fac.change("lock", { locked: false });

  // Broadcasts heard by the facilitator: gap-free once ordered by version.
  const seen = [...new Set(fac.changes.map((c) => c.version))].sort((a, b) => a - b);
  check("versions heard are gap-free", seen.every((v, i) => i === 0 || v === seen[i - 1] + 1), seen);

  for (const c of [fac, nadia, bruno]) c.close();
}

main().then(() => {
  const failed = results.filter((r) => !r.ok).length;
  console.log(JSON.stringify({ checks: results.length, failed }));
  process.exit(failed ? 1 : 0);
}, (err) => {
  console.log(JSON.stringify({ check: "script", ok: false, detail: String(err && err.stack) }));
  process.exit(2);
});
