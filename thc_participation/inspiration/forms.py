"""The picker's form: the card to attach (its id, from a search result's button)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired


class AttachForm(FlaskForm):
    card = HiddenField(validators=[DataRequired(_l("Choisissez une fiche du référentiel."))])
