"""One registry of labels: every enumeration carries its own French label (a Babel msgid).

    class Role(LabelledEnum):
        AGENT = "agent", _l("Agent de la collectivité")

``Role.AGENT.label`` is the translated label, ``Role.choices()`` the (value, label) pairs of a
select field (lazy labels), ``Role.parse(value, field="role")`` a submitted value as a member
(or ``Invalid`` on that field), ``Role.labels()`` a dict value -> label, and templates write
``{{ value|label }}`` for a member or its stored string alike.
"""

import enum

from flask_babel import gettext as _

from .errors import Invalid


class LabelledEnum(enum.StrEnum):
    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self):
        return str(self._label)

    @classmethod
    def choices(cls, members=None):
        """(value, label) pairs for a select field; the labels stay lazy, so a form class
        built at import time still shows them in the language of each request."""
        return [(m.value, m._label) for m in (members or cls)]

    @classmethod
    def parse(cls, value, field=None, message=None):
        """``value`` (from a form or a payload) as a member; anything else is ``Invalid`` on
        ``field``, with ``message`` or a generic French one."""
        try:
            return cls(value)
        except (ValueError, TypeError):
            raise Invalid(message or _("Choisissez une valeur dans la liste."),
                          code="bad_choice", field=field) from None

    @classmethod
    def labels(cls):
        return {m.value: m.label for m in cls}


def label_of(enum_cls, value, default=""):
    """The label of ``value`` (a member or its string) in ``enum_cls``; ``default`` if unknown."""
    try:
        return enum_cls(value).label
    except ValueError:
        return default


def label_filter(value):
    """Jinja filter ``label``: the label of an enum member, or the value itself."""
    return value.label if isinstance(value, LabelledEnum) else ("" if value is None else value)
