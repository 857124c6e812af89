"""Consultations and their phases: create, edit, publish, close, reopen, archive; and the
summit assessment that workshop boards append to."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import audit
from ...errors import Conflict, Invalid
from ...extensions import db
from ...notifications import triggers
from ...text import clean_text, render_markdown
from ...timeutil import from_paris, utcnow
from .. import permissions
from ..models import (
    DEFAULT_PHASES,
    Comment,
    Consultation,
    ConsultationState,
    Phase,
    Proposal,
    Section,
)
from .common import DESCRIPTION_MAX, NAME_MAX, SECTION_MAX, TITLE_MAX, optional_url, tell_phase

TRANSITIONS = {
    ConsultationState.DRAFT: {ConsultationState.OPEN},
    ConsultationState.OPEN: {ConsultationState.CLOSED},
    ConsultationState.CLOSED: {ConsultationState.OPEN, ConsultationState.ARCHIVED},
    ConsultationState.ARCHIVED: {ConsultationState.CLOSED},
}


def _parse_dates(opens_at, closes_at):
    opens = from_paris(opens_at) if opens_at else None
    closes = from_paris(closes_at) if closes_at else None
    if opens and closes and closes <= opens:
        raise Invalid(_("La date de clôture doit suivre la date d'ouverture."), code="dates",
                      field="closes_at")
    return opens, closes


def _threshold(value):
    if value in (None, ""):
        return 3
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise Invalid(_("Le nombre de signalements doit être un nombre entier."),
                      code="threshold", field="report_threshold") from None
    if not 1 <= value <= 100:
        raise Invalid(_("Le nombre de signalements doit être entre 1 et 100."),
                      code="threshold", field="report_threshold")
    return value


def _presentation(consultation, title, introduction, opens_at, closes_at, report_threshold):
    consultation.title = clean_text(title, TITLE_MAX, _("Le titre"), field="title")
    consultation.introduction = clean_text(introduction, SECTION_MAX, _("L'introduction"),
                                           min_len=0, field="introduction")
    consultation.opens_at, consultation.closes_at = _parse_dates(opens_at, closes_at)
    consultation.report_threshold = _threshold(report_threshold)


def create_consultation(actor, territory, title, introduction="", opens_at=None, closes_at=None,
                        phase_names=DEFAULT_PHASES, report_threshold=3):
    """A draft consultation with its phases (Paris wall-clock dates from the form)."""
    permissions.require_manage(actor, territory)
    consultation = Consultation(territory_id=territory.id)
    _presentation(consultation, title, introduction, opens_at, closes_at, report_threshold)
    names = [clean_text(n, NAME_MAX, _("Le nom de la phase"), field="phase_names")
             for n in phase_names if n and n.strip()]
    if not names:
        raise Invalid(_("Une consultation a au moins une phase."), code="no_phase",
                      field="phase_names")
    consultation.phases = [Phase(name=n, position=i) for i, n in enumerate(names)]
    db.session.add(consultation)
    db.session.flush()
    audit.record(actor, "consultation.create", territory, consultation, phases=len(names))
    return consultation


def update_consultation(actor, consultation, title, introduction, opens_at, closes_at,
                        report_threshold):
    permissions.require_manage(actor, consultation.territory)
    _presentation(consultation, title, introduction, opens_at, closes_at, report_threshold)
    audit.record(actor, "consultation.update", consultation.territory, consultation)
    db.session.flush()
    return consultation


def update_phase(actor, phase, name, situation, assessment, results):
    consultation = phase.consultation
    permissions.require_manage(actor, consultation.territory)
    phase.name = clean_text(name, NAME_MAX, _("Le nom de la phase"), field="name")
    phase.situation = clean_text(situation, SECTION_MAX, _("La situation"),
                                 min_len=0, field="situation")
    phase.assessment = clean_text(assessment, SECTION_MAX, _("Le bilan du sommet"),
                                  min_len=0, field="assessment")
    phase.results = clean_text(results, SECTION_MAX, _("Les résultats attendus"),
                               min_len=0, field="results")
    audit.record(actor, "phase.update", consultation.territory, phase)
    db.session.flush()
    return phase


def add_phase(actor, consultation, name):
    permissions.require_manage(actor, consultation.territory)
    position = max((p.position for p in consultation.phases), default=-1) + 1
    name = clean_text(name, NAME_MAX, _("Le nom de la phase"), field="name")
    phase = Phase(name=name, position=position)
    consultation.phases.append(phase)
    db.session.flush()
    audit.record(actor, "phase.create", consultation.territory, phase)
    return phase


def check_phase_deletable(actor, phase):
    """Refuse deleting ``phase`` (its contributions, the last phase) before anyone is asked to
    confirm it."""
    consultation = phase.consultation
    permissions.require_manage(actor, consultation.territory)
    used = sum(
        db.session.scalar(select(func.count()).select_from(model).where(model.phase_id == phase.id))
        for model in (Comment, Proposal)
    )
    if used:
        raise Conflict(
            _("Cette phase a reçu des contributions : elle ne peut plus être supprimée."))
    if len(consultation.phases) == 1:
        raise Conflict(_("Une consultation a au moins une phase."))


def delete_phase(actor, phase):
    consultation = phase.consultation
    check_phase_deletable(actor, phase)
    audit.record(actor, "phase.delete", consultation.territory, phase, name=phase.name)
    consultation.phases.remove(phase)
    db.session.flush()


def set_state(actor, consultation, state):
    """Publish (draft -> open), close, reopen, archive."""
    permissions.require_manage(actor, consultation.territory)
    state = ConsultationState.parse(state, "state", _("Cet état n'existe pas."))
    if state not in TRANSITIONS[consultation.state]:
        raise Conflict(
            _("Une consultation « %(from)s » ne peut pas passer à « %(to)s ».",
              **{"from": consultation.state.label, "to": state.label}),
            code="bad_transition",
        )
    previous = consultation.state
    consultation.state = state
    if state == ConsultationState.OPEN and consultation.published_at is None:
        consultation.published_at = utcnow()
    audit.record(actor, "consultation.state", consultation.territory, consultation,
                 previous=previous.value, state=state.value)
    db.session.flush()
    if previous == ConsultationState.DRAFT and state == ConsultationState.OPEN:
        triggers.consultation_opened(actor, consultation)
    return consultation


def append_summit_assessment(actor, phase, text, source_url=None):
    """Add a paragraph to the summit's assessment of a phase (e.g. from a workshop board).
    Only flushes: the caller's operation commits it with its own records, or nothing."""
    consultation = phase.consultation
    permissions.require_feed_from_workshops(actor, consultation.territory)
    if consultation.state == ConsultationState.ARCHIVED:
        raise Conflict(_("Cette consultation est archivée."), code="archived")
    addition = clean_text(text, DESCRIPTION_MAX, _("Le texte"), field="text")
    source_url = optional_url(source_url)
    if source_url:
        addition += f"\n\n*{_('Source')} : <{source_url}>*"
    combined = addition
    if phase.assessment.strip():
        combined = phase.assessment.rstrip() + "\n\n" + addition
    if len(combined) > SECTION_MAX:
        raise Invalid(_("Le bilan du sommet deviendrait trop long."), code="too_long",
                      field="text")
    phase.assessment = combined
    audit.record(actor, "phase.append_assessment", consultation.territory, phase,
                 source_url=source_url)
    db.session.flush()
    tell_phase(phase, "phase_updated", {"phase_id": phase.id, "section": Section.ASSESSMENT.value,
                                        "html": str(render_markdown(phase.assessment))})
    return phase
