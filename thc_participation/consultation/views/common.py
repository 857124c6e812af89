"""What the consultation views share: loading a consultation and its objects, the page
context, the link to a comment."""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...access import load
from ...errors import NotFound
from ...extensions import limiter
from ...timeutil import utcnow
from ...web import territory_for
from .. import permissions
from ..models import CommentSort, Consultation, ProposalSort
from ..services import queries
from ..services.consultations import TRANSITIONS
from ..services.payloads import author_label, moderation_notice

WRITE_LIMIT = "30 per minute;300 per hour"


def contribution_page(view):
    """A page with a form that contributes: signed in only, posting rate-limited."""
    return limiter.limit(WRITE_LIMIT, methods=["POST"])(login_required(view))


def load_consultation(slug, consultation_id, require=None):
    """The territory and a consultation of it that the current user may see (a draft only for
    its agents); ``require`` checks the user's right in the territory first."""
    territory = territory_for(slug, require)
    consultation = load(Consultation, consultation_id, territory,
                        message=_("Cette consultation n'existe pas."))
    permissions.require_see(current_user, consultation)
    return territory, consultation


def load_in(model, ident, consultation, message=None):
    """A phase, comment or proposal of ``consultation`` (NotFound for any other)."""
    obj = load(model, ident, consultation.territory, message=message)
    if obj.consultation_id != consultation.id:
        raise NotFound(message or _("Cet élément n'existe pas ou a été supprimé."))
    return obj


def context(territory, consultation, **extra):
    """What every consultation template receives."""
    return {
        "territory": territory,
        "consultation": consultation,
        "is_agent": permissions.may_manage(current_user, territory),
        "is_open": consultation.is_open_at(utcnow()) if consultation else False,
        "notice": moderation_notice,
        "author_label": author_label,
        "comment_sorts": CommentSort,
        "proposal_sorts": ProposalSort,
        "allowed_states": ({s.value for s in TRANSITIONS[consultation.state]}
                           if consultation else set()),
        **extra,
    }


def form_with_places(form_class, territory):
    """A contribution form whose "met at" list holds the territory's help places."""
    form = form_class()
    form.help_place_id.choices = [("", _("— aucun —"))] + [
        (str(p.id), p.name) for p in queries.help_places(territory)
    ]
    return form


def comment_url(territory, consultation, comment):
    anchor = f"commentaire-{comment.id}"
    if comment.proposal_id:
        return url_for("consultation.proposal", slug=territory.slug,
                       consultation_id=consultation.id, proposal_id=comment.proposal_id,
                       _anchor=anchor)
    if comment.depth:
        return url_for("consultation.thread", slug=territory.slug, consultation_id=consultation.id,
                       comment_id=comment.root_id, _anchor=anchor)
    return url_for("consultation.phase", slug=territory.slug, consultation_id=consultation.id,
                   phase_id=comment.phase_id, _anchor=anchor)
