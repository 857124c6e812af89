"""Comments (three levels of discussion), their edits and deletion, and votes on them."""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ... import audit
from ...errors import Conflict, Forbidden, Invalid, NotFound
from ...extensions import db
from ...notifications import triggers
from ...text import clean_text
from ...timeutil import utcnow
from .. import permissions
from ..models import Comment, Proposal, Section, Stance, Vote
from .common import COMMENT_MAX, flush_unique, on_behalf, tell_phase
from .payloads import comment_payload, counts_payload

EDIT_WINDOW = timedelta(minutes=15)
MAX_DEPTH = 2


def _stance(value):
    return Stance.parse(value, "stance", _("Choisissez pour, contre ou neutre."))


def _place_in_thread(phase, section, parent, proposal):
    """(section, root id, depth) of a new comment, after checking where it goes."""
    if proposal is not None:
        if proposal.phase_id != phase.id:
            raise NotFound(_("Cette proposition n'existe pas."))
        permissions.require_visible(proposal)
        section = Section.PROPOSAL
    else:
        message = _("Choisissez la partie du texte que vous commentez.")
        section = Section.parse(section, "section", message)
        if section == Section.PROPOSAL:
            raise Invalid(message, code="bad_choice", field="section")
    if parent is None:
        return section, None, 0
    if parent.phase_id != phase.id or parent.proposal_id != getattr(proposal, "id", None):
        raise NotFound(_("Ce commentaire n'existe pas."))
    permissions.require_visible(parent)
    if parent.depth >= MAX_DEPTH:
        raise Invalid(_("Les discussions ont trois niveaux : répondez au message précédent."),
                      code="too_deep")
    return parent.section, parent.root_id or parent.id, parent.depth + 1


def post_comment(actor, phase, body, section=Section.SITUATION.value, stance=Stance.NEUTRAL.value,
                 parent=None, proposal=None, on_behalf_name=None, help_place_id=None):
    consultation = phase.consultation
    permissions.require_contributor(actor, consultation)
    name, place = on_behalf(actor, consultation, on_behalf_name, help_place_id)
    body = clean_text(body, COMMENT_MAX, _("Le commentaire"), field="body")
    stance = _stance(stance)
    section, root_id, depth = _place_in_thread(phase, section, parent, proposal)
    comment = Comment(
        consultation_id=consultation.id, phase_id=phase.id,
        proposal_id=getattr(proposal, "id", None), section=section,
        parent_id=getattr(parent, "id", None), root_id=root_id, depth=depth,
        author_id=actor.id, entered_by_id=actor.id if name else None, on_behalf_name=name,
        help_place_id=getattr(place, "id", None), stance=stance, body=body,
    )
    db.session.add(comment)
    if root_id is not None:
        db.session.execute(
            update(Comment).where(Comment.id == root_id)
            .values(reply_count=Comment.reply_count + 1, version=Comment.version + 1)
        )
    if proposal is not None:
        db.session.execute(
            update(Proposal).where(Proposal.id == proposal.id)
            .values(comment_count=Proposal.comment_count + 1)
        )
    db.session.flush()
    audit.record(actor, "comment.create_on_behalf" if name else "comment.create",
                 consultation.territory, comment, phase_id=phase.id,
                 help_place_id=getattr(place, "id", None))
    tell_phase(phase, "comment_created", comment_payload(comment))
    if root_id is not None:
        root = db.session.get(Comment, root_id)
        db.session.refresh(root)
        tell_phase(phase, "comment_counts", counts_payload(root))
    triggers.comment_posted(actor, comment, parent, proposal)
    return comment


def _changed(actor, comment, action):
    comment.version = Comment.version + 1
    audit.record(actor, action, comment.consultation.territory, comment)
    db.session.flush()
    db.session.refresh(comment)
    tell_phase(comment.phase, "comment_changed", comment_payload(comment))
    return comment


def edit_comment(actor, comment, body, stance=None):
    permissions.require_author(actor, comment,
                               _("Vous ne pouvez modifier que vos propres commentaires."))
    permissions.require_contributor(actor, comment.consultation)
    permissions.require_visible(comment)
    if utcnow() - comment.created_at > EDIT_WINDOW:
        raise Forbidden(_("Un commentaire ne peut être modifié que dans les 15 minutes qui "
                          "suivent sa publication."), code="edit_window")
    comment.body = clean_text(body, COMMENT_MAX, _("Le commentaire"), field="body")
    if stance:
        comment.stance = _stance(stance)
    comment.edited_at = utcnow()
    return _changed(actor, comment, "comment.edit")


def check_deletable(actor, comment):
    """Refuse deleting ``comment`` (not the author's, already deleted) before asking."""
    permissions.require_author(actor, comment,
                               _("Vous ne pouvez supprimer que vos propres commentaires."))
    if comment.deleted_at is not None:
        raise Conflict(_("Ce commentaire est déjà supprimé."), code="deleted")


def delete_comment(actor, comment):
    """The author removes their text; the thread stays with a notice in its place."""
    check_deletable(actor, comment)
    comment.deleted_at = utcnow()
    comment.body = ""
    return _changed(actor, comment, "comment.delete")


def _vote_value(value):
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in (-1, 0, 1):
        raise Invalid(_("Ce vote n'est pas valide."), code="bad_vote", field="value")
    return value


def _already_voted():
    return Conflict(_("Votre vote est déjà enregistré."), code="already_voted")


def _change_vote(actor, comment, value):
    """The (up, down) deltas of recording ``value``. The UNIQUE (user, comment) constraint
    and conditional updates make concurrent clicks count once."""
    existing = db.session.scalar(
        select(Vote).where(Vote.user_id == actor.id, Vote.comment_id == comment.id)
    )
    if existing is None:
        if value == 0:
            raise Conflict(_("Vous n'avez pas voté pour ce commentaire."), code="no_vote")
        db.session.add(Vote(user_id=actor.id, comment_id=comment.id, value=value))
        flush_unique(_already_voted())
        return (1, 0) if value == 1 else (0, 1)
    old = existing.value
    if old == value:
        raise _already_voted()
    same = (Vote.id == existing.id, Vote.value == old)
    if value == 0:
        changed = db.session.execute(delete(Vote).where(*same)).rowcount
    else:
        changed = db.session.execute(update(Vote).where(*same).values(value=value)).rowcount
    if not changed:
        raise Conflict(_("Votre vote vient d'être modifié ailleurs."), code="already_voted")
    return (value == 1) - (old == 1), (value == -1) - (old == -1)


def vote(actor, comment, value):
    """Up (+1), down (-1) or withdraw (0)."""
    permissions.require_contributor(actor, comment.consultation)
    permissions.require_visible(comment)
    value = _vote_value(value)
    up, down = _change_vote(actor, comment, value)
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(up_count=Comment.up_count + up, down_count=Comment.down_count + down,
                score=Comment.score + up - down, version=Comment.version + 1)
    )
    audit.record_opinion(actor, "comment.vote", comment.consultation.territory, comment,
                         scope=f"consultation:{comment.consultation_id}")
    db.session.flush()
    db.session.refresh(comment)
    tell_phase(comment.phase, "comment_counts", counts_payload(comment))
    return comment
