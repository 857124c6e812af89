"""Board management forms. They render fields and carry the CSRF token; the rules live in
services, which return French messages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional

from .models import TransferKind
from .services.boards import QUESTION_MAX
from .services.summit_room import MESSAGE_MAX


class BoardForm(FlaskForm):
    question = TextAreaField(_l("Question de l'atelier"),
                             render_kw={"maxlength": QUESTION_MAX, "required": True, "rows": 2})
    columns = TextAreaField(_l("Colonnes"), description=_l("Une colonne par ligne."),
                            render_kw={"rows": 4, "required": True})
    event_id = SelectField(_l("Atelier du sommet"), coerce=int, validate_choice=False,
                           description=_l("Facultatif : le tableau peut aussi être libre."))
    dots = IntegerField(_l("Gommettes par participant"), default=3,
                        render_kw={"min": 0, "max": 20, "inputmode": "numeric"})
    note_length = IntegerField(_l("Longueur maximale d'une note (caractères)"), default=200,
                               render_kw={"min": 20, "max": 500, "inputmode": "numeric"})
    allow_anonymous = BooleanField(_l("Participation sans compte (avec un pseudonyme)"),
                                   default=True)
    show_authors = BooleanField(_l("Afficher le pseudonyme des auteurs"), default=True)


class TransferForm(FlaskForm):
    target = SelectField(_l("Envoyer vers"), validate_choice=False)
    kind = SelectField(_l("Sous forme de"), choices=TransferKind.choices)
    notes = SelectMultipleField(_l("Notes"), coerce=int, validate_choice=False,
                                validators=[Optional()])
    clusters = SelectMultipleField(_l("Regroupements"), coerce=int, validate_choice=False,
                                   validators=[Optional()])


class BroadcastForm(FlaskForm):
    """The control room's message and/or countdown to every live board."""
    message = TextAreaField(_l("Message affiché sur tous les tableaux"),
                            description=_l("Facultatif, 200 caractères au plus."),
                            validators=[Optional()],
                            render_kw={"maxlength": MESSAGE_MAX, "rows": 2})
    minutes = DecimalField(_l("Compte à rebours (minutes)"), places=None,
                           description=_l("Facultatif : de 0,5 à 60 minutes, sur tous les tableaux."),
                           validators=[Optional(), NumberRange(
                               min=0, max=60, message=_l("Indiquez une durée de 0 à 60 minutes."))],
                           render_kw={"min": 0, "max": 60, "step": 0.5, "inputmode": "decimal"})
