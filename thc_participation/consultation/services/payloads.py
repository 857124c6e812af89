"""How a contribution is shown: its author line, the notice in place of a hidden text, and
the public data that live viewers receive."""

from flask_babel import gettext as _

from ..models import Moderation
from ..rendering import contribution_html


def author_label(item):
    if item.on_behalf_name:
        who = item.entered_by.display_name if item.entered_by else _("un agent")
        where = f" — {item.help_place.name}" if item.help_place else ""
        return _("%(name)s (contribution recueillie par %(agent)s%(where)s)",
                 name=item.on_behalf_name, agent=who, where=where)
    return item.author.display_name if item.author else _("Participant·e anonyme")


def moderation_notice(item):
    """The text shown in place of a deleted or hidden contribution, or None."""
    if getattr(item, "deleted_at", None) is not None:
        return _("Ce commentaire a été supprimé par son auteur.")
    if item.moderation == Moderation.HIDDEN:
        return _("Masqué par la modération : %(reason)s", reason=item.moderation_reason or "")
    if item.moderation == Moderation.PROVISIONAL:
        return _("Masqué provisoirement après plusieurs signalements, en attendant l'avis "
                 "d'un modérateur.")
    return None


def comment_payload(comment):
    """What viewers receive: public data only, the text already made safe."""
    shown = comment.deleted_at is None and comment.moderation == Moderation.VISIBLE
    return {
        "id": comment.id,
        "phase_id": comment.phase_id,
        "proposal_id": comment.proposal_id,
        "parent_id": comment.parent_id,
        "root_id": comment.root_id,
        "depth": comment.depth,
        "section": comment.section.value,
        "section_label": comment.section.label,
        "stance": comment.stance.value,
        "stance_label": comment.stance.label,
        "author": author_label(comment),
        "created_at": comment.created_at.isoformat() + "Z",
        "edited": comment.edited_at is not None,
        "body_html": str(contribution_html(comment.body)) if shown else "",
        "notice": moderation_notice(comment),
        "up": comment.up_count,
        "down": comment.down_count,
        "replies": comment.reply_count,
        "version": comment.version,
    }


def counts_payload(comment):
    return {"id": comment.id, "up": comment.up_count, "down": comment.down_count,
            "replies": comment.reply_count, "version": comment.version}


def item_payload(item):
    """What viewers receive when a comment or a proposal is hidden or restored."""
    if item.__tablename__ == "comment":
        return comment_payload(item)
    return {"id": item.id, "notice": moderation_notice(item)}
