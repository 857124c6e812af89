"""Events of the network and of territories, their occurrences and registrations."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import UniqueConstraint

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class EventKind(LabelledEnum):
    VISITE = "visite", _l("Visite apprenante")
    SEMINAIRE = "seminaire", _l("Séminaire des pairs")
    VISIO_PRIVEE = "visio-privee", _l("Visio privée du réseau")
    VISIO_PUBLIQUE = "visio-publique", _l("Visio publique")
    SOMMET = "sommet", _l("Sommet citoyen")
    ATELIER = "atelier", _l("Atelier")
    REUNION = "reunion", _l("Réunion publique")
    CLOSING = "cloture", _l("Événement citoyen de clôture du programme")
    AUTRE = "autre", _l("Autre")


class Visibility(LabelledEnum):
    PUBLIC = "public", _l("Public")
    NETWORK = "reseau", _l("Membres du réseau")  # agents, elected officials, admins
    INVITED = "invites", _l("Sur invitation")  # organisers and the people they registered


class EventStatus(LabelledEnum):
    SCHEDULED = "scheduled", _l("Programmé")
    POSTPONED = "postponed", _l("Reporté")
    CANCELLED = "cancelled", _l("Annulé")


class AccessNeed(LabelledEnum):
    """What a participant may ask for at registration (listed and counted for the organiser)."""
    CHILDCARE = "childcare", _l("Garde d'enfants")
    LSF = "lsf", _l("Interprétation en langue des signes (LSF)")
    STEP_FREE = "step_free", _l("Accès de plain-pied (fauteuil roulant, mobilité réduite)")
    OTHER = "other", _l("Autre besoin")


class RegistrationStatus(LabelledEnum):
    PENDING = "pending", _l("À confirmer par e-mail")  # a guest before the e-mail link: no seat
    CONFIRMED = "confirmed", _l("Inscrit·e")
    WAITING = "waiting", _l("Liste d'attente")
    CANCELLED = "cancelled", _l("Annulée")


def is_online(kind, online_url, address):
    """Video calls, and events with a video link and no address, take place online."""
    return kind in (EventKind.VISIO_PRIVEE, EventKind.VISIO_PUBLIQUE) or (
        bool(online_url) and not address
    )


class Event(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    # Organiser: a territory, or the network itself when NULL.
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), index=True)
    # A workshop belongs to its citizen summit.
    parent_id = db.Column(db.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind = db.Column(enum_column(EventKind), nullable=False)
    title = db.Column(db.String(160), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    # Naive UTC. An all-day event spans the Paris dates of start_at .. end_at (inclusive).
    start_at = db.Column(db.DateTime, nullable=False, index=True)
    end_at = db.Column(db.DateTime, nullable=False)
    all_day = db.Column(db.Boolean, nullable=False, default=False)
    # End of the last occurrence (= end_at unless recurring): what date filters use.
    series_end_at = db.Column(db.DateTime, nullable=False, index=True)
    rrule = db.Column(db.String(200), nullable=False, default="")
    address = db.Column(db.String(300), nullable=False, default="")
    latitude = db.Column(db.Float)
    longitude = db.Column(db.Float)
    # Shown to confirmed participants only, from 15 minutes before the start; never e-mailed.
    online_url = db.Column(db.String(500), nullable=False, default="")
    visibility = db.Column(enum_column(Visibility), nullable=False, default=Visibility.PUBLIC)
    status = db.Column(enum_column(EventStatus), nullable=False, default=EventStatus.SCHEDULED)
    cancel_reason = db.Column(db.String(500), nullable=False, default="")
    capacity = db.Column(db.Integer)  # NULL: no limit
    registration_enabled = db.Column(db.Boolean, nullable=False, default=True)
    registration_opens_at = db.Column(db.DateTime)
    registration_closes_at = db.Column(db.DateTime)
    # Citizen summit: co-organising partners (one per line) and accessibility.
    partners = db.Column(db.Text, nullable=False, default="")
    step_free = db.Column(db.Boolean, nullable=False, default=False)
    childcare = db.Column(db.Boolean, nullable=False, default=False)
    interpretation = db.Column(db.String(200), nullable=False, default="")
    accessibility_notes = db.Column(db.Text, nullable=False, default="")
    # iCalendar: SEQUENCE goes up on a change of time, place, status or title;
    # last_modified on every change (it is the DTSTAMP, so unchanged data = same bytes).
    sequence = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_modified = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    created_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    # Set once the retention purge has anonymised the attendees.
    purged_at = db.Column(db.DateTime)

    territory = db.relationship("Territory", lazy="joined")
    parent = db.relationship("Event", remote_side=[id], back_populates="workshops")
    workshops = db.relationship(
        "Event", back_populates="parent", order_by="Event.start_at", cascade="all, delete-orphan"
    )
    occurrences = db.relationship(
        "EventOccurrence",
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="EventOccurrence.original_start",
        lazy="selectin",
    )
    registrations = db.relationship(
        "Registration", back_populates="event", cascade="all, delete-orphan", lazy="dynamic"
    )

    @property
    def is_recurring(self):
        return bool(self.rrule)

    @property
    def is_online(self):
        return is_online(self.kind, self.online_url, self.address)

    @property
    def summit(self):
        return self.parent if self.kind == EventKind.ATELIER else self

    def __repr__(self):
        return f"<Event {self.id} {self.kind}>"


class EventOccurrence(db.Model):
    """An exception to a recurring event: one occurrence cancelled (EXDATE) or moved."""

    __table_args__ = (UniqueConstraint("event_id", "original_start"),)

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False)
    original_start = db.Column(db.DateTime, nullable=False)  # naive UTC
    cancelled = db.Column(db.Boolean, nullable=False, default=False)
    start_at = db.Column(db.DateTime)
    end_at = db.Column(db.DateTime)
    address = db.Column(db.String(300), nullable=False, default="")
    # Why a session was cancelled (shown with "annulée" on the page and in the feeds).
    cancel_reason = db.Column(db.String(500), nullable=False, default="", server_default="")
    last_modified = db.Column(db.DateTime, nullable=False, default=utcnow)

    event = db.relationship("Event", back_populates="occurrences")

    @property
    def recurrence_id(self):
        return self.original_start

    @property
    def start(self):
        return self.start_at

    @property
    def end(self):
        return self.end_at


class Registration(db.Model):
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        UniqueConstraint("event_id", "guest_email"),
        UniqueConstraint("checkin_code"),
    )

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # A guest registers with a name and an e-mail address only.
    guest_name = db.Column(db.String(80))
    guest_email = db.Column(db.String(254))
    # The guest agreed to receive the programme's news (e.g. the action plan mailing).
    guest_contact_consent = db.Column(db.Boolean, nullable=False, default=False)
    status = db.Column(enum_column(RegistrationStatus), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Order of the waiting list: the time the person joined it.
    queued_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    confirmed_at = db.Column(db.DateTime)
    cancelled_at = db.Column(db.DateTime)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    checkin_code = db.Column(db.String(16), nullable=False)
    checked_in_at = db.Column(db.DateTime)
    # Start of the occurrence the last reminder was about (reminders follow time changes).
    reminded_for = db.Column(db.DateTime)
    anonymised_at = db.Column(db.DateTime)
    # Accessibility needs asked for at registration: AccessNeed codes joined by commas, and
    # the text of "other" (cleared with the rest of the person's data by the retention purge).
    needs = db.Column(db.String(120), nullable=False, default="", server_default="")
    needs_other = db.Column(db.String(300), nullable=False, default="", server_default="")

    event = db.relationship("Event", back_populates="registrations", lazy="joined")
    user = db.relationship("User", lazy="joined")

    @property
    def name(self):
        if self.user is not None:
            return self.user.display_name
        return self.guest_name or ""

    @property
    def email(self):
        if self.user is not None:
            return self.user.email
        return self.guest_email or ""

    @property
    def need_list(self):
        """The AccessNeed members asked for (unknown stored codes are ignored)."""
        return [AccessNeed(code) for code in (self.needs or "").split(",")
                if code in AccessNeed.labels()]

    @property
    def holds_seat(self):
        return self.status == RegistrationStatus.CONFIRMED


class CalendarToken(db.Model):
    """The secret of a personal calendar feed, stored as a SHA-256 hash."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(
        db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User", lazy="joined")
