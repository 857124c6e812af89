"""What the site search finds in the consultations: published consultations (with their
phases' texts), visible comments and proposals. Drafts, deleted or moderated contributions
are never indexed (their document is None)."""

from flask_babel import lazy_gettext as _l

from .. import search
from ..search.text import plain
from .models import Comment, Consultation, ConsultationState, Moderation, Phase, Proposal


def _published(consultation):
    return consultation is not None and consultation.state != ConsultationState.DRAFT


def consultation_document(consultation):
    if not _published(consultation):
        return None
    parts = [plain(consultation.introduction)]
    for phase in consultation.phases:
        parts.append(phase.name)
        parts.extend(plain(text) for _section, text in phase.sections())
    return {"title": consultation.title, "text": "\n".join(p for p in parts if p),
            "territory_id": consultation.territory_id,
            "url": search.link("consultation.show", slug=consultation.territory.slug,
                               consultation_id=consultation.id)}


def _visible(item):
    return (item.moderation == Moderation.VISIBLE and getattr(item, "deleted_at", None) is None
            and _published(item.consultation))


def comment_document(comment):
    if not _visible(comment):
        return None
    consultation = comment.consultation
    return {"title": f"{consultation.title} — {comment.phase.name}", "text": comment.body,
            "territory_id": consultation.territory_id,
            "url": search.link("consultation.thread", slug=consultation.territory.slug,
                               consultation_id=consultation.id, comment_id=comment.id)}


def proposal_document(proposal):
    if not _visible(proposal):
        return None
    consultation = proposal.consultation
    text = "\n".join(t for t in (proposal.description, proposal.status_reason) if t)
    return {"title": proposal.title, "text": text, "territory_id": consultation.territory_id,
            "url": search.link("consultation.proposal", slug=consultation.territory.slug,
                               consultation_id=consultation.id, proposal_id=proposal.id)}


search.register("consultation", Consultation, consultation_document,
                label=_l("Consultations"), order=10,
                watch={Phase: lambda phase: phase.consultation})
search.register("proposal", Proposal, proposal_document, label=_l("Propositions"), order=20)
search.register("comment", Comment, comment_document, label=_l("Commentaires"), order=30)
