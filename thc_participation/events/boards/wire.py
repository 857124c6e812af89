"""Strict reading of what a socket sends (docs/board-protocol.md, "Types"): any value that is
not exactly of the documented type is refused with ``invalid`` before a service or the
database sees it.

- a payload is a JSON object of at most ``MAX_PAYLOAD`` characters, made only of objects,
  arrays, strings, numbers, booleans and null: no binary attachment, no lone surrogate;
- ids are integers from 1 to 2^63 - 1, never booleans (``True == 1`` in Python);
- flags are booleans, never ``"yes"``, ``1`` or ``null``;
- column keys and operation ids are strings.
"""

from flask_babel import gettext as _

from ...errors import Invalid

MAX_PAYLOAD = 4096
MAX_ID = 2**63 - 1
MAX_DEPTH = 8
# The transport's limit (engine.io ``max_http_buffer_size``), raised above engine.io's 1 MB
# default so that an oversize payload (up to this size) is answered ``invalid`` instead of the
# transport being closed; beyond it, engine.io closes the connection.
MAX_BUFFER = 2 * 1024 * 1024


def _invalid(message=None):
    return Invalid(message or _("Message mal formé."), code="invalid")


def payload(args):
    """The one payload of an event (``{}`` when none), checked; ``args`` are the arguments the
    client sent. Extra arguments are refused by the caller (``unknown_event``)."""
    data = args[0] if args else None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _invalid()
    if _size(data, MAX_DEPTH) > MAX_PAYLOAD:
        raise _invalid(_("Message trop volumineux."))
    return data


def _size(value, depth):
    """Roughly the JSON size of ``value``; refuses what JSON cannot carry as text."""
    if depth < 0:
        raise _invalid()
    if value is None or isinstance(value, bool | int | float):
        return 8
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ("\ud800"): not text
            raise _invalid(_("Texte invalide.")) from None
        return len(value) + 2
    if isinstance(value, dict):
        total = 2
        for key, item in value.items():
            total += _size(key, depth) + _size(item, depth - 1)
            if total > MAX_PAYLOAD:
                break
        return total
    if isinstance(value, list):
        total = 2
        for item in value:
            total += _size(item, depth - 1)
            if total > MAX_PAYLOAD:
                break
        return total
    raise _invalid()  # bytes (a binary attachment) or anything else


def is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID


def _field(p, field, optional, valid, message=None):
    """``p[field]`` if ``valid``; ``optional``: null or absent gives None."""
    value = p.get(field)
    if value is None and optional:
        return None
    if not valid(value):
        raise _invalid(message)
    return value


def ident(p, field, optional=False):
    """A note, cluster or participant id."""
    return _field(p, field, optional, is_id,
                  _("Identifiant invalide : un entier positif est attendu."))


def idents(p, field, limit=200):
    value = p.get(field, [])
    if not isinstance(value, list) or len(value) > limit or not all(map(is_id, value)):
        raise _invalid(_("Liste de notes invalide."))
    return value


def flag(p, field):
    return _field(p, field, False, lambda v: isinstance(v, bool),
                  _("Valeur invalide : vrai ou faux est attendu."))


def integer(p, field, optional=False):
    """A non-negative integer (position, seconds, since)."""
    return _field(p, field, optional, _is_count,
                  _("Nombre invalide : un entier positif ou nul est attendu."))


def string(p, field, optional=False):
    """A string field (column key, op, code, token, role)."""
    return _field(p, field, optional, lambda v: isinstance(v, str))


def text(p, field):
    """A user text (note, title, pseudonym): a string, or absent (then empty)."""
    value = p.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _invalid(_("Texte invalide."))
    return value
