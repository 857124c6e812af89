"""Event forms; the messages are French msgids. Rules live in services."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from ..validators import DateInRange, at_most
from .models import EventKind, EventStatus, Visibility
from .recurrence import Frequency
from .services.validation import EventData, Recurrence

REQUIRED = _l("Ce champ est obligatoire.")
NO_REPEAT = _l("Ne se répète pas")
POSTPONED = _l("Reporté (date à préciser)")


class EventForm(FlaskForm):
    kind = SelectField(_l("Type d'événement"), validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=160)])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=20000)],
        description=_l("Programme, public attendu, ce qu'il faut apporter. Mise en forme "
                       "Markdown possible."),
    )
    all_day = BooleanField(_l("Journée(s) entière(s), sans horaire"))
    start_date = DateField(_l("Date de début"), validators=[InputRequired(REQUIRED),
                                                            DateInRange()])
    start_time = TimeField(_l("Heure de début"), validators=[Optional()],
                           description=_l("Heure de Paris. Inutile pour une journée entière."))
    end_date = DateField(_l("Date de fin"), validators=[InputRequired(REQUIRED), DateInRange()])
    end_time = TimeField(_l("Heure de fin"), validators=[Optional()])
    frequency = SelectField(_l("Répétition"), validators=[Optional()])
    interval = IntegerField(_l("Toutes les … (intervalle)"), default=1,
                            validators=[Optional(), at_most()],
                            description=_l("1 : chaque fois ; 3 avec « tous les mois » : "
                                           "chaque trimestre."))
    until = DateField(_l("Jusqu'au (inclus)"), validators=[Optional(), DateInRange()])
    count = IntegerField(_l("Ou nombre d'occurrences"), validators=[Optional(), at_most()])
    address = StringField(_l("Adresse"), validators=[Optional(), Length(max=300)],
                          description=_l("Laissez vide pour un événement en ligne."))
    latitude = FloatField(_l("Latitude"), validators=[Optional()],
                          description=_l("Position sur la carte, par exemple 47,3941."))
    longitude = FloatField(_l("Longitude"), validators=[Optional()])
    online_url = URLField(
        _l("Lien de visio"), validators=[Optional(), Length(max=500)],
        description=_l("Montré seulement aux inscrits confirmés, 15 minutes avant le début ; "
                       "jamais envoyé par e-mail ni publié dans les agendas."),
    )
    visibility = SelectField(_l("Visibilité"), default=Visibility.PUBLIC.value,
                             description=_l("Une visio privée n'est jamais publique. Les "
                                            "ateliers suivent leur sommet."))
    capacity = IntegerField(_l("Nombre de places"), validators=[Optional(), at_most()],
                            description=_l("Laissez vide pour ne pas limiter. Au-delà, une "
                                           "liste d'attente se forme."))
    registration_enabled = BooleanField(_l("Inscriptions en ligne"), default=True)
    registration_opens = DateTimeLocalField(_l("Ouverture des inscriptions"),
                                            format="%Y-%m-%dT%H:%M",
                                            validators=[Optional(), DateInRange()])
    registration_closes = DateTimeLocalField(_l("Clôture des inscriptions"),
                                             format="%Y-%m-%dT%H:%M",
                                             validators=[Optional(), DateInRange()])
    status = SelectField(_l("État"), default=EventStatus.SCHEDULED.value)
    partners = TextAreaField(_l("Partenaires co-organisateurs"), validators=[Optional()],
                             description=_l("Un par ligne : associations, médias locaux…"))
    step_free = BooleanField(_l("Accès de plain-pied ou par ascenseur"))
    childcare = BooleanField(_l("Garde d'enfants sur place"))
    interpretation = StringField(_l("Interprétation"), validators=[Optional(), Length(max=200)],
                                 description=_l("Par exemple : langue des signes (LSF)."))
    accessibility_notes = TextAreaField(_l("Autres informations d'accessibilité"),
                                        validators=[Optional()])

    def __init__(self, *args, workshop=False, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [EventKind.ATELIER] if workshop else [k for k in EventKind
                                                       if k != EventKind.ATELIER]
        self.kind.choices = EventKind.choices(kinds)
        self.visibility.choices = Visibility.choices()
        self.frequency.choices = [("", NO_REPEAT), *Frequency.choices()]
        self.status.choices = [(EventStatus.SCHEDULED.value, EventStatus.SCHEDULED.label),
                               (EventStatus.POSTPONED.value, POSTPONED)]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.all_day.data:
            for name in ("start_time", "end_time"):
                field = self[name]
                if field.data is None and not field.errors:
                    field.errors = [*field.errors, _l("Indiquez l'heure (ou cochez « Journée(s) "
                                                      "entière(s) »).")]
                    ok = False
        return ok

    def to_data(self):
        def moment(day, hour):
            return datetime.combine(day, hour if hour and not self.all_day.data
                                    else datetime.min.time())

        recurrence = None
        if self.frequency.data:
            recurrence = Recurrence(
                frequency=self.frequency.data, interval=self.interval.data or 1,
                until=self.until.data, count=self.count.data,
            )
        return EventData(
            kind=self.kind.data, title=self.title.data or "",
            description=self.description.data or "", all_day=self.all_day.data,
            start=moment(self.start_date.data, self.start_time.data),
            end=moment(self.end_date.data, self.end_time.data),
            address=self.address.data or "", latitude=self.latitude.data,
            longitude=self.longitude.data, online_url=self.online_url.data or "",
            visibility=self.visibility.data, capacity=self.capacity.data,
            registration_enabled=self.registration_enabled.data,
            registration_opens=self.registration_opens.data,
            registration_closes=self.registration_closes.data,
            partners=self.partners.data or "", step_free=self.step_free.data,
            childcare=self.childcare.data, interpretation=self.interpretation.data or "",
            accessibility_notes=self.accessibility_notes.data or "",
            status=self.status.data, recurrence=recurrence,
        )

    def fill(self, data):
        """Prefill from EventData (edit or duplicate)."""
        for name in ("kind", "title", "description", "all_day", "address", "latitude",
                     "longitude", "online_url", "visibility", "capacity", "registration_enabled",
                     "registration_opens", "registration_closes", "partners", "step_free",
                     "childcare", "interpretation", "accessibility_notes", "status"):
            self[name].data = getattr(data, name)
        self.start_date.data, self.start_time.data = data.start.date(), data.start.time()
        self.end_date.data, self.end_time.data = data.end.date(), data.end.time()
        if data.all_day:
            self.start_time.data = self.end_time.data = None
        if data.recurrence is not None:
            rec = data.recurrence
            self.frequency.data, self.interval.data = rec.frequency, rec.interval
            self.until.data, self.count.data = rec.until, rec.count


class GuestForm(FlaskForm):
    name = StringField(_l("Votre nom"), validators=[DataRequired(REQUIRED), Length(max=80)])
    email = EmailField(_l("Votre adresse e-mail"),
                       validators=[DataRequired(REQUIRED),
                                   Email(_l("Cette adresse e-mail n'est pas valide."))],
                       description=_l("Nous y envoyons le lien de confirmation, puis le "
                                      "rappel la veille. Rien d'autre, sauf si vous cochez "
                                      "la case ci-dessous."))
    contact_consent = BooleanField(
        _l("J'accepte de recevoir les nouvelles du programme (plan d'action, événements)."))


class CancelEventForm(FlaskForm):
    reason = TextAreaField(_l("Motif de l'annulation"),
                           validators=[DataRequired(REQUIRED), Length(max=500)],
                           description=_l("Envoyé aux inscrits et affiché dans les agendas."))


class OccurrenceForm(FlaskForm):
    original = HiddenField(validators=[DataRequired(REQUIRED)])
    date = DateField(_l("Nouvelle date"), validators=[Optional(), DateInRange()])
    start_time = TimeField(_l("Début"), validators=[Optional()])
    end_time = TimeField(_l("Fin"), validators=[Optional()])
    address = StringField(_l("Autre adresse (facultatif)"), validators=[Optional(),
                                                                        Length(max=300)])


class CheckinForm(FlaskForm):
    code = StringField(_l("Code d'accueil"), validators=[DataRequired(REQUIRED),
                                                         Length(max=20)],
                       description=_l("Les 10 caractères du code, ou scannez le QR code "
                                      "avec l'appareil photo du téléphone."))


class InviteForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail de son compte"),
                       validators=[DataRequired(REQUIRED),
                                   Email(_l("Cette adresse e-mail n'est pas valide."))])
