"""Référentiel forms (messages are French msgids). ``services.validation`` re-checks every
field; the form only shapes the input and keeps it on an error."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from ..dashboard.models import CycleStep
from ..validators import DateInRange
from .models import PROGRAMME_PHASES, CardKind, CardScale, Effort, ParticipationLevel

REQUIRED = _l("Ce champ est obligatoire.")
DATE_MESSAGE = _l("Indiquez une date valide (jj/mm/aaaa).")
PHASE_LABELS = {1: _l("1. Engagement et équipe"), 2: _l("2. Diagnostic et cartographie"),
                3: _l("3. Sommet, consultation et plan d'action"),
                4: _l("4. Mise en œuvre des actions"), 5: _l("5. Évaluation")}


def _optional_choice(enum_cls):
    return lambda: [("", _l("— Non précisé —")), *enum_cls.choices()]


class CardForm(FlaskForm):
    """Every field of a card (its kind is chosen when it is created)."""

    kind = SelectField(_l("Type de fiche"), choices=CardKind.choices)
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=200)])
    summary = TextAreaField(_l("Résumé"), validators=[DataRequired(REQUIRED), Length(max=600)],
                            description=_l("Deux ou trois phrases, 600 caractères au plus."))
    body = TextAreaField(_l("Texte"), validators=[Length(max=50_000)],
                         description=_l("Markdown : ## titre, - liste, **gras**, [lien](https://…)."))
    cycle_steps = SelectMultipleField(_l("Étapes du cycle de gouvernance"),
                                      choices=CycleStep.choices, validate_choice=False)
    phases = SelectMultipleField(_l("Phases du programme"), validate_choice=False,
                                 choices=[(str(n), PHASE_LABELS[n]) for n in PROGRAMME_PHASES])
    participation_level = SelectField(_l("Niveau de participation"),
                                      choices=_optional_choice(ParticipationLevel))
    scale = SelectField(_l("Échelle"), choices=_optional_choice(CardScale))
    effort = SelectField(_l("Coût et effort"), choices=_optional_choice(Effort))
    duration = StringField(_l("Durée"), validators=[Length(max=120)],
                           description=_l("Par exemple : une demi-journée, six mois."))
    audience = StringField(_l("Public"), validators=[Length(max=200)])
    territory_name = StringField(_l("Territoire"), validators=[Length(max=120)],
                                 description=_l("Pour une expérience : où elle a eu lieu."))
    started_on = DateField(_l("Début"), validators=[Optional(), DateInRange()])
    ended_on = DateField(_l("Fin"), validators=[Optional(), DateInRange()])
    links = TextAreaField(_l("Liens"), validators=[Length(max=12_000)],
                          description=_l("Un lien par ligne : « Libellé | https://… »."))
    licence = StringField(_l("Licence"), validators=[Length(max=80)],
                          description=_l("Licence Ouverte 2.0 si rien n'est indiqué."))
    sources = TextAreaField(_l("Sources"), validators=[Length(max=5000)])
    related = SelectMultipleField(_l("Fiches liées"), validate_choice=False,
                                  description=_l("Ctrl (ou Cmd) + clic pour en choisir "
                                                 "plusieurs."))
    image = FileField(_l("Image (JPEG ou PNG)"))
    image_alt = StringField(_l("Description de l'image"), validators=[Length(max=200)])
    remove_image = BooleanField(_l("Retirer l'image actuelle"))

    def data_for_service(self, with_kind=False):
        """The submitted fields, keyed as ``services.validation.clean_fields`` reads them."""
        keys = ("title", "summary", "body", "cycle_steps", "phases", "participation_level",
                "scale", "effort", "duration", "audience", "territory_name", "started_on",
                "ended_on", "links", "licence", "sources", "related", "image_alt")
        data = {key: self[key].data for key in keys}
        data["body"] = data["body"] or ""
        data["image"] = self.image.data
        data["remove_image"] = self.remove_image.data
        if with_kind:
            data["kind"] = self.kind.data
        return data


class ReviewForm(FlaskForm):
    """A curator's comment: what the author must change."""

    comment = TextAreaField(_l("Ce qu'il faut modifier"),
                            validators=[DataRequired(REQUIRED), Length(max=5000)],
                            description=_l("L'auteur reçoit ce commentaire par courriel et le "
                                           "voit sur sa fiche."))


class PublishForm(FlaskForm):
    """A curator's note on the version being published (optional)."""

    note = StringField(_l("Note de version"), validators=[Length(max=500)],
                       description=_l("Facultatif : ce qui change dans cette version."))


class CollectiveMemberForm(FlaskForm):
    """The network admin names a member of a "collectif ami" (by their account's e-mail)."""

    email = EmailField(
        _l("Adresse e-mail du compte"),
        validators=[DataRequired(REQUIRED), Email(_l("Cette adresse e-mail n'est pas valide."))],
        description=_l("La personne doit déjà avoir un compte. Elle pourra rédiger des fiches "
                       "du référentiel et les proposer à la publication."),
    )
