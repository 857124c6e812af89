"""What an event form may hold: its values (``EventData``), checked field by field.

Every ``Invalid`` names the form field it concerns (``field="end_date"``), so that the one
form helper shows it next to that field.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...errors import Invalid
from ...text import clean_text
from ...timeutil import from_paris, to_paris
from ..models import EventKind, EventStatus, Visibility
from ..recurrence import RuleError, build_rule, rule_choices

PRIVATE_CALL_SEATS = (3, 10)
MAX_DURATION = timedelta(days=31)

RULE_MESSAGES = {
    "frequency": _l("Choisissez une fréquence de répétition."),
    "interval": _l("L'intervalle de répétition doit être compris entre 1 et 12."),
    "end": _l("Indiquez soit une date de fin de la répétition, soit un nombre d'occurrences."),
    "count": _l("Une répétition compte au plus 520 occurrences."),
    "span": _l("Une répétition ne peut pas dépasser dix ans."),
    "start": _l("La première occurrence doit tomber à la date de début de l'événement."),
    "syntax": _l("La règle de répétition n'est pas valide."),
}


@dataclass
class Recurrence:
    frequency: str
    interval: int = 1
    until: date | None = None
    count: int | None = None


@dataclass
class EventData:
    """What the event form collects; times are naive Europe/Paris wall-clock times."""

    kind: str
    title: str
    start: datetime
    end: datetime
    description: str = ""
    all_day: bool = False
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    online_url: str = ""
    visibility: str = Visibility.PUBLIC.value
    capacity: int | None = None
    registration_enabled: bool = True
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    partners: str = ""
    step_free: bool = False
    childcare: bool = False
    interpretation: str = ""
    accessibility_notes: str = ""
    status: str = EventStatus.SCHEDULED.value
    recurrence: Recurrence | None = None

    @classmethod
    def from_event(cls, event):
        """The form values of an existing event (to edit or duplicate it)."""
        return cls(
            kind=event.kind.value, title=event.title, description=event.description,
            start=local(event.start_at), end=local(event.end_at),
            all_day=event.all_day, address=event.address, latitude=event.latitude,
            longitude=event.longitude, online_url=event.online_url,
            visibility=event.visibility.value, capacity=event.capacity,
            registration_enabled=event.registration_enabled,
            registration_opens=local(event.registration_opens_at),
            registration_closes=local(event.registration_closes_at),
            partners=event.partners, step_free=event.step_free, childcare=event.childcare,
            interpretation=event.interpretation, accessibility_notes=event.accessibility_notes,
            status=event.status.value if event.status != EventStatus.CANCELLED else "scheduled",
            recurrence=Recurrence(*rule_choices(event.rrule)) if event.rrule else None,
        )


def local(dt):
    """A stored UTC time as the naive Paris wall-clock time a form shows."""
    return to_paris(dt).replace(tzinfo=None) if dt else None


def period(data):
    """(start, end) in UTC; an all-day event spans its first to its last Paris day."""
    if data.all_day:
        start = from_paris(datetime.combine(data.start.date(), datetime.min.time()))
        end = from_paris(datetime.combine(data.end.date(),
                                          datetime.max.time().replace(microsecond=0)))
        if end < start:
            raise Invalid(_("Le dernier jour doit être le même que le premier jour ou après."),
                          field="end_date")
    else:
        start, end = from_paris(data.start), from_paris(data.end)
        if end <= start:
            raise Invalid(_("La fin doit être après le début."), field="end_date")
    if end - start > MAX_DURATION:
        raise Invalid(_("Un événement dure au plus 31 jours."), field="end_date")
    return start, end


def _choices(data):
    try:
        return EventKind(data.kind), Visibility(data.visibility), EventStatus(data.status)
    except ValueError:
        raise Invalid(_("Choisissez une valeur dans la liste."), field="kind") from None


MEMBERS_ONLY = (EventKind.VISITE, EventKind.SEMINAIRE)


def _capacity(kind, visibility, capacity):
    if capacity is not None:
        if capacity < 0:
            raise Invalid(_("La capacité ne peut pas être négative."), field="capacity")
        if capacity == 0:
            raise Invalid(_("La capacité doit être d'au moins une place (laissez le champ "
                            "vide pour ne pas limiter)."), field="capacity")
    if kind in MEMBERS_ONLY and visibility == Visibility.PUBLIC:
        # The guide: learning visits and peer seminars are for the network's members.
        raise Invalid(_("Les visites apprenantes et les séminaires des pairs sont réservés aux "
                        "membres du réseau : choisissez « Membres du réseau » ou « Sur "
                        "invitation »."), field="visibility")
    if kind == EventKind.VISIO_PRIVEE:
        if visibility == Visibility.PUBLIC:
            raise Invalid(_("Une visio privée n'est jamais publique : choisissez « Membres "
                            "du réseau » ou « Sur invitation »."), field="visibility")
        low, high = PRIVATE_CALL_SEATS
        if capacity is None or not low <= capacity <= high:
            raise Invalid(_("Une visio privée réunit de %(low)d à %(high)d participants : "
                            "indiquez une capacité entre %(low)d et %(high)d.", low=low,
                            high=high), field="capacity")


def _place_in_programme(kind, start, end, organiser, parent):
    """A workshop belongs to its summit and happens during it; only a territory holds one."""
    if kind == EventKind.ATELIER:
        if parent is None:
            raise Invalid(_("Un atelier se crée depuis la page de gestion de son sommet "
                            "citoyen."), field="kind")
        if start < parent.start_at or end > parent.end_at:
            raise Invalid(_("L'atelier doit avoir lieu pendant le sommet citoyen."),
                          field="start_date")
    elif parent is not None:
        raise Invalid(_("Les sous-événements d'un sommet citoyen sont des ateliers."),
                      field="kind")
    if kind == EventKind.SOMMET and organiser is None:
        raise Invalid(_("Le sommet citoyen est organisé par un territoire."), field="kind")


def _online_url(value):
    online_url = (value or "").strip()
    if online_url:
        parts = urlsplit(online_url)
        if parts.scheme != "https" or not parts.netloc or len(online_url) > 500:
            raise Invalid(_("Le lien de visio doit être une adresse https:// complète."),
                          field="online_url")
    return online_url


def _position(latitude, longitude):
    if (latitude is None) != (longitude is None):
        raise Invalid(_("Indiquez la latitude et la longitude, ou aucune des deux."),
                      field="latitude")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Invalid(_("Cette position n'existe pas sur la carte."), field="latitude")


def _registration_window(data, end):
    opens = from_paris(data.registration_opens) if data.registration_opens else None
    closes = from_paris(data.registration_closes) if data.registration_closes else None
    if opens and closes and closes <= opens:
        raise Invalid(_("La clôture des inscriptions doit suivre leur ouverture."),
                      field="registration_closes")
    if opens and opens >= end:
        raise Invalid(_("Les inscriptions doivent ouvrir avant la fin de l'événement."),
                      field="registration_opens")
    return opens, closes


def _rule(kind, recurrence, start, all_day):
    if recurrence is None:
        return ""
    if kind in (EventKind.SOMMET, EventKind.ATELIER):
        raise Invalid(_("Un sommet citoyen et ses ateliers ne se répètent pas."),
                      field="frequency")
    try:
        return build_rule(recurrence.frequency, start, interval=recurrence.interval,
                          until=recurrence.until, count=recurrence.count, all_day=all_day)
    except RuleError as exc:
        raise Invalid(str(RULE_MESSAGES[exc.code]), field="frequency") from None


def validated(data, organiser, parent):
    """Check ``data`` and return the column values to store (``Invalid`` names the field)."""
    kind, visibility, status = _choices(data)
    if status == EventStatus.CANCELLED:
        raise Invalid(_("Pour annuler un événement, utilisez le bouton « Annuler "
                        "l'événement »."), field="status")
    title = clean_text(data.title, 160, _("Le titre"), min_len=1, field="title")
    description = clean_text(data.description, 20000, _("La description"),
                             min_len=0, field="description")
    start, end = period(data)
    _capacity(kind, visibility, data.capacity)
    _place_in_programme(kind, start, end, organiser, parent)
    if kind == EventKind.ATELIER:
        visibility = parent.visibility
    online_url = _online_url(data.online_url)
    address = clean_text(data.address, 300, _("L'adresse"), min_len=0, field="address")
    _position(data.latitude, data.longitude)
    opens, closes = _registration_window(data, end)
    rule = _rule(kind, data.recurrence, start, data.all_day)
    return {
        "kind": kind, "title": title, "description": description, "start_at": start,
        "end_at": end, "all_day": data.all_day, "rrule": rule, "address": address,
        "latitude": data.latitude, "longitude": data.longitude, "online_url": online_url,
        "visibility": visibility, "status": status, "capacity": data.capacity,
        "registration_enabled": data.registration_enabled, "registration_opens_at": opens,
        "registration_closes_at": closes,
        "partners": clean_text(data.partners, 2000, _("Les partenaires"),
                               min_len=0, field="partners"),
        "step_free": data.step_free, "childcare": data.childcare,
        "interpretation": clean_text(data.interpretation, 200, _("L'interprétation"),
                                     min_len=0, field="interpretation"),
        "accessibility_notes": clean_text(
            data.accessibility_notes, 2000, _("Les informations d'accessibilité"), min_len=0,
            field="accessibility_notes"),
    }
