"""A card's history: its published versions and a readable diff between two of them.

The diff compares the versions' snapshots field by field with ``difflib``: long texts (the
body, the sources) line by line, the other fields word by word. It returns plain strings tagged
``equal``/``delete``/``insert``; the template escapes them (never ``|safe``), so a card's text
can never inject markup into the page."""

import difflib
import re

from flask_babel import lazy_gettext as _l

from ...access import parse_id
from ...errors import NotFound
from ...extensions import db
from ..models import CardVersion

# snapshot key -> label, in the card's order; the ones compared line by line
FIELDS = (
    ("title", _l("Titre")), ("summary", _l("Résumé")), ("body", _l("Texte")),
    ("cycle_steps", _l("Étapes du cycle de gouvernance")),
    ("phases", _l("Phases du programme")),
    ("participation_level", _l("Niveau de participation")), ("scale", _l("Échelle")),
    ("effort", _l("Coût et effort")), ("duration", _l("Durée")), ("audience", _l("Public")),
    ("territory_name", _l("Territoire")), ("started_on", _l("Début")),
    ("ended_on", _l("Fin")), ("links", _l("Liens")), ("licence", _l("Licence")),
    ("sources", _l("Sources")), ("image", _l("Image")),
    ("image_alt", _l("Description de l'image")), ("related", _l("Fiches liées")),
)
BY_LINE = {"body", "sources", "links"}
_WORDS = re.compile(r"\s+|[^\s]+")


def versions_of(card):
    """The card's versions, newest first."""
    return db.session.scalars(
        db.select(CardVersion).where(CardVersion.card_id == card.id)
        .order_by(CardVersion.number.desc())).all()


def version_of(card, number):
    """Version ``number`` of ``card`` (a malformed or unknown number is ``NotFound``)."""
    number = parse_id(number)
    version = None if number is None else db.session.scalar(
        db.select(CardVersion).where(CardVersion.card_id == card.id,
                                     CardVersion.number == number))
    if version is None:
        raise NotFound(_l("Cette version n'existe pas."))
    return version


def as_text(key, value):
    """A snapshot value as the text the diff compares."""
    if value is None:
        return ""
    if key == "links":
        return "\n".join(f"{link.get('label') or ''} {link.get('url') or ''}".strip()
                         for link in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _tokens(key, text):
    if key in BY_LINE:
        return text.splitlines(keepends=True)
    return _WORDS.findall(text)


def diff_values(key, old, new):
    """``[(tag, text)]`` turning ``old`` into ``new``: tag ``equal``, ``delete``, ``insert``."""
    a, b = _tokens(key, as_text(key, old)), _tokens(key, as_text(key, new))
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b,
                                                       autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("insert", "".join(b[j1:j2])))
    return parts


def diff(old_version, new_version):
    """The fields that changed between two versions: ``[(label, parts)]`` (``old_version``
    None: the first version, every field shown as added)."""
    old = old_version.snapshot if old_version is not None else {}
    new = new_version.snapshot
    changes = []
    for key, label in FIELDS:
        if old.get(key) != new.get(key):
            changes.append((label, diff_values(key, old.get(key), new.get(key))))
    return changes
