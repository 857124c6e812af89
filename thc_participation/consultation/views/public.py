"""Public pages: the consultations of a territory, a consultation, a phase and its discussion,
a thread, proposals, the action plan, and unsubscribing from its mailing. Reading needs no
account; the comment forms of a phase and a proposal post to the page itself."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import NotFound
from ...extensions import limiter
from ...uploads import send_upload
from ...web import form_view, page_number, territory_for
from ..forms import CommentForm, StatusForm
from ..models import ProposalSort
from ..services import mailing, queries
from ..services.proposals import may_edit
from .common import WRITE_LIMIT, context, form_with_places, load_consultation
from .contributions import load_comment, load_phase, load_proposal, publish_comment


def index(slug):
    territory = territory_for(slug)
    return render_template(
        "consultation/index.html",
        **context(territory, None,
                  consultations=queries.visible_consultations(territory, current_user)),
    )


def show(slug, consultation_id):
    territory, consultation = load_consultation(slug, consultation_id)
    return render_template(
        "consultation/show.html",
        **context(territory, consultation, places=queries.help_places(territory)),
    )


def _cursors():
    """The keyset position of a "next" or "previous" link (see ``services/paging.py``)."""
    return {"after": request.args.get("apres"), "before": request.args.get("avant")}


def _discussion_page(territory, consultation, phase, template, proposal=None, **extra):
    """A phase or a proposal: its discussion, and the comment form that posts to the page."""
    form = form_with_places(CommentForm, territory)
    section = None if proposal else request.args.get("partie")
    data = queries.comment_page(phase, current_user, section=section,
                                sort=request.args.get("tri"), page=page_number(),
                                proposal=proposal, **_cursors())
    return form_view(
        form, template,
        lambda: publish_comment(territory, consultation, form, phase,
                                None if proposal else form.section.data, proposal=proposal),
        **context(territory, consultation, phase=phase, proposal=proposal, data=data, **extra),
    )


@limiter.limit(WRITE_LIMIT, methods=["POST"])
def phase(slug, consultation_id, phase_id):
    territory, consultation = load_consultation(slug, consultation_id)
    phase = load_phase(consultation, phase_id)
    proposals = queries.proposal_page(phase, current_user, sort=ProposalSort.RECENT)
    return _discussion_page(territory, consultation, phase, "consultation/phase.html",
                            proposals=proposals)


def thread(slug, consultation_id, comment_id):
    territory, consultation = load_consultation(slug, consultation_id)
    comment = load_comment(consultation, comment_id)
    data = queries.thread_page(comment, current_user, page_number())
    return render_template(
        "consultation/thread.html",
        **context(territory, consultation, phase=comment.phase, data=data),
    )


def proposals(slug, consultation_id, phase_id):
    territory, consultation = load_consultation(slug, consultation_id)
    phase = load_phase(consultation, phase_id)
    data = queries.proposal_page(phase, current_user, page_number(), sort=request.args.get("tri"),
                                 **_cursors())
    return render_template(
        "consultation/proposals.html",
        **context(territory, consultation, phase=phase, proposals=data),
    )


@limiter.limit(WRITE_LIMIT, methods=["POST"])
def proposal(slug, consultation_id, proposal_id):
    territory, consultation = load_consultation(slug, consultation_id)
    item = load_proposal(consultation, proposal_id)
    supported = item.id in queries.my_supports(current_user, [item.id])
    return _discussion_page(territory, consultation, item.phase, "consultation/proposal.html",
                            proposal=item, supported=supported, status_form=StatusForm(),
                            may_edit=may_edit(current_user, item))


def action_plan(slug, consultation_id):
    territory, consultation = load_consultation(slug, consultation_id)
    if consultation.action_plan_published_at is None:
        raise NotFound(_("Le plan d'action n'est pas encore publié."))
    return render_template("consultation/action_plan.html", **context(territory, consultation))


def action_plan_pdf(slug, consultation_id):
    _territory, consultation = load_consultation(slug, consultation_id)
    if consultation.action_plan_published_at is None or consultation.action_plan_upload is None:
        raise NotFound(_("Ce document n'existe pas."))
    return send_upload(consultation.action_plan_upload)


def unsubscribe(token):
    recipient = mailing.recipient_by_token(token)
    if request.method == "POST":
        territory = mailing.unsubscribe(token)
        return render_template("consultation/unsubscribed.html", territory_name=territory.name)
    return render_template("consultation/unsubscribe.html", token=token, email=recipient.email)
