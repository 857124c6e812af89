"""Links to the other modules (consultation, events, draws), read-only.

Each function asks the other module's services (or reads its models for a list) and never
writes. A module that is not installed contributes nothing: the dashboard links only to what
exists.
"""

import importlib

from flask import url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import func

from ..access import members_with_role
from ..extensions import db
from ..models import Role
from ..timeutil import to_paris


def _module(name):
    """``thc_participation.<name>``, or None when that module is not installed."""
    full = f"thc_participation.{name}"
    try:
        return importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name is None or not full.startswith(exc.name):
            raise
        return None


STEERING_PURPOSE = "steering"  # evaluation.models.DrawPurpose.STEERING


def evaluation_group(territory):
    """Display names of the territory's evaluation group."""
    return [m.user.display_name for m in members_with_role(territory, Role.EVALUATION)]


# --- draws (evaluation module) -----------------------------------------------------------

def draws_available():
    return _module("evaluation.services") is not None


def _steering_draws(territory):
    """Public draws of the territory that chose steering committee citizens."""
    services = _module("evaluation.services")
    if services is None:
        return []
    return [d for d in services.draws(territory, public=True) if d.purpose == STEERING_PURPOSE]


def draw_choices(territory):
    return [(str(d.id), _("%(title)s (n° %(id)d)", title=d.title, id=d.id))
            for d in _steering_draws(territory)]


def draw_exists(territory, draw_id):
    return any(d.id == draw_id for d in _steering_draws(territory))


def draw_url(territory, draw_id):
    """The public page of a draw, when the evaluation module is installed."""
    if not draws_available():
        return None
    return url_for("evaluation.draw_page", slug=territory.slug, draw_id=draw_id)


# --- consultation and events ---------------------------------------------------------------

def _consultations(territory):
    services = _module("consultation.services")
    if services is None:
        return None, []
    return services, services.visible_consultations(territory, None)


def _summits(territory):
    models = _module("events.models")
    if models is None:
        return None, []
    Event = models.Event
    summits = db.session.scalars(
        db.select(Event).where(
            Event.territory_id == territory.id, Event.kind == models.EventKind.SOMMET,
            Event.visibility == models.Visibility.PUBLIC,
            Event.status != models.EventStatus.CANCELLED,
        ).order_by(Event.start_at)
    ).all()
    return _module("events.services"), summits


def consultations_opened_on(territories):
    """``{territory id: Paris date its first consultation was published}`` (one query)."""
    models = _module("consultation.models")
    if models is None:
        return {}
    Consultation = models.Consultation
    rows = db.session.execute(
        db.select(Consultation.territory_id,
                  func.min(func.coalesce(Consultation.published_at, Consultation.opens_at)))
        .where(Consultation.territory_id.in_([t.id for t in territories]),
               Consultation.state != models.ConsultationState.DRAFT)
        .group_by(Consultation.territory_id)
    ).all()
    return {tid: to_paris(first).date() for tid, first in rows if first is not None}


def summit_links(territory):
    """Cards for the summit events and the consultations, with their live figures."""
    cards = []
    events_services, summits = _summits(territory)
    for event in summits:
        counts = events_services.attendance_counts(event)
        cards.append({
            "kind": _("Sommet citoyen"),
            "title": event.title,
            "url": url_for("events.event_page", event_id=event.id),
            "when": format_datetime(event.start_at, "d MMMM y 'à' HH:mm"),
            "figures": [(_("Inscrit·es"), counts["confirmed"]),
                        (_("En liste d'attente"), counts["waiting"]),
                        (_("Présent·es"), counts["present"]),
                        (_("Ateliers"), len(event.workshops))],
        })
    consultation_services, consultations = _consultations(territory)
    for consultation in consultations:
        report = consultation_services.participation_report(consultation)
        cards.append({
            "kind": _("Consultation en ligne"),
            "title": consultation.title,
            "url": url_for("consultation.show", slug=territory.slug,
                           consultation_id=consultation.id),
            "when": str(consultation_services.state_labels().get(consultation.state, "")),
            "figures": [(_("Participant·es"), report["participants"]),
                        (_("Contributions"), sum(c + p for _n, c, p in report["per_phase"]))],
        })
    return cards


def participant_ids(territory):
    """Accounts that took part in the territory's consultations and events."""
    ids = set()
    consultation_services, consultations = _consultations(territory)
    for consultation in consultations:
        ids |= consultation_services.participant_ids(consultation)
    models = _module("events.models")
    if models is not None:
        Registration, Event = models.Registration, models.Event
        ids.update(db.session.scalars(
            db.select(Registration.user_id).join(Event, Event.id == Registration.event_id)
            .where(Event.territory_id == territory.id, Registration.user_id.is_not(None),
                   Registration.status == models.RegistrationStatus.CONFIRMED)
        ))
    return ids
