"""Password rules after ANSSI and CNIL guidance (délibération 2022-100): at least 12
characters, not a common password, not the e-mail address, not one repeated character or
short pattern, not a plain sequence. The list of common passwords ships with the package
(``common_passwords.txt``, built by ``scripts/build_common_passwords.py``)."""

import functools
import re
from importlib import resources

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..errors import Invalid

MIN_LENGTH = 12
HINT = _l("12 caractères au moins, sans votre adresse e-mail ni un mot de passe courant "
          "(« motdepasse2024 », « azertyuiop… ») ni une suite (« 123456789012 »). "
          "Une phrase de quatre ou cinq mots faciles à retenir convient très bien.")

_LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s",
                       "5": "s", "7": "t", "€": "e"})
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_ROWS = ("azertyuiopqsdfghjklmwxcvbn", "qwertyuiopasdfghjklzxcvbnm", "1234567890",
         "abcdefghijklmnopqrstuvwxyz")


@functools.cache
def common_passwords():
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _is_common(lowered):
    common = common_passwords()
    compact = lowered.replace(" ", "")
    candidates = {lowered, compact, compact.translate(_LEET), _EDGES.sub("", compact),
                  _EDGES.sub("", compact.translate(_LEET)), _EDGES.sub("", compact).translate(_LEET)}
    return any(c in common for c in candidates if c)


def _is_pattern(lowered):
    """One character repeated, a short unit repeated, or a run along the alphabet, the digits
    or a keyboard row (either way)."""
    for size in (1, 2, 3):
        unit = lowered[:size]
        if (unit * (len(lowered) // size + 1))[:len(lowered)] == lowered:
            return True
    steps = {ord(b) - ord(a) for a, b in zip(lowered, lowered[1:], strict=False)}
    if steps <= {1} or steps <= {-1}:
        return True
    for row in _ROWS:
        doubled = row + row
        if lowered in doubled or lowered[::-1] in doubled:
            return True
    return False


def problem(password, email=None):
    """Why ``password`` is refused (a French message), or None."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return _("Le mot de passe doit compter au moins %(n)d caractères.", n=MIN_LENGTH)
    lowered = password.lower()
    if _is_pattern(lowered) or _is_pattern(lowered.replace(" ", "")):
        return _("Ce mot de passe est une suite ou une répétition de caractères : choisissez "
                 "plutôt une phrase de quelques mots.")
    if _is_common(lowered):
        return _("Ce mot de passe figure parmi les plus courants : choisissez plutôt une phrase "
                 "de quelques mots.")
    if email:
        address = email.strip().lower()
        local = address.partition("@")[0]
        if address in lowered or (len(local) >= 3 and local in lowered):
            return _("Le mot de passe ne doit pas contenir votre adresse e-mail.")
    return None


def check(password, email=None, field="password"):
    message = problem(password, email)
    if message:
        raise Invalid(message, field=field)
