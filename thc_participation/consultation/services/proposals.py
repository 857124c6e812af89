"""Citizen proposals ("Proposer une autre idée"), their supports and the territory's answer."""

from flask_babel import gettext as _
from sqlalchemy import delete, update

from ... import audit
from ...access import require_signed_in
from ...errors import Conflict, Forbidden, Invalid
from ...extensions import db
from ...notifications import triggers
from ...text import clean_text
from ...timeutil import utcnow
from .. import permissions
from ..models import ConsultationState, Proposal, ProposalStatus, Support
from .common import (
    DESCRIPTION_MAX,
    REASON_MAX,
    TITLE_MAX,
    flush_unique,
    on_behalf,
    optional_url,
    tell_phase,
)


def create_proposal(actor, phase, title, description, source_url=None, on_behalf_name=None,
                    help_place_id=None):
    """A citizen proposal. Agents and facilitators may also send one from a workshop board
    (with its source) while the consultation is being prepared. Only flushes: the caller's
    operation commits it with its own records, or nothing."""
    consultation = phase.consultation
    require_signed_in(actor)
    from_team = permissions.may_feed_from_workshops(actor, consultation.territory)
    if not (from_team and consultation.state in (ConsultationState.DRAFT, ConsultationState.OPEN)):
        permissions.require_contributor(actor, consultation)
    name, place = on_behalf(actor, consultation, on_behalf_name, help_place_id)
    proposal = Proposal(
        consultation_id=consultation.id,
        phase_id=phase.id,
        author_id=actor.id,
        entered_by_id=actor.id if name else None,
        on_behalf_name=name,
        help_place_id=getattr(place, "id", None),
        title=clean_text(title, TITLE_MAX, _("Le titre"), field="title"),
        description=clean_text(description, DESCRIPTION_MAX, _("La description"),
                               field="description"),
        source_url=optional_url(source_url),
    )
    db.session.add(proposal)
    db.session.flush()
    audit.record(actor, "proposal.create_on_behalf" if name else "proposal.create",
                 consultation.territory, proposal, phase_id=phase.id,
                 source_url=proposal.source_url)
    tell_phase(phase, "proposal_created", {"id": proposal.id, "phase_id": phase.id,
                                           "title": proposal.title})
    triggers.proposal_created(actor, proposal)
    return proposal


def edit_proposal(actor, proposal, title, description):
    """Its author changes a proposal while nobody supports it and it has no official answer
    (after that, people supported or were answered about what it says)."""
    if proposal.author_id != getattr(actor, "id", None) or proposal.on_behalf_name:
        raise Forbidden(_("Vous ne pouvez modifier que vos propres propositions."))
    permissions.require_contributor(actor, proposal.consultation)
    permissions.require_visible(proposal)
    title = clean_text(title, TITLE_MAX, _("Le titre"), field="title")
    description = clean_text(description, DESCRIPTION_MAX, _("La description"),
                             field="description")
    changed = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.support_count == 0,
               Proposal.status == ProposalStatus.SUBMITTED)
        .values(title=title, description=description, edited_at=utcnow())).rowcount
    if not changed:
        db.session.refresh(proposal)
        if proposal.support_count:
            raise Conflict(_("Cette proposition a déjà reçu des soutiens : elle ne peut plus "
                             "être modifiée."), code="supported")
        raise Conflict(_("Cette proposition a reçu une réponse officielle : elle ne peut plus "
                         "être modifiée."), code="answered")
    audit.record(actor, "proposal.edit", proposal.consultation.territory, proposal)
    db.session.flush()
    db.session.refresh(proposal)
    tell_phase(proposal.phase, "proposal_changed", {"id": proposal.id, "title": proposal.title})
    return proposal


def may_edit(user, proposal):
    """Whether the page offers its author "Modifier" (the service decides on submission)."""
    return (getattr(user, "is_authenticated", False) and proposal.author_id == user.id
            and not proposal.on_behalf_name and proposal.support_count == 0
            and proposal.status == ProposalStatus.SUBMITTED
            and proposal.consultation.is_open_at(utcnow()))


def set_support(actor, proposal, supported):
    permissions.require_contributor(actor, proposal.consultation)
    permissions.require_visible(proposal)
    if supported:
        db.session.add(Support(user_id=actor.id, proposal_id=proposal.id))
        flush_unique(Conflict(_("Vous soutenez déjà cette proposition."),
                              code="already_supported"))
        delta = 1
    else:
        removed = db.session.execute(
            delete(Support).where(Support.user_id == actor.id, Support.proposal_id == proposal.id)
        ).rowcount
        if not removed:
            raise Conflict(_("Vous ne soutenez pas cette proposition."), code="no_support")
        delta = -1
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id)
        .values(support_count=Proposal.support_count + delta)
    )
    audit.record_opinion(actor, "proposal.support" if supported else "proposal.unsupport",
                         proposal.consultation.territory, proposal,
                         scope=f"consultation:{proposal.consultation_id}")
    db.session.flush()
    db.session.refresh(proposal)
    tell_phase(proposal.phase, "proposal_counts",
               {"id": proposal.id, "supports": proposal.support_count})
    return proposal


def set_proposal_status(actor, proposal, status, reason):
    permissions.require_manage(actor, proposal.consultation.territory)
    status = ProposalStatus.parse(status, "status", _("Ce statut n'existe pas."))
    if status == ProposalStatus.SUBMITTED:
        raise Invalid(_("Choisissez un statut : à l'étude, retenue ou non retenue."),
                      code="bad_choice", field="status")
    proposal.status = status
    proposal.status_reason = clean_text(reason, REASON_MAX, _("La raison"), field="reason")
    audit.record(actor, "proposal.status", proposal.consultation.territory, proposal,
                 status=status.value)
    db.session.flush()
    triggers.proposal_answered(actor, proposal)
    return proposal
