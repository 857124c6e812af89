"""WTForms validators shared by every module's forms: what a date or a whole number typed in a
form may be, so that an impossible value is a French message next to its field, never a 500
(a date beyond year 9999 once converted to UTC, an integer that overflows its column)."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import NumberRange, ValidationError

MIN_YEAR, MAX_YEAR = 1900, 2100
INT_MAX = 2**31 - 1  # the largest value of an INTEGER column on PostgreSQL


class DateInRange:
    """A date (or date and time) between 1900 and 2100: anything else is a typing mistake."""

    message = _l("Indiquez une date entre 1900 et 2100.")

    def __call__(self, form, field):
        value = field.data
        if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValidationError(self.message)


class Mandatory:
    """Marks a field as required: the ``required`` attribute and the "(obligatoire)" marker of
    ``_forms.field`` (add ``aria-required`` in ``render_kw``). The service checks the value and
    puts its French message next to the field (``field=``), one rule in one place."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


def at_most(high=INT_MAX):
    """A whole number no larger than ``high`` (by default what a column can hold); the lower
    bound, with its own message, is the service's rule."""
    return NumberRange(max=high, message=_l("Indiquez un nombre entier d'au plus %(max)s."))
