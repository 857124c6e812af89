"""Consultation forms. They render fields and carry the CSRF token; the rules (lengths,
choices, dates, roles) live in services, which return French messages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from ..validators import DateInRange, Mandatory
from .models import TEXT_SECTIONS, ProposalStatus, ReportReason, Section, Stance
from .services.common import COMMENT_MAX, DESCRIPTION_MAX, TITLE_MAX


def _section_choices():
    return Section.choices(TEXT_SECTIONS)


def _answer_choices():
    """The statuses an agent gives (a proposal starts as submitted)."""
    return ProposalStatus.choices(
        [ProposalStatus.STUDYING, ProposalStatus.RETAINED, ProposalStatus.REJECTED])


class ConsultationForm(FlaskForm):
    title = StringField(_l("Titre"), render_kw={"maxlength": TITLE_MAX, "required": True})
    introduction = TextAreaField(
        _l("Introduction"), description=_l("Markdown : **gras**, listes, liens."),
        render_kw={"rows": 6},
    )
    opens_at = DateTimeLocalField(_l("Ouverture (heure de Paris)"),
                                  validators=[Optional(), DateInRange()],
                                  format="%Y-%m-%dT%H:%M")
    closes_at = DateTimeLocalField(_l("Clôture (heure de Paris)"),
                                   validators=[Optional(), DateInRange()],
                                   format="%Y-%m-%dT%H:%M")
    report_threshold = IntegerField(
        _l("Signalements avant masquage provisoire"), default=3, validators=[Optional()],
        description=_l("Un commentaire signalé par ce nombre de personnes est masqué en attendant "
                       "la décision d'un agent."),
    )


class NewConsultationForm(ConsultationForm):
    phase_names = TextAreaField(
        _l("Phases de la gouvernance"),
        default="Information\nConcertation\nDécision\nMise en œuvre\nÉvaluation",
        description=_l("Une phase par ligne, dans l'ordre."),
        render_kw={"rows": 6},
    )


class PhaseForm(FlaskForm):
    name = StringField(_l("Nom de la phase"), render_kw={"maxlength": 120, "required": True})
    situation = TextAreaField(_l("La situation aujourd'hui et ses problèmes"),
                              description=_l("Markdown."), render_kw={"rows": 10})
    assessment = TextAreaField(_l("Le bilan du sommet et les idées d'amélioration"),
                               description=_l("Markdown."), render_kw={"rows": 10})
    results = TextAreaField(_l("Les résultats attendus"), description=_l("Markdown."),
                            render_kw={"rows": 10})


class AddPhaseForm(FlaskForm):
    name = StringField(_l("Nom de la nouvelle phase"), render_kw={"maxlength": 120})


class OnBehalfMixin:
    on_behalf_name = StringField(
        _l("Contribution recueillie pour (agents seulement)"),
        description=_l("Nom ou initiales de la personne rencontrée, qui a accepté que sa "
                       "contribution soit publiée. Laissez vide pour contribuer en votre nom."),
        render_kw={"maxlength": 120},
    )
    help_place_id = SelectField(_l("Lieu de la rencontre"), choices=[], validate_choice=False)


class CommentForm(OnBehalfMixin, FlaskForm):
    section = SelectField(_l("Partie commentée"), choices=_section_choices,
                          validate_choice=False)
    stance = RadioField(_l("Votre position"), choices=Stance.choices, default=Stance.NEUTRAL.value,
                        validate_choice=False)
    body = TextAreaField(
        _l("Votre commentaire"),
        description=_l("%(max)d caractères au plus. Les liens sont permis ; le HTML ne l'est pas.",
                       max=COMMENT_MAX),
        render_kw={"rows": 5, "maxlength": COMMENT_MAX, "required": True},
    )
    parent_id = HiddenField()


class EditCommentForm(FlaskForm):
    stance = RadioField(_l("Votre position"), choices=Stance.choices, validate_choice=False)
    body = TextAreaField(_l("Votre commentaire"),
                         render_kw={"rows": 5, "maxlength": COMMENT_MAX, "required": True})


class EditProposalForm(FlaskForm):
    """A proposal's text: required fields marked, each error next to its field."""

    title = StringField(_l("Titre de votre idée"), validators=[Mandatory()],
                        render_kw={"maxlength": TITLE_MAX, "aria-required": "true"})
    description = TextAreaField(
        _l("Description"), description=_l("Ce que vous proposez, pour qui, et pourquoi."),
        validators=[Mandatory()],
        render_kw={"rows": 8, "maxlength": DESCRIPTION_MAX, "aria-required": "true"},
    )


class ProposalForm(OnBehalfMixin, EditProposalForm):
    pass


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("Raison du signalement"),
        choices=ReportReason.choices,
        validate_choice=False,
    )
    text = TextAreaField(_l("Explication (facultative)"), render_kw={"rows": 3, "maxlength": 1000})


class ModerationForm(FlaskForm):
    reason = StringField(_l("Raison publique (affichée à la place du texte masqué)"),
                         render_kw={"maxlength": 500})


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Statut public"),
        choices=_answer_choices,
        validate_choice=False,
    )
    reason = TextAreaField(_l("Raison (publique)"), render_kw={"rows": 3, "maxlength": 500})


class HelpPlaceForm(FlaskForm):
    name = StringField(_l("Nom"), render_kw={"maxlength": 160})
    address = StringField(_l("Adresse"), render_kw={"maxlength": 300})
    hours = StringField(_l("Horaires"), render_kw={"maxlength": 300})
    help_kind = StringField(_l("Aide proposée"), render_kw={"maxlength": 300})
    latitude = StringField(_l("Latitude"), description=_l("Par exemple 47,3941 (facultatif)."))
    longitude = StringField(_l("Longitude"), description=_l("Par exemple 0,6848 (facultatif)."))


class BlockForm(FlaskForm):
    email = StringField(_l("Adresse e-mail du compte"))
    reason = StringField(_l("Raison"), render_kw={"maxlength": 500})


class ActionPlanForm(FlaskForm):
    text = TextAreaField(_l("Le plan d'action"), description=_l("Markdown."),
                         render_kw={"rows": 10})
    pdf = FileField(_l("Document PDF (facultatif)"))
