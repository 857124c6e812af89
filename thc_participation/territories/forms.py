from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..models import Role, TerritoryKind
from ..validators import DateInRange, at_most

REQUIRED = _l("Ce champ est obligatoire.")


class TerritoryForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=120)])
    slug = StringField(
        _l("Identifiant d'adresse"),
        validators=[Optional(), Length(max=80)],
        description=_l("Utilisé dans les adresses /t/… ; laissé vide, il est tiré du nom."),
    )
    kind = SelectField(
        _l("Type de collectivité"), choices=TerritoryKind.choices()
    )
    population = IntegerField(
        _l("Population"),
        validators=[DataRequired(_l("Indiquez la population (un nombre entier).")),
                    NumberRange(min=1, message=_l("La population doit être positive.")),
                    at_most()],
    )
    programme_start = DateField(
        _l("Début du programme (J+0)"), validators=[Optional(), DateInRange()],
        description=_l("Laisser vide pour un territoire membre du réseau seulement."),
    )
    follows_programme = BooleanField(_l("Suit le programme THC (sinon : membre du réseau seulement)"))
    latitude = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)])


class GrantRoleForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail du compte"), validators=[DataRequired(REQUIRED)])
    role = SelectField(_l("Rôle"), choices=Role.choices())


class NetworkMemberForm(FlaskForm):
    user_id = SelectField(_l("Agent ou élu·e à désigner au réseau"), choices=[])
