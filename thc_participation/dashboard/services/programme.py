"""A territory's own programme: the convention (duration, level of support, contracted days),
the entry assessment (état des lieux) and its plan per deliverable, the support given by
Démocratie Ouverte (days used, trips on site)."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from ... import audit
from ...access import require_in
from ...errors import Invalid
from ...extensions import db
from ...text import clean_text
from .. import fees, permissions
from .. import timeline as tl
from ..models import PlanItem, SupportLevel, SupportSession
from .common import optional_text
from .queries import programme_of

MIN_TRIPS = 3  # the guide: at least three trips of Démocratie Ouverte to the territory
MAX_SESSION_DAYS = 30
DELIVERABLE_KEYS = {d.key for d in tl.DELIVERABLES}


def _int_in(value, low, high, message, field):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(message, code="range", field=field)
    return value


def _date(value, message, field, required=True):
    if value is None and not required:
        return None
    if not isinstance(value, date) or not 1900 <= value.year <= 2100:
        raise Invalid(message, code="date", field=field)
    return value


def set_convention(user, territory, duration_months, support_level, support_days_contracted):
    """Démocratie Ouverte records what the convention fixed after the entry assessment."""
    permissions.require_edit_convention(user)
    programme = programme_of(territory)
    programme.duration_months = _int_in(
        duration_months, tl.MIN_DURATION, tl.MAX_DURATION,
        _("La durée du programme va de %(a)d à %(b)d mois.", a=tl.MIN_DURATION,
          b=tl.MAX_DURATION), "duration_months")
    programme.support_level = SupportLevel.parse(
        support_level, "support_level", _("Choisissez un niveau d'accompagnement."))
    programme.support_days_contracted = _int_in(
        support_days_contracted, 0, fees.MAX_SUPPORT_DAYS,
        _("De 0 à %(n)d jours.", n=fees.MAX_SUPPORT_DAYS), "support_days_contracted")
    db.session.add(programme)
    db.session.flush()
    audit.record(user, "programme.convention", territory, duration=programme.duration_months,
                 days=programme.support_days_contracted)
    return programme


def record_assessment(user, territory, assessed_on, text, entries):
    """The entry assessment and the territory's plan.

    ``entries``: ``{deliverable key: (planned date or None, existed already)}``; a deliverable
    that existed counts as done, one with a planned date is late only after that date.
    """
    permissions.require_manage(user, territory)
    programme = programme_of(territory)
    programme.assessed_on = _date(assessed_on, _("Indiquez la date de l'état des lieux."),
                                  "assessed_on")
    programme.assessment = optional_text(text, 20_000, _("L'état des lieux"), "assessment")
    db.session.add(programme)
    current = {item.deliverable: item for item in db.session.scalars(
        db.select(PlanItem).filter_by(territory_id=territory.id))}
    for key, (planned_on, existing) in entries.items():
        if key not in DELIVERABLE_KEYS:
            raise Invalid(_("Ce livrable n'existe pas."), code="deliverable")
        planned_on = _date(planned_on, _("Indiquez une date valide (jj/mm/aaaa)."),
                           f"planned_{key}", required=False)
        item = current.get(key) or PlanItem(territory_id=territory.id, deliverable=key)
        item.planned_on, item.existing = planned_on, bool(existing)
        db.session.add(item)
    db.session.flush()
    audit.record(user, "programme.assessment", territory,
                 existing=sorted(k for k, (_d, e) in entries.items() if e))
    return programme


def add_support_session(user, territory, day, days, trip, subject):
    permissions.require_edit_convention(user)
    session = SupportSession(
        territory_id=territory.id,
        day=_date(day, _("Indiquez une date valide (jj/mm/aaaa)."), "day"),
        days=_int_in(days, 0, MAX_SESSION_DAYS,
                     _("De 0 à %(n)d jours.", n=MAX_SESSION_DAYS), "days"),
        trip=bool(trip), subject=clean_text(subject, 200, _("L'objet"), field="subject"))
    db.session.add(session)
    db.session.flush()
    audit.record(user, "programme.support_added", territory, session, days=session.days,
                 trip=session.trip)
    return session


def remove_support_session(user, territory, session):
    require_in(territory, session)
    permissions.require_edit_convention(user)
    audit.record(user, "programme.support_removed", territory, session)
    db.session.delete(session)
    db.session.flush()


@dataclass(frozen=True)
class Support:
    """The support of a territory: the convention and what was given so far."""

    contracted: int
    used: int
    trips: int
    sessions: tuple
    fees: fees.Fees | None

    @property
    def trips_missing(self) -> int:
        return max(0, MIN_TRIPS - self.trips)


def support_of(territory):
    programme = programme_of(territory)
    sessions = tuple(db.session.scalars(
        db.select(SupportSession).filter_by(territory_id=territory.id)
        .order_by(SupportSession.day, SupportSession.id)))
    contracted = programme.support_days_contracted or 0
    return Support(
        contracted=contracted, used=sum(s.days for s in sessions),
        trips=sum(1 for s in sessions if s.trip), sessions=sessions,
        fees=fees.for_territory(territory, min(contracted, fees.MAX_SUPPORT_DAYS)),
    )


def plan_entries(territory):
    """``{deliverable key: PlanItem}`` of the territory (for the assessment form)."""
    return {item.deliverable: item for item in db.session.scalars(
        db.select(PlanItem).filter_by(territory_id=territory.id))}

