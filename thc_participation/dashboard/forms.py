"""Dashboard forms; the messages are French msgids. Services re-check every rule."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..validators import DateInRange, at_most
from . import fees, timeline
from .models import (
    ActorKind,
    CycleStep,
    DocumentKind,
    InventoryCategory,
    MeetingMoment,
    Rating,
    Stage,
    SupportLevel,
    TeamRole,
)
from .permissions import TERRITORY_DOCUMENTS

REQUIRED = _l("Ce champ est obligatoire.")
DATE_MESSAGE = _l("Indiquez une date valide (jj/mm/aaaa).")


def _date(label, required=True):
    return DateField(label, validators=[DataRequired(DATE_MESSAGE) if required else Optional(),
                                       DateInRange()])


class TeamMemberForm(FlaskForm):
    role = SelectField(_l("Fonction dans l'équipe"), choices=TeamRole.choices)
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=120)])
    function = StringField(_l("Fonction ou mandat"), validators=[Length(max=160)],
                           description=_l("Par exemple : maire, adjointe à la vie associative."))
    service = StringField(_l("Service (référents THC)"), validators=[Length(max=120)])
    email = StringField(_l("Courriel"), validators=[Length(max=254)])
    phone = StringField(_l("Téléphone"), validators=[Length(max=30)])
    show_email = BooleanField(_l("La personne accepte que son courriel soit affiché"))
    show_phone = BooleanField(_l("La personne accepte que son téléphone soit affiché"))
    draw_id = SelectField(_l("Tirage au sort qui l'a désigné·e (citoyens)"), choices=[],
                          validate_choice=False)


class ConsentForm(FlaskForm):
    show_email = BooleanField(_l("Afficher mon courriel sur le tableau de bord"))
    show_phone = BooleanField(_l("Afficher mon téléphone sur le tableau de bord"))


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Type de document"), choices=DocumentKind.choices)
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=200)])
    document_date = _date(_l("Date du document"))
    file = FileField(_l("Fichier"), description=_l(
        "PDF pour les documents, JPEG ou PNG pour les schémas ; 10 Mo au plus."))
    body = TextAreaField(_l("Ou texte (comptes rendus, rapports d'évaluation, bilan)"),
                         description=_l("Mise en forme Markdown acceptée."))


class TerritoryDocumentForm(DocumentForm):
    """The documents a territory publishes (the evaluation group publishes its own)."""

    kind = SelectField(_l("Type de document"),
                       choices=lambda: DocumentKind.choices(TERRITORY_DOCUMENTS))


class VideoForm(FlaskForm):
    video_url = StringField(_l("Lien de la vidéo d'engagement"), validators=[Length(max=300)],
                            description=_l("Adresse complète commençant par https://"))
    video_date = _date(_l("Date de la vidéo"), required=False)


class PlanForm(FlaskForm):
    declaration = TextAreaField(_l("Déclaration"), validators=[DataRequired(REQUIRED)])
    framework = TextAreaField(_l("Cadre du plan d'action"), validators=[DataRequired(REQUIRED)])
    adopted_on = _date(_l("Date d'adoption"), required=False)


class InventoryForm(FlaskForm):
    step = SelectField(_l("Étape du cycle de gouvernance"), choices=CycleStep.choices)
    category = SelectField(_l("Catégorie"), choices=InventoryCategory.choices)
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=160)])
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)])


class ActorForm(FlaskForm):
    name = StringField(_l("Nom de l'acteur"), validators=[DataRequired(REQUIRED), Length(max=160)])
    kind = SelectField(_l("Type d'acteur"), choices=ActorKind.choices)
    description = TextAreaField(_l("Ce qu'il fait pour le bien commun"),
                                validators=[DataRequired(REQUIRED), Length(max=2000)])
    address = StringField(_l("Adresse (facultatif)"), validators=[Length(max=200)])
    website = StringField(_l("Site web (facultatif)"), validators=[Length(max=300)])
    latitude = StringField(_l("Latitude"), description=_l(
        "Cliquez sur la carte pour la remplir, ou saisissez-la (ex. 47,3915)."))
    longitude = StringField(_l("Longitude"), description=_l("Par exemple 0,6848."))


class CommitmentForm(FlaskForm):
    title = StringField(_l("Intitulé de l'engagement"),
                        validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(REQUIRED)])
    expected_results = TextAreaField(_l("Résultats attendus"), validators=[DataRequired(REQUIRED)])


class ActionMemberForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=120)])
    role = StringField(_l("Rôle dans le groupe action"),
                       validators=[DataRequired(REQUIRED), Length(max=120)])
    email = StringField(_l("Courriel de son compte (facultatif)"), validators=[Length(max=254)],
                        description=_l("Avec son compte, la personne publie elle-même les "
                                       "avancées de l'action."))


class LinkProposalForm(FlaskForm):
    proposal_id = SelectField(_l("Proposition retenue dont l'engagement est issu"), choices=[],
                              validate_choice=False)


class MeetingForm(FlaskForm):
    phase = SelectField(_l("Phase du programme"),
                        choices=lambda: [(p.key, f"{p.number}. {p.label}") for p in timeline.PHASES],
                        validate_choice=False)  # the service names a wrong phase in French
    moment = SelectField(_l("Moment"), choices=MeetingMoment.choices)
    meeting_date = _date(_l("Date de la réunion"))
    title = StringField(_l("Intitulé"), validators=[DataRequired(REQUIRED), Length(max=200)])
    agenda = TextAreaField(_l("Ordre du jour"), validators=[Length(max=10_000)])


class MinutesForm(FlaskForm):
    attendees = SelectMultipleField(_l("Membres présents"), choices=[], validate_choice=False)
    decisions = TextAreaField(_l("Décisions prises"), validators=[Length(max=10_000)])
    minutes = TextAreaField(_l("Compte rendu"), validators=[Length(max=50_000)],
                            description=_l("Mise en forme Markdown acceptée."))
    publish = BooleanField(_l("Publier le compte rendu (il devient public)"))


class EvaluationReportForm(DocumentForm):
    publish_now = BooleanField(_l("Publier tout de suite (sinon le rapport reste réservé au "
                                  "groupe jusqu'à sa publication)"))


class CriterionForm(FlaskForm):
    title = StringField(_l("Intitulé du critère"),
                        validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    archived = BooleanField(_l("Retirer ce critère du référentiel"))


class AssessmentForm(FlaskForm):
    criterion_id = SelectField(_l("Critère"), choices=[], validate_choice=False)
    rating = SelectField(_l("Appréciation du groupe"), choices=Rating.choices)
    comment = TextAreaField(_l("Ce que le groupe a constaté"),
                            validators=[DataRequired(REQUIRED), Length(max=10_000)])


class UpdateForm(FlaskForm):
    update_date = _date(_l("Date de l'avancée"))
    stage = SelectField(_l("Étape de l'action"), choices=Stage.choices)
    text = TextAreaField(_l("Ce qui a avancé"), validators=[DataRequired(REQUIRED)])
    photo_1 = FileField(_l("Photo 1 (JPEG ou PNG)"))
    caption_1 = StringField(_l("Description de la photo 1"), validators=[Length(max=200)])
    photo_2 = FileField(_l("Photo 2 (JPEG ou PNG)"))
    caption_2 = StringField(_l("Description de la photo 2"), validators=[Length(max=200)])

    def photos(self):
        return [(self.photo_1.data, self.caption_1.data), (self.photo_2.data, self.caption_2.data)]


class FeesForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only calculator submitted with GET

    mode = RadioField(
        _l("Situation de la collectivité"), default=fees.PROGRAMME,
        choices=[(fees.PROGRAMME, _l("Territoire du programme (contribution de base)")),
                 (fees.NETWORK, _l("Membre du réseau seulement (barème d'adhésion)"))])
    population = IntegerField(
        _l("Population (habitants)"),
        validators=[InputRequired(REQUIRED),
                    NumberRange(1, fees.MAX_POPULATION, _l("Indiquez une population entre 1 et "
                                                           "100 000 000 habitants."))])
    support_days = IntegerField(
        _l("Jours d'accompagnement supplémentaire"), default=0,
        validators=[Optional(), NumberRange(0, fees.MAX_SUPPORT_DAYS,
                                            _l("De 0 à 365 jours."))])


class ConventionForm(FlaskForm):
    duration_months = IntegerField(
        _l("Durée du programme (mois)"), default=timeline.DURATION_MONTHS,
        validators=[InputRequired(REQUIRED), at_most()])
    support_level = SelectField(_l("Niveau d'accompagnement"), choices=SupportLevel.choices)
    support_days_contracted = IntegerField(
        _l("Jours d'accompagnement supplémentaire prévus par la convention"), default=0,
        validators=[InputRequired(REQUIRED), at_most()])


class SupportSessionForm(FlaskForm):
    day = _date(_l("Date"))
    days = IntegerField(_l("Jours d'accompagnement supplémentaire décomptés"), default=0,
                        description=_l("0 pour l'accompagnement de base."),
                        validators=[InputRequired(REQUIRED), at_most()])
    trip = BooleanField(_l("Déplacement sur le territoire"))
    subject = StringField(_l("Objet"), validators=[DataRequired(REQUIRED), Length(max=200)])


def assessment_form(entries, guide_dates):
    """The entry assessment form: its date and text, and for every deliverable whether it
    already existed and the date the territory plans for it (the guide's landmark as hint)."""

    class AssessmentForm(FlaskForm):
        assessed_on = _date(_l("Date de l'état des lieux"))
        assessment = TextAreaField(
            _l("Ce que le territoire fait déjà, le parcours retenu"),
            validators=[Length(max=20_000)])

    for item in timeline.DELIVERABLES:
        entry = entries.get(item.key)
        setattr(AssessmentForm, f"existing_{item.key}", BooleanField(
            _l("Existait déjà à l'entrée dans le programme"),
            default=bool(entry and entry.existing)))
        setattr(AssessmentForm, f"planned_{item.key}", DateField(
            _l("Date prévue"), default=entry.planned_on if entry else None,
            validators=[Optional(), DateInRange()],
            description=guide_dates.get(item.key)))
    return AssessmentForm
