"""What the dashboard shows of the other modules (consultation, events, draws), read-only:
it asks their services, or reads their models for a list, and never writes."""

from flask import url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import func

from ..access import members_with_role
from ..consultation.models import (
    Consultation,
    ConsultationReport,
    ConsultationState,
    Moderation,
    Proposal,
    ProposalStatus,
)
from ..consultation.services import queries as consultation_queries
from ..consultation.services import report as consultation_report
from ..evaluation.models import DrawPurpose
from ..evaluation.services import draws as evaluation_draws
from ..evaluation.services import groups as evaluation_groups_rules
from ..events.models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from ..events.models import Visibility as EventVisibility
from ..events.services import attendance
from ..extensions import db
from ..models import Role
from ..timeutil import to_paris
from . import timeline as tl


def evaluation_group(territory):
    """Display names of the territory's evaluation group."""
    return [m.user.display_name for m in members_with_role(territory, Role.EVALUATION)]


# --- draws (evaluation module) -----------------------------------------------------------

def _steering_draws(territory):
    """Public draws of the territory that chose steering committee citizens."""
    return [d for d in evaluation_draws.draws(territory, public=True)
            if d.purpose == DrawPurpose.STEERING]


def draw_choices(territory):
    return [(str(d.id), _("%(title)s (n° %(id)d)", title=d.title, id=d.id))
            for d in _steering_draws(territory)]


def draw_exists(territory, draw_id):
    return any(d.id == draw_id for d in _steering_draws(territory))


def draw_url(territory, draw_id):
    """The public page of a draw."""
    return url_for("evaluation.draw_page", slug=territory.slug, draw_id=draw_id)


def evaluation_groups(territory):
    """The guide's evaluation groups for the territory: a continuous group drawn, or else a
    final group from J+21; and the citizen event that closes the two years."""
    start = territory.programme_start
    return {
        "continuous": evaluation_groups_rules.continuous_group_drawn(territory),
        "final_from": evaluation_groups_rules.final_group_from(territory),
        "end": tl.add_months(start, tl.DURATION_MONTHS) if start else None,
        "closing_events": db.session.scalars(
            db.select(Event).where(
                Event.territory_id == territory.id, Event.kind == EventKind.CLOSING,
                Event.visibility == EventVisibility.PUBLIC, Event.status != EventStatus.CANCELLED,
            ).order_by(Event.start_at)).all(),
    }


# --- consultation and events ---------------------------------------------------------------

def _consultations(territory):
    """The territory's published consultations (what a visitor sees)."""
    return consultation_queries.visible_consultations(territory, None)


def _summits(territory):
    return db.session.scalars(
        db.select(Event).where(
            Event.territory_id == territory.id, Event.kind == EventKind.SOMMET,
            Event.visibility == EventVisibility.PUBLIC, Event.status != EventStatus.CANCELLED,
        ).order_by(Event.start_at)
    ).all()


def consultations_opened_on(territories):
    """``{territory id: Paris date its first consultation was published}`` (one query)."""
    rows = db.session.execute(
        db.select(Consultation.territory_id,
                  func.min(func.coalesce(Consultation.published_at, Consultation.opens_at)))
        .where(Consultation.territory_id.in_([t.id for t in territories]),
               Consultation.state != ConsultationState.DRAFT)
        .group_by(Consultation.territory_id)
    ).all()
    return {tid: to_paris(first).date() for tid, first in rows if first is not None}


def summit_links(territory):
    """Cards for the summit events and the consultations, with their live figures."""
    cards = []
    for event in _summits(territory):
        counts = attendance.attendance_counts(event)
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
    for consultation in _consultations(territory):
        figures = consultation_report.key_figures(consultation)
        cards.append({
            "kind": _("Consultation en ligne"),
            "title": consultation.title,
            "url": url_for("consultation.show", slug=territory.slug,
                           consultation_id=consultation.id),
            "when": ConsultationState(consultation.state).label,
            "figures": [(_("Participant·es"), figures["participants"]),
                        (_("Contributions"), figures["contributions"])],
        })
    return cards


def participant_ids(territory):
    """Accounts that took part in the territory's consultations and events."""
    ids = set()
    for consultation in _consultations(territory):
        ids |= consultation_queries.participant_ids(consultation)
    ids.update(db.session.scalars(
        db.select(Registration.user_id).join(Event, Event.id == Registration.event_id)
        .where(Event.territory_id == territory.id, Registration.user_id.is_not(None),
               Registration.status == RegistrationStatus.CONFIRMED)
    ))
    return ids


def retained_proposals(territory):
    """The territory's proposals retained by a consultation, newest first (to link one to the
    commitment it became)."""
    return db.session.scalars(
        db.select(Proposal).join(Consultation, Consultation.id == Proposal.consultation_id)
        .where(Consultation.territory_id == territory.id,
               Proposal.status == ProposalStatus.RETAINED,
               Proposal.moderation == Moderation.VISIBLE)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    ).all()


def proposal_url(proposal):
    return url_for("consultation.proposal", slug=proposal.consultation.territory.slug,
                   consultation_id=proposal.consultation_id, proposal_id=proposal.id)


def key_figures(territory):
    """The dashboard's key figures, cheap to read: participants from the consultations'
    stored participation reports (computed by the ``refresh_reports`` job, never here),
    contributions from the phase counters, events and confirmed registrations."""
    consultations = _consultations(territory)
    reports = {r.consultation_id: r.data for r in db.session.scalars(
        db.select(ConsultationReport).where(
            ConsultationReport.consultation_id.in_([c.id for c in consultations])))}
    per_consultation = [
        {"consultation": c,
         "contributions": sum(p.comment_count + p.proposal_count for p in c.phases),
         "participants": (reports.get(c.id) or {}).get("participants")}
        for c in consultations]
    events = db.session.execute(
        db.select(func.count(Event.id)).where(
            Event.territory_id == territory.id, Event.parent_id.is_(None),
            Event.status != EventStatus.CANCELLED)).scalar()
    registered = db.session.execute(
        db.select(func.count(Registration.id)).join(Event, Event.id == Registration.event_id)
        .where(Event.territory_id == territory.id,
               Registration.status == RegistrationStatus.CONFIRMED)).scalar()
    return {
        "consultations": per_consultation,
        # None until the job has computed a report (not a misleading zero)
        "participants": (sum(c["participants"] or 0 for c in per_consultation)
                         if any(c["participants"] is not None for c in per_consultation)
                         else None),
        "contributions": sum(c["contributions"] for c in per_consultation),
        "events": events or 0,
        "registrations": registered or 0,
    }
