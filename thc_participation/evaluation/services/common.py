"""Small input helpers shared by the draw services."""

import unicodedata

from flask_babel import gettext as _

from ...errors import Invalid


def text_input(value, label, max_len, required=True, field=None):
    """``value`` stripped and NFC-normalised; ``Invalid`` on ``field`` if empty or too long."""
    value = unicodedata.normalize("NFC", (value or "").strip())
    if required and not value:
        raise Invalid(_("Indiquez %(label)s.", label=label), field=field)
    if len(value) > max_len:
        raise Invalid(_("%(label)s : %(n)s caractères au plus.", label=label, n=max_len),
                      field=field)
    return value


def iso(moment):
    """A UTC moment as the commitment and the bundle write it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
