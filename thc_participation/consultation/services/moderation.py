"""Moderation: reports by readers (enough of them hide an item provisionally), the agents'
decision to hide or restore, and accounts blocked from contributing in a territory."""

import logging

from flask_babel import gettext as _
from sqlalchemy import update

from ... import audit, mail
from ...access import require_in, require_signed_in
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...text import clean_text
from ...timeutil import utcnow
from ...transaction import after_commit
from ...urls import absolute_url
from .. import permissions
from ..models import Block, Comment, Moderation, Report, ReportReason
from .common import REASON_MAX, flush_unique, tell_phase
from .payloads import item_payload, moderation_notice

log = logging.getLogger(__name__)

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
        _notify_author(item)
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
    if action == "hide":
        _notify_author(item)
    tell_phase(item.phase, f"{kind}_changed", item_payload(item))
    return item


def _notify_author(item):
    """Tell the author why their contribution is hidden (the reason is also shown in place)."""
    author = item.author
    if author is None or item.on_behalf_name:
        return
    consultation = item.consultation
    text = _(
        "Bonjour,\n\nVotre contribution à la consultation « %(title)s » est masquée.\n"
        "%(notice)s\n\nSi vous pensez qu'il s'agit d'une erreur, répondez aux agents de "
        "%(territory)s.\n\n%(url)s\n",
        title=consultation.title,
        notice=moderation_notice(item),
        territory=consultation.territory.name,
        url=absolute_url("consultation.show", slug=consultation.territory.slug,
                         consultation_id=consultation.id),
    )
    after_commit(_send_notice, author.email, _("Votre contribution a été masquée"), text,
                 f"{type(item).__name__} {item.id}")


def _send_notice(to, subject, text, item_ref):
    try:
        mail.send(to, subject, text)
    except mail.MailError:
        log.warning("moderation notice not delivered for %s", item_ref)


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
