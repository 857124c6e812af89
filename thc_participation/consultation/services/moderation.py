"""Moderation: reports by readers (enough of them hide an item provisionally), the agents'
decision to hide or restore, and accounts blocked from contributing in a territory."""

from flask_babel import gettext as _
from sqlalchemy import update

from ... import audit
from ...access import require_in, require_signed_in
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...notifications import triggers
from ...text import clean_text
from ...timeutil import utcnow
from .. import permissions
from ..models import Block, Comment, Moderation, Report, ReportReason
from .common import REASON_MAX, flush_unique, tell_phase
from .payloads import item_payload

REPORT_TEXT_MAX = 1000


def _kind(item):
    return "comment" if isinstance(item, Comment) else "proposal"


def report(actor, item, reason, text=""):
    """A signed-in user reports a comment or a proposal; enough reports hide it provisionally."""
    require_signed_in(actor)
    consultation = item.consultation
    permissions.require_visible(item)
    reason = ReportReason.parse(reason, "reason", _("Choisissez la raison du signalement."))
    text = clean_text(text, REPORT_TEXT_MAX, _("L'explication"), min_len=0, field="text")
    kind = _kind(item)
    model = type(item)
    db.session.add(Report(consultation_id=consultation.id, reporter_id=actor.id, reason=reason,
                          text=text, **{f"{kind}_id": item.id}))
    flush_unique(Conflict(_("Vous avez déjà signalé cette contribution."),
                          code="already_reported"))
    db.session.execute(
        update(model).where(model.id == item.id).values(report_count=model.report_count + 1)
    )
    hide = {"moderation": Moderation.PROVISIONAL}
    if model is Comment:
        hide["version"] = Comment.version + 1
    hidden = db.session.execute(
        update(model)
        .where(model.id == item.id, model.moderation == Moderation.VISIBLE,
               model.report_count >= consultation.report_threshold)
        .values(**hide)
    ).rowcount
    audit.record_opinion(actor, f"{kind}.report", consultation.territory, item,
                         scope=f"consultation:{consultation.id}", reason=reason.value)
    db.session.flush()
    db.session.refresh(item)
    if hidden:
        triggers.moderated(actor, item, "provisional")
        tell_phase(item.phase, f"{kind}_changed", item_payload(item))
    return item


def moderate(actor, territory, item, action, reason=""):
    """An agent hides an item with a public reason, or restores it; open reports are closed."""
    require_in(territory, item)
    permissions.require_moderate(actor, territory)
    kind = _kind(item)
    if action == "hide":
        item.moderation = Moderation.HIDDEN
        item.moderation_reason = clean_text(reason, REASON_MAX, _("La raison publique"),
                                            field="reason")
    elif action == "restore":
        item.moderation = Moderation.VISIBLE
        item.moderation_reason = None
    else:
        raise Invalid(_("Cette action de modération n'existe pas."), code="bad_choice",
                      field="action")
    if isinstance(item, Comment):
        item.version = Comment.version + 1
    db.session.execute(
        update(Report)
        .where(getattr(Report, f"{kind}_id") == item.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow())
    )
    audit.record(actor, f"{kind}.{action}", territory, item, reason=item.moderation_reason)
    db.session.flush()
    db.session.refresh(item)
    triggers.moderated(actor, item, action)
    tell_phase(item.phase, f"{kind}_changed", item_payload(item))
    return item


def block_user(actor, territory, user, reason):
    permissions.require_moderate(actor, territory)
    if user is None:
        raise NotFound(_("Ce compte n'existe pas."), field="email")
    reason = clean_text(reason, REASON_MAX, _("La raison"), field="reason")
    db.session.add(Block(territory_id=territory.id, user_id=user.id, reason=reason,
                         created_by_id=actor.id))
    flush_unique(Conflict(_("Ce compte est déjà bloqué dans ce territoire."),
                          code="already_blocked", field="email"))
    audit.record(actor, "consultation.block_user", territory, user)


def unblock_user(actor, territory, block):
    require_in(territory, block)
    permissions.require_moderate(actor, territory)
    audit.record(actor, "consultation.unblock_user", territory, block.user)
    db.session.delete(block)
    db.session.flush()
