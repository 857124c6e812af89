"""One registry of labels: every enumeration carries its own French label (a Babel msgid).

    class Role(LabelledEnum):
        AGENT = "agent", _l("Agent de la collectivité")

``Role.AGENT.label`` is the translated label, ``Role.choices()`` the (value, label) pairs of a
select field (lazy labels), ``Role.labels()`` a dict value -> label, and templates write
``{{ value|label }}`` for a member or its stored string alike.
"""

import enum


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
