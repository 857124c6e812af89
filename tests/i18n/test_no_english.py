"""No English in the French UI: the site's pages, walked as each role in French, use only
messages the English catalogue translates, and show none of a few English words.

Two checks on one crawl of the demo (``tests/core/test_hostile_input.Crawler``: every GET route
and the links found, two URLs per endpoint):
- every message the pages ask Babel for (``_``, ``ngettext``, lazy labels, in Python and in
  templates) has a translation in ``translations/en`` (not missing, empty or fuzzy): a message
  without one would show French to English readers, and one added without going through the
  catalogue is how developer English slips in;
- the French text of each page (scripts and the language switch aside) holds none of the
  English words below, nor an action log written for developers (``draw.create pool=1``,
  ``TeamMember #16``)."""

import re
from pathlib import Path

import flask_babel
import pytest
from babel.messages.pofile import read_po

from tests.core.test_hostile_input import Crawler
from thc_participation.demo import load_demo

CATALOGUE = (Path(__file__).parents[2] / "thc_participation" / "translations" / "en"
             / "LC_MESSAGES" / "messages.po")
ROLES = ("anonymous", "citizen", "agent", "facilitator", "admin")
DEMO_ACCOUNTS = {"citizen": "citoyen@demo.thc.fr", "agent": "agent@demo.thc.fr",
                 "facilitator": "animation@demo.thc.fr", "admin": "admin@demo.thc.fr"}
# Words no French page says (case-sensitive, whole words): interface English and the defaults
# of Werkzeug, Flask-WTF and Python leaking through.
ENGLISH = ("Submit", "Cancel", "Save", "Delete", "Edit", "Search", "Loading", "Error",
           "Next", "Previous", "Sign in", "Sign up", "Log in", "Log out", "Password", "Settings",
           "Welcome", "None", "True", "False", "Not Found", "Forbidden", "Bad Request",
           "Method Not Allowed", "Internal Server Error", "Redirecting", "This field is required",
           "Invalid", "The CSRF token")
ENGLISH_WORDS = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")
DEVELOPER_LOG = re.compile(r"\b[a-z_]+\.[a-z_]+ [a-z_]+=|\b[A-Z][a-z]+[A-Z]\w* #\d+")
SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
ENGLISH_LINK = re.compile(r"<a [^>]*\blang=\"en\"[^>]*>.*?</a>", re.S)
TAGS = re.compile(r"<[^>]+>")


class FrenchCrawler(Crawler):
    """The crawl, never following the link to the English version (it sets a cookie)."""

    def endpoint(self, path, method="GET"):
        found = super().endpoint(path, method)
        return None if found == "accounts.set_language" else found


def untranslated_messages():
    """The English catalogue's messages without a usable translation, and all its ids."""
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    known, missing = set(), set()
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        known.add(key)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.add(key)
    return known, missing


class Recording:
    """Babel's translations as they are, noting each message asked for."""

    def __init__(self, inner, used):
        self.inner, self.used = inner, used

    def ugettext(self, message):
        self.used.add(message)
        return self.inner.ugettext(message)

    def ungettext(self, singular, plural, n):
        self.used.add((singular, plural))
        return self.inner.ungettext(singular, plural, n)

    def upgettext(self, context, message):
        self.used.add(message)
        return self.inner.upgettext(context, message)

    def unpgettext(self, context, singular, plural, n):
        self.used.add((singular, plural))
        return self.inner.unpgettext(context, singular, plural, n)

    gettext, ngettext, pgettext, npgettext = ugettext, ungettext, upgettext, unpgettext

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture
def used_messages(monkeypatch):
    used = set()
    original = flask_babel.Domain.get_translations
    monkeypatch.setattr(flask_babel.Domain, "get_translations",
                        lambda domain: Recording(original(domain), used))
    return used


def french_text(html):
    return " ".join(TAGS.sub(" ", ENGLISH_LINK.sub(" ", SCRIPTS.sub(" ", html))).split())


@pytest.mark.timeout(1800)  # five crawls of the whole site; the machine may be shared
def test_no_english_in_the_french_ui(app, db, login, used_messages):
    from thc_participation.models import User

    load_demo()
    people = {role: db.session.scalar(db.select(User).where(User.email == email))
              for role, email in DEMO_ACCOUNTS.items()}
    crawler = FrenchCrawler(app, login)
    english = {}

    def check(role, url, response):
        if response.mimetype != "text/html" or 300 <= response.status_code < 400:
            return  # a redirect's body is Werkzeug's, never shown
        text = french_text(response.get_data(as_text=True))
        for found in ENGLISH_WORDS.findall(text) + DEVELOPER_LOG.findall(text):
            english.setdefault(found, f"{url} ({role})")

    for role in ROLES:
        crawler.crawl(people.get(role), role, check)
    known, missing = untranslated_messages()
    used = {message for message in used_messages if message}
    not_in_catalogue = sorted(map(str, used - known))
    not_translated = sorted(map(str, used & missing))
    problems = (
        [f"not in the English catalogue: {m!r}" for m in not_in_catalogue]
        + [f"not translated in the English catalogue: {m!r}" for m in not_translated]
        + [f"English in the French UI: {word!r} on {where}" for word, where in english.items()])
    assert crawler.pages > 100
    assert len(used) > 300  # the recording sees the pages' messages
    assert not problems, (f"{len(problems)} problems over {crawler.pages} pages "
                          f"({len(used)} messages used):\n" + "\n".join(problems))
