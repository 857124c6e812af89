"""Contributions of signed-in readers: replies, edits, deletion, votes, proposals, supports
and reports. Each view loads what the URL names, calls one service and answers."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import confirm
from ...errors import NotFound
from ...extensions import limiter
from ...web import done, form_view
from .. import permissions
from ..forms import CommentForm, EditCommentForm, EditProposalForm, ProposalForm, ReportForm
from ..models import Comment, Phase, Proposal
from ..services import comments, moderation, proposals, queries
from ..services.payloads import comment_payload
from . import asks
from .common import (
    WRITE_LIMIT,
    comment_url,
    context,
    contribution_page,
    form_with_places,
    load_consultation,
    load_in,
)


def load_comment(consultation, comment_id):
    return load_in(Comment, comment_id, consultation, _("Ce commentaire n'existe pas."))


def load_proposal(consultation, proposal_id):
    return load_in(Proposal, proposal_id, consultation, _("Cette proposition n'existe pas."))


def load_phase(consultation, phase_id):
    return load_in(Phase, phase_id, consultation, _("Cette phase n'existe pas."))


def publish_comment(territory, consultation, form, phase, section, parent=None, proposal=None,
                    message=None):
    """Post the comment of ``form`` (its hidden ``parent_id`` names the comment answered)."""
    if parent is None and form.parent_id.data:
        parent = load_comment(consultation, form.parent_id.data)
    comment = comments.post_comment(
        current_user, phase, form.body.data, section=section, stance=form.stance.data,
        parent=parent, proposal=proposal, on_behalf_name=form.on_behalf_name.data,
        help_place_id=form.help_place_id.data,
    )
    return done(message or _("Merci, votre commentaire est publié."),
                comment_url(territory, consultation, comment), status=201,
                comment=comment_payload(comment))


@contribution_page
def reply(slug, consultation_id, comment_id):
    territory, consultation = load_consultation(slug, consultation_id)
    parent = load_comment(consultation, comment_id)
    form = form_with_places(CommentForm, territory)
    return form_view(
        form, "consultation/reply.html",
        lambda: publish_comment(territory, consultation, form, parent.phase, parent.section.value,
                                parent=parent, proposal=parent.proposal,
                                message=_("Merci, votre réponse est publiée.")),
        **context(territory, consultation, phase=parent.phase, parent=parent),
    )


@login_required
def edit_comment(slug, consultation_id, comment_id):
    territory, consultation = load_consultation(slug, consultation_id)
    comment = load_comment(consultation, comment_id)
    permissions.require_own_comment_form(current_user, comment)
    form = EditCommentForm(data={"body": comment.body, "stance": comment.stance.value}
                           if request.method == "GET" else None)

    def save():
        comments.edit_comment(current_user, comment, form.body.data, form.stance.data)
        return done(_("Votre commentaire est modifié."),
                    comment_url(territory, consultation, comment))

    return form_view(form, "consultation/edit_comment.html", save,
                     **context(territory, consultation, phase=comment.phase, comment=comment))


def delete_comment(slug, consultation_id, comment_id):
    territory, consultation = load_consultation(slug, consultation_id)
    comment = load_comment(consultation, comment_id)
    comments.check_deletable(current_user, comment)
    if (asked := confirm.ask_first(asks.DELETE_COMMENT, comment_url(territory, consultation,
                                                                    comment),
                                   subject=consultation.title, territory=territory)):
        return asked
    comment = comments.delete_comment(current_user, comment)
    return done(_("Votre commentaire est supprimé."),
                comment_url(territory, consultation, comment))


@limiter.limit(WRITE_LIMIT)
def vote(slug, consultation_id, comment_id):
    territory, consultation = load_consultation(slug, consultation_id)
    comment = comments.vote(current_user, load_comment(consultation, comment_id),
                            request.form.get("value"))
    mine = queries.my_votes(current_user, [comment.id]).get(comment.id, 0)
    return done(_("Votre vote est enregistré."), comment_url(territory, consultation, comment),
                id=comment.id, up=comment.up_count, down=comment.down_count, mine=mine,
                version=comment.version)


@contribution_page
def new_proposal(slug, consultation_id, phase_id):
    territory, consultation = load_consultation(slug, consultation_id)
    phase = load_phase(consultation, phase_id)
    form = form_with_places(ProposalForm, territory)

    def publish():
        proposal = proposals.create_proposal(
            current_user, phase, form.title.data, form.description.data,
            on_behalf_name=form.on_behalf_name.data, help_place_id=form.help_place_id.data,
        )
        return done(_("Merci, votre proposition est publiée."),
                    url_for("consultation.proposal", slug=slug, consultation_id=consultation.id,
                            proposal_id=proposal.id), status=201, id=proposal.id)

    return form_view(form, "consultation/proposal_form.html", publish,
                     **context(territory, consultation, phase=phase))


@login_required
def edit_proposal(slug, consultation_id, proposal_id):
    """Its author changes their proposal; once supported or answered, the refusal says why
    above the form, with what they typed kept."""
    territory, consultation = load_consultation(slug, consultation_id)
    proposal = load_proposal(consultation, proposal_id)
    if proposal.author_id != current_user.id or proposal.on_behalf_name:
        raise NotFound(_("Cette proposition n'existe pas."))
    form = EditProposalForm(obj=proposal if request.method == "GET" else None)

    def save():
        proposals.edit_proposal(current_user, proposal, form.title.data, form.description.data)
        return done(_("Votre proposition est modifiée."),
                    url_for("consultation.proposal", slug=slug, consultation_id=consultation.id,
                            proposal_id=proposal.id))

    return form_view(form, "consultation/proposal_form.html", save,
                     **context(territory, consultation, phase=proposal.phase, editing=proposal))


@limiter.limit(WRITE_LIMIT)
def support(slug, consultation_id, proposal_id):
    _territory, consultation = load_consultation(slug, consultation_id)
    supported = request.form.get("value") == "1"
    item = proposals.set_support(current_user, load_proposal(consultation, proposal_id),
                                 supported)
    message = _("Votre soutien est enregistré.") if supported else _("Votre soutien est retiré.")
    return done(message,
                url_for("consultation.proposal", slug=slug, consultation_id=consultation.id,
                        proposal_id=item.id),
                id=item.id, supports=item.support_count)


def _report(territory, consultation, item, **template_item):
    form = ReportForm()

    def send():
        moderation.report(current_user, item, form.reason.data, form.text.data)
        return done(_("Merci, votre signalement est transmis aux modérateurs."),
                    url_for("consultation.phase", slug=territory.slug,
                            consultation_id=consultation.id, phase_id=item.phase_id))

    return form_view(form, "consultation/report_form.html", send,
                     **context(territory, consultation, phase=item.phase, **template_item))


@contribution_page
def report_comment(slug, consultation_id, comment_id):
    territory, consultation = load_consultation(slug, consultation_id)
    comment = load_comment(consultation, comment_id)
    return _report(territory, consultation, comment, comment=comment)


@contribution_page
def report_proposal(slug, consultation_id, proposal_id):
    territory, consultation = load_consultation(slug, consultation_id)
    proposal = load_proposal(consultation, proposal_id)
    return _report(territory, consultation, proposal, proposal=proposal)
