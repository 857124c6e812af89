"""The hostile-input suite (issue #14, item 7): every form of the site, as each role, gets
hostile values field by field, and the site never answers 500, never stores a script, never
exports a live formula and never stores a NUL character.

How it works, on the demo data (``thc demo``'s Saint-Exemple-sur-Loire):
1. crawl: as each identity, GET every page buildable from ``app.url_map`` with the ids in the
   database, then the site's own links (a few per endpoint), and collect every
   ``<form method="post">`` with its fields (``html.parser``);
2. attack: each distinct form once, field by field, with a rotating subset of ``PAYLOADS``
   (XSS, template injection, 100 KB, NUL, invalid UTF-8 in the raw body, RTL override, emoji,
   huge and negative numbers, impossible dates, formula prefixes, and for file fields
   oversized, mistyped and path-traversal uploads), the other fields keeping sensible values;
3. check: no 500 for any request; NUL refused with 400; every page rendered afterwards (the
   whole crawl again, as each identity) holds no unescaped payload; every CSV and GeoJSON export
   has no cell starting with a formula prefix; no text column of any table holds NUL.

The counts are printed at the end of ``make test`` (``pytest_terminal_summary``)."""

import csv
import io
import json
import re
import time
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, UnicodeConverter

from tests.support.database import where_found
from tests.support.report import COUNTS
from thc_participation.csvio import FORMULA_PREFIXES
from thc_participation.demo import DEMO_SLUG, load_demo
from thc_participation.extensions import db

UPLOAD_LIMIT = 256 * 1024  # the app's MAX_CONTENT_LENGTH here, so "oversized" stays cheap
ROLES = ("anonymous", "citizen", "agent", "elu", "facilitator", "steering", "evaluation",
         "admin")
PER_FIELD = 3  # payloads sent to each field of each form (rotating through PAYLOADS)
PER_ENDPOINT = 2  # distinct URLs crawled per endpoint and identity
MAX_PAGES = 400  # per identity and crawl

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "zq{{7*7}}qz"
FORMULA = '=HYPERLINK("http://evil.example/x","clic")'
INVALID_UTF8 = object()  # raw bytes in the body, not a Python string
NUL = "Nom\x00caché"
PAYLOADS = (
    SCRIPT, TEMPLATE, IMG, "A" * 100_000, NUL, INVALID_UTF8, "\u202egnp.exe\u202c",
    "Réunion 🧑‍🤝‍🧑🔥 ✊🏽", "99999999999999999999", "-99999999999999999999", "-1", "1e400",
    "2026-02-30", "9999-12-31T23:59", "0000-00-00", FORMULA, "+33 6 12 34 56 78", "-2+3",
    "@SUM(A1:A9)", "\t=1+1", "²", "zq${7*7}qz {%raw%}", "' OR 1=1 --", "../../../etc/passwd",
    "<svg/onload=alert(1)>", "javascript:alert(1)", "NaN", "31/02/2026",
)
UPLOADS = (
    ("oversized.csv", b"a;b\r\n" + b"x;y\r\n" * (UPLOAD_LIMIT // 5 + 10), "text/csv"),
    ("document.pdf", b"MZ\x90\x00\x03 this is an executable", "application/pdf"),
    ("photo.png", b"%PDF-1.4 not a picture", "image/png"),
    ("../../../etc/passwd.csv", b"nom;email\r\n=1+1;a@b.fr\r\n", "text/csv"),
    ("..\\..\\windows\\evil.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ("liste.csv", "nom;commentaire\r\n=HYPERLINK(\"x\");<script>alert(1)</script>\r\n"
     .encode("utf-16"), "text/csv"),
    ("\u202etxt.exe.csv", b"\xff\xfe\xfa broken", "text/csv"),
)
PLANTED = (SCRIPT, FORMULA, TEMPLATE, IMG)
# Raw traces of a payload that ran: none may appear in any page.
STORED_TRACES = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "zq49qz",
                 "<svg/onload=alert(1)>")
# Forms that would end the identity's own sessions or account: the attack stays meaningful
# without them (their fields are covered by the accounts tests).
SKIPPED = {"accounts.logout", "accounts.logout_everywhere", "accounts.delete_account",
           "admin.log_out_everywhere"}
NEUTRAL = {"date": "2026-06-15", "datetime-local": "2026-06-15T18:00", "time": "18:00",
           "number": "3", "email": "hostile@exemple.fr", "tel": "0612345678",
           "url": "https://exemple.fr", "month": "2026-06", "color": "#336699"}


# --- crawling --------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Links and forms of one page (fields with their default or first value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "fields": {}, "types": {},
                          "method": a.get("method", "get").upper()}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            self._input(a)
        elif tag == "textarea":
            self._textarea = a["name"]
            self._field(a["name"], "textarea", "")
        elif tag == "select":
            self._select = a["name"]
            self._field(a["name"], "select", None)
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._form["fields"].setdefault(a["name"], [a.get("value", "")])
            self._form["types"].setdefault(a["name"], "button")
        if tag == "option" and self._select and self._form:
            values = self._form["fields"][self._select]
            if values == [None] and a.get("value", "") != "" or "selected" in a:
                values[:] = [a.get("value", "")]

    def _input(self, a):
        kind, name = a.get("type", "text").lower(), a["name"]
        if kind in ("checkbox", "radio"):
            if kind == "radio" and name in self._form["fields"] and "checked" not in a:
                return
            if kind == "checkbox" and "checked" not in a:
                self._form["types"].setdefault(name, kind)
                self._form["fields"].setdefault(name, [])
                return
            self._form["types"][name] = kind
            values = self._form["fields"].setdefault(name, [])
            if kind == "radio":
                values.clear()
            values.append(a.get("value", "on"))
        elif kind not in ("submit", "reset", "image", "button"):
            self._field(name, kind, a.get("value") or NEUTRAL.get(kind, ""))
        elif name:
            self._form["fields"].setdefault(name, [a.get("value", "")])
            self._form["types"].setdefault(name, "button")

    def _field(self, name, kind, value):
        self._form["types"][name] = kind
        self._form["fields"][name] = [value]

    def handle_data(self, data):
        if self._textarea and self._form:
            self._form["fields"][self._textarea] = [data]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            values = self._form["fields"].get(self._select) if self._form else None
            if values == [None]:
                values[:] = [""]
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _ids_by_argument(app):
    """{"event_id": [first, last], ...}: the ids in the database for each URL argument."""
    tables = {t.name: t for t in db.metadata.sorted_tables}
    found = {}
    for rule in app.url_map.iter_rules():
        for name in rule.arguments:
            if name in found or not name.endswith("_id"):
                continue
            stem = name[:-3]
            names = [n for n in tables if n in (stem, stem + "s")] or [
                n for n in tables if n.endswith(("_" + stem, "_" + stem + "s"))]
            table = tables[names[0]] if names else None
            ids = [] if table is None or "id" not in table.c.keys() else db.session.scalars(
                db.select(table.c.id).order_by(table.c.id)).all()
            found[name] = sorted({ids[0], ids[-1]}) if ids else []
    return found


def _seed_urls(app):
    """Every GET route buildable with the demo territory and the database's ids."""
    ids = _ids_by_argument(app)
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        for pick in (0, -1):
            values = {}
            for name in rule.arguments:
                converter = rule._converters.get(name)
                if name == "slug":
                    values[name] = DEMO_SLUG
                elif isinstance(converter, IntegerConverter) and ids.get(name):
                    values[name] = ids[name][pick]
                elif isinstance(converter, UnicodeConverter) and name == "kind":
                    values[name] = "x"
                else:
                    break
            else:
                with app.test_request_context():
                    from flask import url_for

                    urls.append(url_for(rule.endpoint, **values))
    return list(dict.fromkeys(urls))


class Crawler:
    def __init__(self, app, login):
        self.app, self.login = app, login
        self.adapter = app.url_map.bind("thc.test")
        self.seeds = _seed_urls(app)
        self.pages = 0

    def endpoint(self, path, method="GET"):
        try:
            return self.adapter.match(path, method=method)[0]
        except HTTPException:
            return None
        except Exception:  # a redirect the map would make (RequestRedirect is an exception)
            return None

    def client(self, who):
        client = self.app.test_client()
        if who is not None:
            self.login(client, who)
        return client

    def crawl(self, who, label, check=None):
        """GET every seed page and the links found, a few per endpoint; return the forms."""
        client = self.client(who)
        queue, seen, per_endpoint, forms = list(self.seeds), set(), {}, []
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            path = urlsplit(url).path
            endpoint = self.endpoint(path)
            if url in seen or endpoint in (None, "static", "accounts.logout"):
                continue
            if per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
                continue
            seen.add(url)
            per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
            response = client.get(url)
            self.pages += 1
            assert response.status_code != 500, (label, url)
            if check:
                check(label, url, response)
            if response.mimetype != "text/html":
                continue
            parser = _Page()
            parser.feed(response.get_data(as_text=True))
            for href in parser.links:
                target = urljoin(url, href)
                parts = urlsplit(target)
                if parts.netloc in ("", "thc.test") and parts.path.startswith("/"):
                    link = parts.path + (f"?{parts.query}" if parts.query else "")
                    if link not in seen:
                        queue.append(link)
            for form in parser.forms:
                form["action"] = urlsplit(urljoin(url, form["action"] or url)).path
                form["page"] = url
                forms.append(form)
        return forms


# --- attacking -------------------------------------------------------------------------------


class Attack:
    def __init__(self, crawler):
        self.crawler = crawler
        self.turn = self.planted = 0
        self.inputs = 0
        self.uploads = 0
        self.statuses = {}

    def payloads(self, kind):
        """A rotating subset of PAYLOADS; a free-text field also always gets one of the
        payloads that must come out inert (script, template, formula), so that each is
        stored in many places whatever the rotation."""
        chosen = []
        if kind in ("text", "textarea", "search", ""):
            chosen.append(PLANTED[self.planted % len(PLANTED)])
            self.planted += 1
        while len(chosen) < PER_FIELD:
            chosen.append(PAYLOADS[self.turn % len(PAYLOADS)])
            self.turn += 1
        if kind in ("select", "radio", "checkbox", "hidden", "button"):
            chosen = chosen[:2]  # choices get fewer: their refusal is one code path
        return chosen

    def form(self, who, label, form):
        fields = {name: [v for v in values if v is not None]
                  for name, values in form["fields"].items()
                  if name != "csrf_token"}
        for name, kind in form["types"].items():
            if name == "csrf_token":
                continue
            if kind == "file" and form["method"] == "POST":
                fields.pop(name, None)
                for upload in UPLOADS:
                    self.send(who, label, form, fields, files={name: upload})
                    self.uploads += 1
                continue
            for payload in self.payloads(kind):
                self.send(who, label, form, fields, name=name, payload=payload)

    def send(self, who, label, form, fields, name=None, payload=None, files=None):
        client = self.crawler.client(who)  # a fresh session: an earlier form may have ended it
        url = form["action"]
        self.statuses[form["method"]] = self.statuses.get(form["method"], 0) + 1
        if form["method"] == "GET":  # search and filter forms: the values go in the query
            pairs = [(k, v) for k, values in fields.items() if k != name for v in values]
            query = urlencode(pairs).encode()
            if name is not None:
                query += f"&{name}=".encode() + (
                    b"%FF%FE%C3%28" if payload is INVALID_UTF8 else
                    urlencode({"": payload}).encode()[1:])
            response = client.get(url, query_string=query.decode("ascii"))
        elif payload is INVALID_UTF8:
            others = [(k, v) for k, values in fields.items() if k != name for v in values]
            body = urlencode(others).encode() + f"&{name}=".encode() + b"\xff\xfe\xc3(\xa0"
            response = client.post(url, data=body,
                                   content_type="application/x-www-form-urlencoded")
        else:
            data = MultiDict([(k, v) for k, values in fields.items() for v in values])
            if name is not None:
                data.setlist(name, [payload])
            for field, (filename, content, mimetype) in (files or {}).items():
                data.add(field, (io.BytesIO(content), filename, mimetype))
            response = client.post(url, data=data,
                                   content_type="multipart/form-data" if files else None)
        self.inputs += 1
        where = (label, url, name, repr(payload)[:60] if payload is not INVALID_UTF8 else
                 "invalid UTF-8", files and next(iter(files.values()))[0])
        assert response.status_code != 500, where
        if isinstance(payload, str) and "\x00" in payload:
            assert response.status_code == 400, where
        assert_no_trace(response, where)


class _Executable(HTMLParser):
    """What a browser would run from a page: event-handler attributes (the site has none, its
    CSP forbids them), scripts holding a payload, images or frames a payload made."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._script = [], False

    def handle_starttag(self, tag, attrs):
        handlers = [name for name, _ in attrs if name.startswith("on")]
        if handlers:
            self.found.append(f"<{tag} {handlers}>")
        if tag == "img" and ("src", "x") in attrs:
            self.found.append("<img src=x>")
        if any(name in ("href", "src", "action", "formaction")
               and (value or "").strip().lower().startswith("javascript:")
               for name, value in attrs):
            self.found.append(f"<{tag} javascript:>")
        self._script = tag == "script"

    def handle_data(self, data):
        if self._script and "alert(" in data:
            self.found.append("<script>alert")

    def handle_endtag(self, tag):
        self._script = False


def assert_no_trace(response, where):
    if response.mimetype != "text/html":
        return
    page = response.get_data(as_text=True)
    traces = [t for t in STORED_TRACES if t in page]
    assert not traces, (where, traces)
    parser = _Executable()
    parser.feed(page)
    assert parser.found == [], (where, parser.found)


# --- exports ---------------------------------------------------------------------------------


def _export_urls(crawler):
    return [url for url in crawler.seeds if urlsplit(url).path.endswith((".csv", ".geojson"))]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def exported_values(response):
    """The cells of a CSV or the string values of a GeoJSON, as a spreadsheet reads them."""
    if response.mimetype == "text/csv" or urlsplit(response.request.path).path.endswith(".csv"):
        text = response.get_data().decode("utf-8-sig")
        values = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")
                  for c in row]
    else:
        values = list(_strings(json.loads(response.get_data())))
    return values


def live_formulas(values):
    """The values a spreadsheet would run as formulas (our own numbers aside)."""
    return [v[:80] for v in values if v.startswith(FORMULA_PREFIXES) and not NUMBER.fullmatch(v)]


# --- the suite -------------------------------------------------------------------------------


@pytest.fixture
def hostile_app(make_app):
    app = make_app(MAX_CONTENT_LENGTH=UPLOAD_LIMIT)
    with app.app_context():
        load_demo()
        yield app
        db.session.remove()


def test_hostile_input_everywhere(hostile_app, login):
    started = time.monotonic()
    from thc_participation.models import User

    emails = {"citizen": "citoyen@demo.thc.fr", "agent": "agent@demo.thc.fr",
              "elu": "elu@demo.thc.fr", "facilitator": "animation@demo.thc.fr",
              "steering": "copil@demo.thc.fr", "evaluation": "evaluation@demo.thc.fr",
              "admin": "admin@demo.thc.fr"}
    identities = {"anonymous": None}
    for role in ROLES[1:]:
        identities[role] = db.session.scalar(db.select(User).filter_by(email=emails[role]))
    crawler = Crawler(hostile_app, login)
    attack = Attack(crawler)

    # 1-2. Crawl as each identity; attack each distinct form once (first identity seeing it).
    attacked = set()
    for role, who in identities.items():
        for form in crawler.crawl(who, role):
            endpoint = crawler.endpoint(form["action"], form["method"])
            key = (form["method"], form["action"], tuple(sorted(form["types"])))
            if endpoint is None or endpoint in SKIPPED or key in attacked:
                continue
            attacked.add(key)
            attack.form(who, role, form)
    db.session.rollback()

    # 3a. Every page rendered afterwards, as each identity, holds no payload that ran.
    rendered = crawler.pages
    for role, who in identities.items():
        crawler.crawl(who, role, check=lambda label, url, response: assert_no_trace(
            response, (label, url)))
    rendered = crawler.pages - rendered

    # 3b. Every export, as the agent and the network admin, has no live formula.
    exports, neutralised = 0, 0
    for role in ("agent", "admin"):
        client = crawler.client(identities[role])
        for url in _export_urls(crawler):
            response = client.get(url)
            assert response.status_code != 500, (role, url)
            if response.status_code == 200:
                exports += 1
                values = exported_values(response)
                assert live_formulas(values) == [], (role, url, live_formulas(values))
                neutralised += sum(v.startswith("'" + FORMULA[:10]) for v in values)

    # 3c. No NUL in any text column of any table.
    db.session.rollback()
    assert where_found("\x00")["\x00"] == set()
    # The checks above saw the payloads: they were stored (as text), and exported (inert).
    stored = where_found(SCRIPT, IMG, TEMPLATE, FORMULA)
    assert all(stored.values()), stored
    assert neutralised > 0

    COUNTS["hostile input"] = (
        f"{len(attacked)} forms, {attack.inputs} hostile inputs ({attack.statuses.get('POST', 0)}"
        f" POST, {attack.statuses.get('GET', 0)} GET, {attack.uploads} uploads), "
        f"{crawler.pages} pages ({rendered} re-checked), {exports} exports "
        f"({neutralised} planted formulas neutralised), "
        f"{time.monotonic() - started:.0f} s")
    assert len(attacked) >= 40 and attack.inputs >= 500 and exports >= 6, COUNTS
