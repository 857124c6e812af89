"""Who may do what in a territory's consultations: used by views, sockets and services alike.

- manage (and moderate): the territory's agents, and network admins;
- contribute (comment, vote, propose, support): signed in, e-mail confirmed, not blocked in
  that territory, while the consultation is open;
- see: everyone sees published consultations; a draft only its territory's agents (preview);
- act on an item: it must not be deleted or hidden by moderation.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import can, require, require_signed_in
from ..errors import Conflict, Forbidden, NotFound
from ..extensions import db
from ..models import Role
from ..timeutil import utcnow
from .models import Block, ConsultationState, Moderation


def may_manage(user, territory):
    """Agents of ``territory`` (and admins) manage its consultations and moderate them."""
    return can(user, territory, Role.AGENT)


def require_manage(user, territory):
    require_signed_in(user)
    require(user, territory, Role.AGENT)


# Moderation is management: the same people decide.
may_moderate = may_manage
require_moderate = require_manage


def may_feed_from_workshops(user, territory):
    """Agents and facilitators send workshop results (proposals, summit assessment)."""
    return can(user, territory, Role.AGENT, Role.FACILITATOR)


def require_feed_from_workshops(user, territory):
    require_signed_in(user)
    require(user, territory, Role.AGENT, Role.FACILITATOR)


def is_blocked(user, territory):
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(Block.id).where(Block.territory_id == territory.id, Block.user_id == user.id)
    ) is not None


def require_contributor(user, consultation):
    """Signed in, confirmed, not blocked here, and the consultation open right now."""
    require_signed_in(user)
    if not user.is_confirmed:
        raise Forbidden(_("Confirmez d'abord votre adresse e-mail pour participer."))
    if is_blocked(user, consultation.territory):
        raise Forbidden(
            _("Votre compte ne peut plus contribuer aux consultations de ce territoire."),
            code="blocked",
        )
    if not consultation.is_open_at(utcnow()):
        raise Forbidden(
            _("Cette consultation n'est pas ouverte : on ne peut plus y contribuer."),
            code="closed",
        )


def may_see(user, consultation):
    """A draft is shown only to the agents of its territory (the preview)."""
    return consultation.state != ConsultationState.DRAFT or may_manage(user, consultation.territory)


def require_see(user, consultation):
    if not may_see(user, consultation):
        raise NotFound(_("Cette consultation n'existe pas."))


def require_author(user, comment, message):
    require_signed_in(user)
    if comment.author_id != user.id:
        raise Forbidden(message)


def require_own_comment_form(user, comment):
    """A comment's edit form (its text pre-filled) opens only for its author; for anyone else
    the comment has no edit form (404), and a hidden or deleted one has none for its author
    either."""
    if not getattr(user, "is_authenticated", False) or comment.author_id != user.id:
        raise NotFound(_("Ce commentaire n'existe pas."))
    if comment.deleted_at is not None or comment.moderation != Moderation.VISIBLE:
        raise NotFound(_("Ce commentaire ne peut plus être modifié."))


def require_visible(item):
    """A comment or proposal one may still answer, vote for, support or report."""
    if getattr(item, "deleted_at", None) is not None:
        raise Conflict(_("Cette contribution a été supprimée."), code="deleted")
    if item.moderation != Moderation.VISIBLE:
        raise Conflict(_("Cette contribution est masquée par la modération."), code="hidden")
