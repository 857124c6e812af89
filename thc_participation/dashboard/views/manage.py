"""Management of a territory's dashboard (``/t/<slug>/gestion/tableau-de-bord``), for its
agents: team, documents and video, inventory, the review of proposed actors, the action plan
and each action."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import confirm
from ...access import load
from ...consultation.models import Proposal
from ...web import done, form_view
from .. import links, permissions
from ..forms import (
    ActionMemberForm,
    CommitmentForm,
    InventoryForm,
    LinkProposalForm,
    PlanForm,
    TeamMemberForm,
    TerritoryDocumentForm,
    UpdateForm,
    VideoForm,
)
from ..models import (
    ActionMember,
    ActionUpdate,
    Actor,
    ActorStatus,
    CommitmentProposal,
    InventoryItem,
    TeamMember,
)
from ..services import (
    actions,
    actors,
    committee,
    documents,
    inventory,
    progress,
    queries,
    team,
)
from . import asks
from .public import commitment_of, document_of, programme_territory


def _managed(slug):
    return programme_territory(slug, permissions.require_manage)


def _submitted(form):
    """True when the POST came from ``form`` (pages with several prefixed forms)."""
    return request.method == "POST" and any(k.startswith(form._prefix) for k in request.form)


@login_required
def manage_index(slug):
    territory = _managed(slug)
    return render_template(
        "dashboard/manage/index.html", territory=territory,
        timeline=progress.timeline_of(territory),
        pending=queries.actors_of(territory, ActorStatus.PENDING),
        warnings=committee.warnings(territory),
    )


@login_required
def manage_team(slug):
    territory = _managed(slug)
    form = TeamMemberForm()
    form.draw_id.choices = [("", _("Aucun"))] + links.draw_choices(territory)

    def added():
        team.add_team_member(
            current_user, territory, form.role.data, form.name.data,
            function=form.function.data, service=form.service.data, email=form.email.data,
            phone=form.phone.data, show_email=form.show_email.data,
            show_phone=form.show_phone.data, draw_id=form.draw_id.data or None,
        )
        return done(_("La personne est ajoutée à l'équipe."),
                    url_for("dashboard.manage_team", slug=slug))

    return form_view(form, "dashboard/manage/team.html", added, territory=territory,
                     team=queries.team_of(territory))


@login_required
def remove_team_member(slug, member_id):
    territory = _managed(slug)
    member = load(TeamMember, member_id, territory)
    if (asked := confirm.ask_first(asks.REMOVE_TEAM_MEMBER,
                                   url_for("dashboard.manage_team", slug=slug),
                                   subject=member.name, territory=territory)):
        return asked
    team.remove_team_member(current_user, territory, member)
    return done(_("La personne est retirée de l'équipe."),
                url_for("dashboard.manage_team", slug=slug))


def _documents_page(territory, form, on_valid, document_form, video):
    """The documents page has two forms (a document, the video): ``form`` is the one sent."""
    return form_view(form, "dashboard/manage/documents.html", on_valid, territory=territory,
                     document_form=document_form, video=video,
                     documents=queries.documents_of(territory, *permissions.TERRITORY_DOCUMENTS))


@login_required
def manage_documents(slug):
    territory = _managed(slug)
    form = TerritoryDocumentForm()
    video = VideoForm(obj=queries.programme_of(territory), prefix="video")

    def published():
        documents.publish_document(current_user, territory, form.kind.data, form.title.data,
                                   form.document_date.data, file=form.file.data,
                                   body=form.body.data)
        return done(_("Le document est publié."),
                    url_for("dashboard.manage_documents", slug=slug))

    return _documents_page(territory, form, published, form, video)


@login_required
def manage_video(slug):
    territory = _managed(slug)
    video = VideoForm(prefix="video")

    def saved():
        documents.update_video(current_user, territory, video.video_url.data,
                               video.video_date.data)
        return done(_("La vidéo d'engagement est enregistrée."),
                    url_for("dashboard.manage_documents", slug=slug))

    return _documents_page(territory, video, saved, TerritoryDocumentForm(formdata=None), video)


@login_required
def delete_document(slug, document_id):
    territory = _managed(slug)
    document = document_of(territory, document_id)
    if (asked := confirm.ask_first(asks.DELETE_DOCUMENT,
                                   url_for("dashboard.manage_documents", slug=slug),
                                   subject=document.title, territory=territory)):
        return asked
    documents.delete_document(current_user, territory, document)
    return done(_("Le document est supprimé."), url_for("dashboard.manage_documents", slug=slug))


@login_required
def manage_inventory(slug):
    territory = _managed(slug)
    form = InventoryForm()

    def added():
        inventory.add_inventory_item(current_user, territory, form.step.data,
                                     form.category.data, form.name.data, form.description.data)
        return done(_("L'élément est ajouté à l'inventaire."),
                    url_for("dashboard.manage_inventory", slug=slug))

    return form_view(form, "dashboard/manage/inventory.html", added, territory=territory,
                     inventory=queries.inventory_of(territory))


@login_required
def remove_inventory_item(slug, item_id):
    territory = _managed(slug)
    item = load(InventoryItem, item_id, territory)
    if (asked := confirm.ask_first(asks.REMOVE_INVENTORY_ITEM,
                                   url_for("dashboard.manage_inventory", slug=slug),
                                   subject=item.name, territory=territory)):
        return asked
    inventory.remove_inventory_item(current_user, territory, item)
    return done(_("L'élément est retiré de l'inventaire."),
                url_for("dashboard.manage_inventory", slug=slug))


@login_required
def manage_actors(slug):
    territory = _managed(slug)
    return render_template("dashboard/manage/actors.html", territory=territory,
                           pending=queries.actors_of(territory, ActorStatus.PENDING),
                           actors=queries.actors_of(territory))


@login_required
def review_actor(slug, actor_id, decision):
    territory = _managed(slug)
    actor = load(Actor, actor_id, territory, _("Cet acteur n'existe pas."))
    back = url_for("dashboard.manage_actors", slug=slug)
    if decision == "retirer":
        actors.remove_actor(current_user, territory, actor)
        return done(_("L'acteur est retiré de la carte."), back)
    if actor.status != ActorStatus.PENDING:
        # Reviewed meanwhile (another agent, a second click): back to the list, told so.
        flash(str(actors.ALREADY_REVIEWED), "error")
        return redirect(back)
    actors.review_actor(current_user, territory, actor, accept=decision == "valider")
    return done(_("La proposition est validée et publiée sur la carte.")
                if decision == "valider" else _("La proposition est refusée."), back)


@login_required
def manage_plan(slug):
    territory = _managed(slug)
    programme = queries.programme_of(territory)
    plan = PlanForm(prefix="plan", data={
        "declaration": programme.plan_declaration, "framework": programme.plan_framework,
        "adopted_on": programme.plan_adopted_on})
    commitment = CommitmentForm(prefix="engagement")
    back = url_for("dashboard.manage_plan", slug=slug)

    def plan_saved():
        actions.update_plan(current_user, territory, plan.declaration.data,
                            plan.framework.data, plan.adopted_on.data)
        return done(_("Le plan d'action est enregistré."), back)

    def commitment_added():
        actions.add_commitment(current_user, territory, commitment.title.data,
                               commitment.description.data, commitment.expected_results.data)
        return done(_("L'engagement est ajouté ; son action est créée."), back)

    form, on_valid = ((commitment, commitment_added) if _submitted(commitment)
                      else (plan, plan_saved))
    return form_view(form, "dashboard/manage/plan.html", on_valid, territory=territory,
                     plan=plan, commitment=commitment,
                     commitments=queries.commitments_of(territory))


@login_required
def manage_action(slug, commitment_id):
    territory = _managed(slug)
    commitment = commitment_of(territory, commitment_id)
    member = ActionMemberForm(prefix="membre")
    update = UpdateForm(prefix="avancee", stage=commitment.stage.value)
    link = LinkProposalForm(prefix="proposition")
    link.proposal_id.choices = [(str(p.id), p.title) for p in links.retained_proposals(territory)]
    back = url_for("dashboard.manage_action", slug=slug, commitment_id=commitment.id)

    def member_added():
        actions.add_action_member(current_user, territory, commitment, member.name.data,
                                  member.role.data, email=member.email.data)
        return done(_("Le membre est ajouté au groupe action."), back)

    def proposal_linked():
        proposal = load(Proposal, link.proposal_id.data, territory,
                        _("Cette proposition n'existe pas."))
        actions.link_proposal(current_user, territory, commitment, proposal)
        return done(_("La proposition est liée à l'engagement."), back)

    def update_posted():
        actions.post_update(current_user, territory, commitment, update.update_date.data,
                            update.text.data, update.stage.data, update.photos())
        return done(_("L'avancée est publiée ; les personnes qui suivent l'action sont "
                      "prévenues."), back)

    form, on_valid = ((member, member_added) if _submitted(member)
                      else (link, proposal_linked) if _submitted(link)
                      else (update, update_posted))
    return form_view(form, "dashboard/manage/action.html", on_valid, territory=territory,
                     commitment=commitment, member=member, update=update, link=link)


def _remove_from_action(slug, model, ident, remove, message, ask=None):
    """Remove a row of an action's page (a group member, a proposal link), back to it
    (after asking ``ask`` first, when given)."""
    territory = _managed(slug)
    found = load(model, ident, territory)
    commitment_id = found.commitment_id
    back = url_for("dashboard.manage_action", slug=slug, commitment_id=commitment_id)
    if ask is not None and (asked := confirm.ask_first(ask, back, territory=territory,
                                                       subject=getattr(found, "name", None))):
        return asked
    remove(current_user, territory, found)
    return done(message, back)


@login_required
def remove_action_member(slug, member_id):
    return _remove_from_action(slug, ActionMember, member_id, actions.remove_action_member,
                               _("Le membre est retiré du groupe action."),
                               asks.REMOVE_ACTION_MEMBER)


@login_required
def moderate_update(slug, update_id, decision):
    """An agent hides an update a group member posted (or shows it again)."""
    territory = _managed(slug)
    update = load(ActionUpdate, update_id, territory, _("Cette avancée n'existe pas."))
    back = url_for("dashboard.action", slug=slug, commitment_id=update.commitment_id)
    if decision == "masquer" and (asked := confirm.ask_first(asks.HIDE_UPDATE, back,
                                                             territory=territory)):
        return asked
    actions.hide_update(current_user, territory, update, hidden=decision == "masquer")
    return done(_("L'avancée est masquée.") if decision == "masquer" else
                _("L'avancée est de nouveau visible."),
                url_for("dashboard.action", slug=slug, commitment_id=update.commitment_id))


@login_required
def unlink_proposal(slug, link_id):
    return _remove_from_action(slug, CommitmentProposal, link_id, actions.unlink_proposal,
                               _("La proposition n'est plus liée à l'engagement."),
                               asks.UNLINK_PROPOSAL)
