"""Dashboard pages: the five phases of a territory, its open map of actors, the network
overview and the fees calculator. Views parse input, call one service and render."""

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import uploads
from ..access import can, require, require_admin, territory_or_404
from ..csvio import csv_response, write_csv
from ..errors import Invalid
from ..extensions import db, limiter
from ..models import Role
from . import fees, links, network, services
from . import timeline as tl
from .forms import (
    ActionMemberForm,
    ActorForm,
    CommitmentForm,
    ConsentForm,
    DocumentForm,
    FeesForm,
    InventoryForm,
    PlanForm,
    TeamMemberForm,
    UpdateForm,
    VideoForm,
)
from .models import (
    ACTOR_KIND_LABELS,
    CYCLE_STEP_LABELS,
    DOCUMENT_KIND_LABELS,
    INVENTORY_CATEGORY_LABELS,
    STAGE_LABELS,
    TEAM_ROLE_LABELS,
    ActionMember,
    ActorStatus,
    DocumentKind,
    InventoryItem,
    Stage,
    TeamMember,
)

bp = Blueprint("dashboard", __name__)

PUBLIC_WRITE_LIMIT = "20 per hour"
MANAGE = "/t/<slug>/gestion/tableau-de-bord"


@bp.context_processor
def _labels():
    return {
        "ACTOR_KIND_LABELS": ACTOR_KIND_LABELS,
        "CYCLE_STEP_LABELS": CYCLE_STEP_LABELS, "DOCUMENT_KIND_LABELS": DOCUMENT_KIND_LABELS,
        "INVENTORY_CATEGORY_LABELS": INVENTORY_CATEGORY_LABELS, "STAGE_LABELS": STAGE_LABELS,
        "TEAM_ROLE_LABELS": TEAM_ROLE_LABELS, "STAGES": list(Stage),
    }


def _form_error(form, exc, fields=()):
    """Attach a service error to the form's first matching field, else flash it."""
    for name in fields:
        if name in form:
            form[name].errors = [*form[name].errors, exc.message]
            return
    flash(exc.message, "error")


def _submitted(form):
    """True when the POST came from ``form`` (pages with several prefixed forms)."""
    return request.method == "POST" and any(k.startswith(form._prefix) for k in request.form)


def _done(message, endpoint, **values):
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


# --- public pages ---------------------------------------------------------------------------

@bp.route("/t/<slug>/")
def territory_home(slug):
    territory = territory_or_404(slug)
    return render_template(
        "dashboard/territory_home.html", territory=territory,
        timeline=services.timeline_of(territory), phases=tl.PHASES,
        pending_actors=len(services.actors_of(territory, ActorStatus.PENDING))
        if can(current_user, territory, Role.AGENT) else 0,
    )


@bp.route("/t/<slug>/equipe")
def team(slug):
    territory = territory_or_404(slug)
    return render_template(
        "dashboard/team.html", territory=territory, team=services.team_of(territory),
        evaluation_group=links.evaluation_group(territory), draw_url=links.draw_url,
    )


@bp.route("/t/<slug>/equipe/<int:member_id>/coordonnees", methods=["GET", "POST"])
@login_required
def contact_consent(slug, member_id):
    territory = territory_or_404(slug)
    member = db.get_or_404(TeamMember, member_id)
    services.require_self(current_user, territory, member)
    form = ConsentForm(obj=member)
    if form.validate_on_submit():
        services.set_contact_consent(
            current_user, territory, member, form.show_email.data, form.show_phone.data)
        return _done(_("Vos choix d'affichage sont enregistrés."), "dashboard.team", slug=slug)
    return render_template("dashboard/consent.html", territory=territory, member=member,
                           form=form)


@bp.route("/t/<slug>/engagement")
def engagement(slug):
    territory = territory_or_404(slug)
    return render_template(
        "dashboard/engagement.html", territory=territory,
        programme=services.programme_of(territory),
        letters=services.documents_of(territory, DocumentKind.DECLARATION,
                                      DocumentKind.PARTNERSHIP),
        minutes=services.documents_of(territory, DocumentKind.MINUTES),
    )


@bp.route("/t/<slug>/diagnostic")
def diagnostic(slug):
    territory = territory_or_404(slug)
    return render_template(
        "dashboard/diagnostic.html", territory=territory,
        reports=services.documents_of(territory, DocumentKind.DIAGNOSTIC),
        inventory=services.inventory_of(territory),
    )


@bp.route("/t/<slug>/acteurs")
def actors(slug):
    territory = territory_or_404(slug)
    return render_template(
        "dashboard/actors.html", territory=territory, actors=services.actors_of(territory),
        my_proposals=services.proposals_by(current_user, territory),
    )


def _actor_form_submit(territory, form, edit_of=None):
    """Run a proposal form; return the proposal or None (errors attached to the form)."""
    if not form.validate_on_submit():
        return None
    try:
        return services.propose_actor(
            current_user, territory, form.name.data, form.kind.data, form.description.data,
            services.parse_coordinate(form.latitude.data, _("La latitude")),
            services.parse_coordinate(form.longitude.data, _("La longitude")),
            address=form.address.data, website=form.website.data, edit_of=edit_of,
        )
    except Invalid as exc:
        field = {"coordinates": "latitude", "kind": "kind", "url": "website"}.get(exc.code)
        _form_error(form, exc, [field] if field else ["name", "description"])
        return None


@bp.route("/t/<slug>/acteurs/proposer", methods=["GET", "POST"])
@login_required
@limiter.limit(PUBLIC_WRITE_LIMIT, methods=["POST"])
def propose_actor(slug):
    territory = territory_or_404(slug)
    form = ActorForm()
    if _actor_form_submit(territory, form):
        return _done(_("Merci ! Votre proposition sera publiée après validation par un agent."),
                     "dashboard.actors", slug=slug)
    return render_template("dashboard/actor_form.html", territory=territory, form=form,
                           edit_of=None), 400 if form.errors else 200


@bp.route("/t/<slug>/acteurs/<int:actor_id>/modifier", methods=["GET", "POST"])
@login_required
@limiter.limit(PUBLIC_WRITE_LIMIT, methods=["POST"])
def propose_edit(slug, actor_id):
    territory = territory_or_404(slug)
    actor = services.actor_or_404(territory, actor_id)
    form = ActorForm(obj=actor) if request.method == "GET" else ActorForm()
    if request.method == "GET":
        form.kind.data = actor.kind.value
        form.latitude.data = services.format_coordinate(actor.latitude)
        form.longitude.data = services.format_coordinate(actor.longitude)
    if _actor_form_submit(territory, form, edit_of=actor):
        return _done(_("Merci ! Votre modification sera publiée après validation par un agent."),
                     "dashboard.actors", slug=slug)
    return render_template("dashboard/actor_form.html", territory=territory, form=form,
                           edit_of=actor), 400 if form.errors else 200


@bp.route("/t/<slug>/acteurs.geojson")
def actors_geojson(slug):
    territory = territory_or_404(slug)
    body = json.dumps(services.actors_geojson(territory), ensure_ascii=False)
    return Response(body, mimetype="application/geo+json",
                    headers={"Access-Control-Allow-Origin": "*"})


@bp.route("/t/<slug>/acteurs.csv")
def actors_csv(slug):
    territory = territory_or_404(slug)
    header, rows = services.actors_table(territory)
    return csv_response(write_csv(rows, header), f"acteurs-{territory.slug}.csv")


@bp.route("/t/<slug>/sommet")
def summit(slug):
    territory = territory_or_404(slug)
    return render_template(
        "dashboard/summit.html", territory=territory,
        reports=services.documents_of(territory, DocumentKind.SUMMIT_REPORT),
        summit_links=links.summit_links(territory),
    )


@bp.route("/t/<slug>/plan-d-action")
def action_plan(slug):
    territory = territory_or_404(slug)
    return render_template(
        "dashboard/action_plan.html", territory=territory,
        programme=services.programme_of(territory),
        schema_before=services.documents_of(territory, DocumentKind.SCHEMA_BEFORE),
        schema_after=services.documents_of(territory, DocumentKind.SCHEMA_AFTER),
        commitments=services.commitments_of(territory),
    )


@bp.route("/t/<slug>/actions")
def actions(slug):
    territory = territory_or_404(slug)
    return render_template("dashboard/actions.html", territory=territory,
                           commitments=services.commitments_of(territory))


@bp.route("/t/<slug>/actions/<int:commitment_id>")
def action(slug, commitment_id):
    territory = territory_or_404(slug)
    commitment = services.commitment_or_404(territory, commitment_id)
    return render_template("dashboard/action.html", territory=territory, commitment=commitment,
                           following=services.is_following(current_user, commitment))


@bp.route("/t/<slug>/actions/<int:commitment_id>/suivre", methods=["POST"])
@login_required
@limiter.limit(PUBLIC_WRITE_LIMIT)
def follow_action(slug, commitment_id):
    territory = territory_or_404(slug)
    commitment = services.commitment_or_404(territory, commitment_id)
    on = request.form.get("suivre") == "oui"
    services.follow(current_user, territory, commitment, on=on)
    message = (_("Vous suivez cette action : chaque avancée vous sera envoyée par courriel.")
               if on else _("Vous ne suivez plus cette action."))
    return _done(message, "dashboard.action", slug=slug, commitment_id=commitment_id)


@bp.route("/t/<slug>/actions/photos/<int:photo_id>")
def action_photo(slug, photo_id):
    territory = territory_or_404(slug)
    return uploads.send_upload(services.photo_or_404(territory, photo_id).upload)


@bp.route("/t/<slug>/documents/<int:document_id>")
def document_file(slug, document_id):
    territory = territory_or_404(slug)
    document = services.document_or_404(territory, document_id)
    if document.upload is None:
        return redirect(url_for("dashboard.document_text", slug=slug, document_id=document_id))
    return uploads.send_upload(document.upload)


@bp.route("/t/<slug>/documents/<int:document_id>/texte")
def document_text(slug, document_id):
    territory = territory_or_404(slug)
    document = services.document_or_404(territory, document_id)
    if not document.body:
        abort(404)
    return render_template("dashboard/document_text.html", territory=territory,
                           document=document)


@bp.route("/t/<slug>/evaluation", methods=["GET", "POST"])
def evaluation(slug):
    territory = territory_or_404(slug)
    form = DocumentForm()
    form.kind.data = DocumentKind.EVALUATION_REPORT.value  # the only kind published here
    if request.method == "POST":
        require(current_user, territory, Role.EVALUATION)
        if form.validate_on_submit() and _publish(territory, form):
            return _done(_("Le rapport d'évaluation est publié."), "dashboard.evaluation",
                         slug=slug)
    return render_template(
        "dashboard/evaluation.html", territory=territory, form=form,
        reports=services.documents_of(territory, DocumentKind.EVALUATION_REPORT),
        final=services.documents_of(territory, DocumentKind.FINAL_ASSESSMENT),
        sociology=services.sociology(territory),
    ), 400 if form.errors else 200


def _publish(territory, form):
    try:
        services.publish_document(
            current_user, territory, form.kind.data, form.title.data, form.document_date.data,
            file=form.file.data, body=form.body.data,
        )
    except Invalid as exc:
        field = "title" if exc.code in ("empty", "too_long") else "file"
        _form_error(form, exc, [field])
        return False
    return True


# --- network ---------------------------------------------------------------------------------

@bp.route("/reseau")
def network_overview():
    return render_template("dashboard/network.html", rows=network.overview())


@bp.route("/reseau/territoires.geojson")
def network_geojson():
    body = json.dumps(network.geojson(network.overview()), ensure_ascii=False)
    return Response(body, mimetype="application/geo+json")


@bp.route("/admin/cotisations")
@login_required
def fees_calculator():
    require_admin(current_user)
    form = FeesForm(request.args)
    result = None
    if request.args and form.validate():
        result = fees.compute(form.population.data, form.support_days.data or 0)
    return render_template("dashboard/fees.html", form=form, result=result,
                           euros=fees.euros, tiers=fees.TIERS), 400 if form.errors else 200


# --- management (agents) ---------------------------------------------------------------------

def _managed(slug):
    territory = territory_or_404(slug)
    require(current_user, territory, Role.AGENT)
    return territory


@bp.route(MANAGE)
@login_required
def manage_index(slug):
    territory = _managed(slug)
    return render_template(
        "dashboard/manage/index.html", territory=territory,
        timeline=services.timeline_of(territory),
        pending=services.actors_of(territory, ActorStatus.PENDING),
    )


@bp.route(MANAGE + "/equipe", methods=["GET", "POST"])
@login_required
def manage_team(slug):
    territory = _managed(slug)
    form = TeamMemberForm()
    form.draw_id.choices = [("", _("Aucun"))] + links.draw_choices(territory)
    if form.validate_on_submit():
        try:
            services.add_team_member(
                current_user, territory, form.role.data, form.name.data,
                function=form.function.data, service=form.service.data, email=form.email.data,
                phone=form.phone.data, show_email=form.show_email.data,
                show_phone=form.show_phone.data,
                draw_id=int(form.draw_id.data) if form.draw_id.data else None,
            )
        except Invalid as exc:
            _form_error(form, exc, [{"service": "service", "draw": "draw_id"}.get(exc.code, "role")])
        else:
            return _done(_("La personne est ajoutée à l'équipe."), "dashboard.manage_team",
                         slug=slug)
    return render_template("dashboard/manage/team.html", territory=territory, form=form,
                           team=services.team_of(territory)), 400 if form.errors else 200


@bp.route(MANAGE + "/equipe/<int:member_id>/retirer", methods=["POST"])
@login_required
def remove_team_member(slug, member_id):
    territory = _managed(slug)
    member = db.get_or_404(TeamMember, member_id)
    if member.territory_id != territory.id:
        abort(404)
    services.remove_team_member(current_user, territory, member)
    return _done(_("La personne est retirée de l'équipe."), "dashboard.manage_team", slug=slug)


# The territory's own documents: every kind but the evaluation group's reports.
TERRITORY_KINDS = [k for k in DocumentKind if k != DocumentKind.EVALUATION_REPORT]


def _territory_document_form():
    form = DocumentForm()
    form.kind.choices = [c for c in form.kind.choices if c[0] in TERRITORY_KINDS]
    return form


def _documents_page(territory, form, video):
    return render_template(
        "dashboard/manage/documents.html", territory=territory, form=form, video=video,
        documents=services.documents_of(territory, *TERRITORY_KINDS),
    ), 400 if (form.errors or video.errors) else 200


@bp.route(MANAGE + "/documents", methods=["GET", "POST"])
@login_required
def manage_documents(slug):
    territory = _managed(slug)
    form = _territory_document_form()
    video = VideoForm(obj=services.programme_of(territory), prefix="video")
    if form.validate_on_submit() and _publish(territory, form):
        return _done(_("Le document est publié."), "dashboard.manage_documents", slug=slug)
    return _documents_page(territory, form, video)


@bp.route(MANAGE + "/video", methods=["POST"])
@login_required
def manage_video(slug):
    territory = _managed(slug)
    video = VideoForm(prefix="video")
    if video.validate_on_submit():
        try:
            services.update_video(current_user, territory, video.video_url.data,
                                  video.video_date.data)
        except Invalid as exc:
            _form_error(video, exc, ["video_url" if exc.code == "url" else "video_date"])
        else:
            return _done(_("La vidéo d'engagement est enregistrée."),
                         "dashboard.manage_documents", slug=slug)
    return _documents_page(territory, _territory_document_form(), video)


@bp.route(MANAGE + "/documents/<int:document_id>/supprimer", methods=["POST"])
@login_required
def delete_document(slug, document_id):
    territory = _managed(slug)
    services.delete_document(current_user, territory,
                             services.document_or_404(territory, document_id))
    return _done(_("Le document est supprimé."), "dashboard.manage_documents", slug=slug)


@bp.route(MANAGE + "/diagnostic", methods=["GET", "POST"])
@login_required
def manage_inventory(slug):
    territory = _managed(slug)
    form = InventoryForm()
    if form.validate_on_submit():
        try:
            services.add_inventory_item(current_user, territory, form.step.data,
                                        form.category.data, form.name.data,
                                        form.description.data)
        except Invalid as exc:
            _form_error(form, exc, ["name"])
        else:
            return _done(_("L'élément est ajouté à l'inventaire."),
                         "dashboard.manage_inventory", slug=slug)
    return render_template("dashboard/manage/inventory.html", territory=territory, form=form,
                           inventory=services.inventory_of(territory)), \
        400 if form.errors else 200


@bp.route(MANAGE + "/diagnostic/<int:item_id>/retirer", methods=["POST"])
@login_required
def remove_inventory_item(slug, item_id):
    territory = _managed(slug)
    item = db.get_or_404(InventoryItem, item_id)
    if item.territory_id != territory.id:
        abort(404)
    services.remove_inventory_item(current_user, territory, item)
    return _done(_("L'élément est retiré de l'inventaire."), "dashboard.manage_inventory",
                 slug=slug)


@bp.route(MANAGE + "/acteurs")
@login_required
def manage_actors(slug):
    territory = _managed(slug)
    return render_template("dashboard/manage/actors.html", territory=territory,
                           pending=services.actors_of(territory, ActorStatus.PENDING),
                           actors=services.actors_of(territory))


@bp.route(MANAGE + "/acteurs/<int:actor_id>/<any(valider, refuser, retirer):decision>",
          methods=["POST"])
@login_required
def review_actor(slug, actor_id, decision):
    territory = _managed(slug)
    actor = services.actor_or_404(territory, actor_id)
    if decision == "retirer":
        services.remove_actor(current_user, territory, actor)
        return _done(_("L'acteur est retiré de la carte."), "dashboard.manage_actors", slug=slug)
    try:
        services.review_actor(current_user, territory, actor, accept=decision == "valider")
    except Invalid as exc:
        flash(exc.message, "error")
        return redirect(url_for("dashboard.manage_actors", slug=slug))
    message = (_("La proposition est validée et publiée sur la carte.") if decision == "valider"
               else _("La proposition est refusée."))
    return _done(message, "dashboard.manage_actors", slug=slug)


@bp.route(MANAGE + "/plan", methods=["GET", "POST"])
@login_required
def manage_plan(slug):
    territory = _managed(slug)
    programme = services.programme_of(territory)
    plan = PlanForm(prefix="plan", data={
        "declaration": programme.plan_declaration, "framework": programme.plan_framework,
        "adopted_on": programme.plan_adopted_on})
    commitment = CommitmentForm(prefix="engagement")
    if _submitted(plan) and plan.validate_on_submit():
        try:
            services.update_plan(current_user, territory, plan.declaration.data,
                                 plan.framework.data, plan.adopted_on.data)
        except Invalid as exc:
            _form_error(plan, exc, ["declaration"])
        else:
            return _done(_("Le plan d'action est enregistré."), "dashboard.manage_plan",
                         slug=slug)
    elif _submitted(commitment) and commitment.validate_on_submit():
        try:
            services.add_commitment(current_user, territory, commitment.title.data,
                                    commitment.description.data,
                                    commitment.expected_results.data)
        except Invalid as exc:
            _form_error(commitment, exc, ["title"])
        else:
            return _done(_("L'engagement est ajouté ; son action est créée."),
                         "dashboard.manage_plan", slug=slug)
    failed = plan.errors or commitment.errors
    return render_template("dashboard/manage/plan.html", territory=territory, plan=plan,
                           commitment=commitment,
                           commitments=services.commitments_of(territory)), \
        400 if failed else 200


@bp.route(MANAGE + "/actions/<int:commitment_id>", methods=["GET", "POST"])
@login_required
def manage_action(slug, commitment_id):
    territory = _managed(slug)
    commitment = services.commitment_or_404(territory, commitment_id)
    member = ActionMemberForm(prefix="membre")
    update = UpdateForm(prefix="avancee", stage=commitment.stage.value)
    if _submitted(member) and member.validate_on_submit():
        try:
            services.add_action_member(current_user, territory, commitment, member.name.data,
                                       member.role.data)
        except Invalid as exc:
            _form_error(member, exc, ["name"])
        else:
            return _done(_("Le membre est ajouté au groupe action."), "dashboard.manage_action",
                         slug=slug, commitment_id=commitment_id)
    elif _submitted(update) and update.validate_on_submit():
        try:
            services.post_update(current_user, territory, commitment, update.update_date.data,
                                 update.text.data, update.stage.data, update.photos())
        except Invalid as exc:
            field = {"date": "update_date", "empty": "text", "too_long": "text"}.get(
                exc.code, "photo_1")
            _form_error(update, exc, [field])
        else:
            return _done(_("L'avancée est publiée ; les personnes qui suivent l'action sont "
                           "prévenues."), "dashboard.manage_action", slug=slug,
                         commitment_id=commitment_id)
    return render_template("dashboard/manage/action.html", territory=territory,
                           commitment=commitment, member=member, update=update), \
        400 if (member.errors or update.errors) else 200


@bp.route(MANAGE + "/actions/membres/<int:member_id>/retirer", methods=["POST"])
@login_required
def remove_action_member(slug, member_id):
    territory = _managed(slug)
    member = db.get_or_404(ActionMember, member_id)
    commitment = services.commitment_or_404(territory, member.commitment_id)
    services.remove_action_member(current_user, territory, member)
    return _done(_("Le membre est retiré du groupe action."), "dashboard.manage_action",
                 slug=slug, commitment_id=commitment.id)
