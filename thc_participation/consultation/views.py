"""Public and management pages of the online consultation (one blueprint, every URL here).

Views load the territory and objects, call one service and render; a service error on a
form re-renders it with the input kept; other errors go to the core error pages (French
page, or JSON for scripts that ask for it)."""

import json

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import require, territory_or_404
from ..csvio import csv_response, write_csv
from ..errorpages import wants_json
from ..errors import NotFound, ServiceError
from ..extensions import db, limiter, socketio
from ..models import AgeBand, Gender, Role, User
from ..timeutil import to_paris, utcnow
from ..uploads import send_upload
from . import charts, services
from .forms import (
    ActionPlanForm,
    AddPhaseForm,
    BlockForm,
    CommentForm,
    ConsultationForm,
    EditCommentForm,
    HelpPlaceForm,
    ModerationForm,
    NewConsultationForm,
    PhaseForm,
    ProposalForm,
    ReportForm,
    StatusForm,
)
from .models import Comment, HelpPlace, Proposal
from .rendering import contribution_html

bp = Blueprint("consultation", __name__)

WRITE_LIMIT = "30 per minute;300 per hour"
PUBLIC = "/t/<slug>/consultations/<int:consultation_id>"
MANAGE = "/t/<slug>/gestion/consultations"


def _load(slug, consultation_id):
    territory = territory_or_404(slug)
    return territory, services.get_consultation(territory, consultation_id, current_user)


def _context(territory, consultation, **extra):
    return {
        "territory": territory,
        "consultation": consultation,
        "is_agent": services.is_agent(current_user, territory),
        "is_open": consultation.is_open_at(utcnow()) if consultation else False,
        "section_labels": services.section_labels(),
        "stance_labels": services.stance_labels(),
        "state_labels": services.state_labels(),
        "status_labels": services.status_labels(),
        "notice": services.moderation_notice,
        "author_label": services.author_label,
        "allowed_states": {s.value for s in services.TRANSITIONS[consultation.state]}
        if consultation else set(),
        **extra,
    }


@bp.app_template_filter("contribution")
def _contribution_filter(text):
    return contribution_html(text)


def _place_choices(form, territory):
    form.help_place_id.choices = [("", _("— aucun —"))] + [
        (str(p.id), p.name) for p in services.help_places(territory)
    ]


def _done(message, target):
    """Success of a small action: JSON for scripts, a flash and a redirect otherwise."""
    if wants_json():
        return jsonify(ok=True, message=message)
    flash(message, "success")
    return redirect(target)


# ---------------------------------------------------------------- public pages

@bp.route("/t/<slug>/consultations/")
def index(slug):
    territory = territory_or_404(slug)
    return render_template(
        "consultation/index.html",
        **_context(territory, None,
                   consultations=services.visible_consultations(territory, current_user)),
    )


@bp.route(PUBLIC + "/")
def show(slug, consultation_id):
    territory, consultation = _load(slug, consultation_id)
    return render_template(
        "consultation/show.html",
        **_context(territory, consultation, places=services.help_places(territory)),
    )


def _phase_view(territory, consultation, phase, form, status=200):
    args = request.args
    data = services.comment_page(
        phase, current_user, section=args.get("partie"), sort=args.get("tri", "recent"),
        page=services.parse_page(args.get("page")),
    )
    proposals = services.proposal_page(phase, current_user, sort="recent")
    return render_template(
        "consultation/phase.html",
        **_context(territory, consultation, phase=phase, form=form, data=data,
                   proposals=proposals, sort_labels=services.sort_labels()),
    ), status


@bp.route(PUBLIC + "/phases/<int:phase_id>", methods=["GET", "POST"])
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def phase(slug, consultation_id, phase_id):
    territory, consultation = _load(slug, consultation_id)
    phase = services.get_phase(consultation, phase_id)
    form = CommentForm()
    _place_choices(form, territory)
    if request.method == "POST":
        try:
            parent = None
            if form.parent_id.data:
                parent = services.get_comment(consultation, _int(form.parent_id.data))
            comment = services.post_comment(
                current_user, phase, form.body.data, section=form.section.data,
                stance=form.stance.data, parent=parent,
                on_behalf_name=form.on_behalf_name.data, help_place_id=form.help_place_id.data,
            )
        except ServiceError as exc:
            db.session.rollback()
            if wants_json():
                raise
            form.form_errors.append(exc.message)
            return _phase_view(territory, consultation, phase, form, exc.status)
        if wants_json():
            return jsonify(ok=True, comment=services.comment_payload(comment)), 201
        flash(_("Merci, votre commentaire est publié."), "success")
        return redirect(_comment_url(territory, consultation, comment))
    return _phase_view(territory, consultation, phase, form)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound(_("Ce commentaire n'existe pas.")) from None


def _comment_url(territory, consultation, comment):
    if comment.proposal_id:
        return url_for("consultation.proposal", slug=territory.slug,
                       consultation_id=consultation.id, proposal_id=comment.proposal_id,
                       _anchor=f"commentaire-{comment.id}")
    if comment.depth:
        return url_for("consultation.thread", slug=territory.slug, consultation_id=consultation.id,
                       comment_id=comment.root_id, _anchor=f"commentaire-{comment.id}")
    return url_for("consultation.phase", slug=territory.slug, consultation_id=consultation.id,
                   phase_id=comment.phase_id, _anchor=f"commentaire-{comment.id}")


@bp.route(PUBLIC + "/commentaires/<int:comment_id>")
def thread(slug, consultation_id, comment_id):
    territory, consultation = _load(slug, consultation_id)
    comment = services.get_comment(consultation, comment_id)
    data = services.thread_page(comment, current_user, services.parse_page(request.args.get("page")))
    return render_template(
        "consultation/thread.html",
        **_context(territory, consultation, phase=comment.phase, data=data),
    )


@bp.route(PUBLIC + "/commentaires/<int:comment_id>/repondre", methods=["GET", "POST"])
@limiter.limit(WRITE_LIMIT, methods=["POST"])
@login_required
def reply(slug, consultation_id, comment_id):
    territory, consultation = _load(slug, consultation_id)
    parent = services.get_comment(consultation, comment_id)
    form = CommentForm()
    _place_choices(form, territory)
    status = 200
    if request.method == "POST":
        try:
            comment = services.post_comment(
                current_user, parent.phase, form.body.data, stance=form.stance.data,
                parent=parent, proposal=parent.proposal,
                on_behalf_name=form.on_behalf_name.data, help_place_id=form.help_place_id.data,
            )
        except ServiceError as exc:
            db.session.rollback()
            if wants_json():
                raise
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            if wants_json():
                return jsonify(ok=True, comment=services.comment_payload(comment)), 201
            flash(_("Merci, votre réponse est publiée."), "success")
            return redirect(_comment_url(territory, consultation, comment))
    return render_template(
        "consultation/reply.html",
        **_context(territory, consultation, phase=parent.phase, parent=parent, form=form),
    ), status


@bp.route(PUBLIC + "/commentaires/<int:comment_id>/modifier", methods=["GET", "POST"])
@login_required
def edit_comment(slug, consultation_id, comment_id):
    territory, consultation = _load(slug, consultation_id)
    comment = services.get_comment(consultation, comment_id)
    form = EditCommentForm(data={"body": comment.body, "stance": comment.stance.value}
                           if request.method == "GET" else None)
    status = 200
    if request.method == "POST":
        try:
            services.edit_comment(current_user, comment, form.body.data, form.stance.data)
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Votre commentaire est modifié."), "success")
            return redirect(_comment_url(territory, consultation, comment))
    return render_template(
        "consultation/edit_comment.html",
        **_context(territory, consultation, phase=comment.phase, comment=comment, form=form),
    ), status


@bp.route(PUBLIC + "/commentaires/<int:comment_id>/supprimer", methods=["POST"])
def delete_comment(slug, consultation_id, comment_id):
    territory, consultation = _load(slug, consultation_id)
    comment = services.delete_comment(current_user, services.get_comment(consultation, comment_id))
    return _done(_("Votre commentaire est supprimé."),
                 _comment_url(territory, consultation, comment))


@bp.route(PUBLIC + "/commentaires/<int:comment_id>/vote", methods=["POST"])
@limiter.limit(WRITE_LIMIT)
def vote(slug, consultation_id, comment_id):
    territory, consultation = _load(slug, consultation_id)
    comment = services.vote(current_user, services.get_comment(consultation, comment_id),
                            request.form.get("value"))
    if wants_json():
        mine = services.my_votes(current_user, [comment.id]).get(comment.id, 0)
        return jsonify(ok=True, id=comment.id, up=comment.up_count, down=comment.down_count,
                       mine=mine, version=comment.version)
    return _done(_("Votre vote est enregistré."), _comment_url(territory, consultation, comment))


def _report(territory, consultation, item, template_item):
    form = ReportForm()
    status = 200
    if request.method == "POST":
        try:
            services.report(current_user, item, form.reason.data, form.text.data)
        except ServiceError as exc:
            db.session.rollback()
            if wants_json():
                raise
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            return _done(_("Merci, votre signalement est transmis aux modérateurs."),
                         url_for("consultation.phase", slug=territory.slug,
                                 consultation_id=consultation.id, phase_id=item.phase_id))
    return render_template(
        "consultation/report_form.html",
        **_context(territory, consultation, phase=item.phase, form=form, **template_item),
    ), status


@bp.route(PUBLIC + "/commentaires/<int:comment_id>/signaler", methods=["GET", "POST"])
@limiter.limit(WRITE_LIMIT, methods=["POST"])
@login_required
def report_comment(slug, consultation_id, comment_id):
    territory, consultation = _load(slug, consultation_id)
    comment = services.get_comment(consultation, comment_id)
    return _report(territory, consultation, comment, {"comment": comment})


@bp.route(PUBLIC + "/phases/<int:phase_id>/propositions")
def proposals(slug, consultation_id, phase_id):
    territory, consultation = _load(slug, consultation_id)
    phase = services.get_phase(consultation, phase_id)
    sort = "recent" if request.args.get("tri") == "recent" else "supported"
    data = services.proposal_page(phase, current_user, services.parse_page(request.args.get("page")),
                                  sort=sort)
    return render_template(
        "consultation/proposals.html",
        **_context(territory, consultation, phase=phase, proposals=data, sort=sort),
    )


@bp.route(PUBLIC + "/phases/<int:phase_id>/propositions/nouvelle", methods=["GET", "POST"])
@limiter.limit(WRITE_LIMIT, methods=["POST"])
@login_required
def new_proposal(slug, consultation_id, phase_id):
    territory, consultation = _load(slug, consultation_id)
    phase = services.get_phase(consultation, phase_id)
    form = ProposalForm()
    _place_choices(form, territory)
    status = 200
    if request.method == "POST":
        try:
            proposal = services.create_proposal(
                current_user, phase, form.title.data, form.description.data,
                on_behalf_name=form.on_behalf_name.data, help_place_id=form.help_place_id.data,
            )
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Merci, votre proposition est publiée."), "success")
            return redirect(url_for("consultation.proposal", slug=slug,
                                    consultation_id=consultation.id, proposal_id=proposal.id))
    return render_template(
        "consultation/proposal_form.html",
        **_context(territory, consultation, phase=phase, form=form),
    ), status


@bp.route(PUBLIC + "/propositions/<int:proposal_id>", methods=["GET", "POST"])
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def proposal(slug, consultation_id, proposal_id):
    territory, consultation = _load(slug, consultation_id)
    item = services.get_proposal(consultation, proposal_id)
    form = CommentForm()
    _place_choices(form, territory)
    status = 200
    if request.method == "POST":
        try:
            parent = None
            if form.parent_id.data:
                parent = services.get_comment(consultation, _int(form.parent_id.data))
            comment = services.post_comment(
                current_user, item.phase, form.body.data, stance=form.stance.data,
                parent=parent, proposal=item, on_behalf_name=form.on_behalf_name.data,
                help_place_id=form.help_place_id.data,
            )
        except ServiceError as exc:
            db.session.rollback()
            if wants_json():
                raise
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Merci, votre commentaire est publié."), "success")
            return redirect(_comment_url(territory, consultation, comment))
    data = services.comment_page(item.phase, current_user, sort=request.args.get("tri", "recent"),
                                 page=services.parse_page(request.args.get("page")), proposal=item)
    return render_template(
        "consultation/proposal.html",
        **_context(territory, consultation, phase=item.phase, proposal=item, form=form, data=data,
                   supported=item.id in services.my_supports(current_user, [item.id]),
                   sort_labels=services.sort_labels(), status_form=StatusForm()),
    ), status


@bp.route(PUBLIC + "/propositions/<int:proposal_id>/soutien", methods=["POST"])
@limiter.limit(WRITE_LIMIT)
def support(slug, consultation_id, proposal_id):
    territory, consultation = _load(slug, consultation_id)
    item = services.set_support(current_user, services.get_proposal(consultation, proposal_id),
                                request.form.get("value") == "1")
    target = url_for("consultation.proposal", slug=slug, consultation_id=consultation.id,
                     proposal_id=item.id)
    if wants_json():
        return jsonify(ok=True, id=item.id, supports=item.support_count)
    return _done(_("Votre soutien est enregistré.") if request.form.get("value") == "1"
                 else _("Votre soutien est retiré."), target)


@bp.route(PUBLIC + "/propositions/<int:proposal_id>/signaler", methods=["GET", "POST"])
@limiter.limit(WRITE_LIMIT, methods=["POST"])
@login_required
def report_proposal(slug, consultation_id, proposal_id):
    territory, consultation = _load(slug, consultation_id)
    item = services.get_proposal(consultation, proposal_id)
    return _report(territory, consultation, item, {"proposal": item})


@bp.route(PUBLIC + "/contributions.csv")
def export_csv(slug, consultation_id):
    _territory, consultation = _load(slug, consultation_id)
    rows = services.contributions(consultation)
    data = write_csv(([row[f] for f in services.EXPORT_FIELDS] for row in rows),
                     services.EXPORT_FIELDS)
    response = csv_response(data, f"consultation-{consultation.id}-contributions.csv")
    response.headers["Link"] = f'<{services.LICENCE_URL}>; rel="license"'
    return response


@bp.route(PUBLIC + "/contributions.json")
def export_json(slug, consultation_id):
    territory, consultation = _load(slug, consultation_id)
    rows = services.contributions(consultation)
    for row in rows:
        for key in ("cree_le", "modifie_le"):
            row[key] = row[key].isoformat() + "Z" if row[key] else None
    body = {
        "licence": services.LICENCE,
        "licence_url": services.LICENCE_URL,
        "producteur": territory.name,
        "consultation": {"id": consultation.id, "titre": consultation.title,
                         "etat": consultation.state.value},
        "contributions": rows,
    }
    return Response(json.dumps(body, ensure_ascii=False, indent=1),
                    mimetype="application/json",
                    headers={"Link": f'<{services.LICENCE_URL}>; rel="license"'})


@bp.route(PUBLIC + "/bilan")
def participation_report(slug, consultation_id):
    territory, consultation = _load(slug, consultation_id)
    data = services.participation_report(consultation)
    per_day = [(d.strftime("%d/%m"), n) for d, n in data["per_day"]]
    figures = {
        "per_phase": charts.horizontal_bars(
            "chart-phases", _("Contributions par phase"),
            [(name, c + p) for name, c, p in data["per_phase"]]),
        "per_day": charts.columns("chart-days", _("Contributions par jour"), per_day,
                                  label_every=max(1, len(per_day) // 15)),
    }
    profiles = {
        key: charts.shares([(labels.get(k, k), n) for k, n in data[key]])
        for key, labels in (("age_bands", AgeBand.labels()), ("genders", Gender.labels()),
                            ("neighbourhoods", {}))
    }
    for key, title in (("age_bands", _("Participants par tranche d'âge (déclarée)")),
                       ("genders", _("Participants par genre (déclaré)")),
                       ("neighbourhoods", _("Participants par quartier (déclaré)"))):
        figures[key] = charts.horizontal_bars(
            f"chart-{key}", title, [(label, pct) for label, _n, pct in profiles[key]],
            unit=" %", fmt=format_decimal)
    return render_template(
        "consultation/report.html",
        **_context(territory, consultation, data=data, figures=figures, profiles=profiles),
    )


@bp.route(PUBLIC + "/plan-d-action")
def action_plan(slug, consultation_id):
    territory, consultation = _load(slug, consultation_id)
    if consultation.action_plan_published_at is None:
        raise NotFound(_("Le plan d'action n'est pas encore publié."))
    return render_template("consultation/action_plan.html", **_context(territory, consultation))


@bp.route(PUBLIC + "/plan-d-action.pdf")
def action_plan_pdf(slug, consultation_id):
    _territory, consultation = _load(slug, consultation_id)
    if consultation.action_plan_published_at is None or consultation.action_plan_upload is None:
        raise NotFound(_("Ce document n'existe pas."))
    return send_upload(consultation.action_plan_upload)


@bp.route("/consultations/desabonnement/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    recipient = services.recipient_by_token(token)
    if request.method == "POST":
        territory = services.unsubscribe(token)
        return render_template("consultation/unsubscribed.html", territory_name=territory.name)
    return render_template("consultation/unsubscribe.html", token=token, email=recipient.email)


# ---------------------------------------------------------------- management

def _managed(slug):
    territory = territory_or_404(slug)
    require(current_user, territory, Role.AGENT)
    return territory


def _managed_consultation(slug, consultation_id):
    territory = _managed(slug)
    return territory, services.get_consultation(territory, consultation_id, current_user)


@bp.route(MANAGE + "/", methods=["GET", "POST"])
@login_required
def manage_index(slug):
    territory = _managed(slug)
    form = NewConsultationForm()
    status = 200
    if request.method == "POST" and form.validate():
        try:
            consultation = services.create_consultation(
                current_user, territory, form.title.data, form.introduction.data,
                form.opens_at.data, form.closes_at.data,
                phase_names=(form.phase_names.data or "").splitlines(),
                report_threshold=form.report_threshold.data,
            )
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("La consultation est créée (brouillon)."), "success")
            return redirect(url_for("consultation.manage_edit", slug=slug,
                                    consultation_id=consultation.id))
    if form.errors and status == 200:
        status = 400
    return render_template(
        "consultation/manage_index.html",
        **_context(territory, None, form=form,
                   consultations=services.visible_consultations(territory, current_user)),
    ), status


def _filled_form(consultation):
    """The presentation form filled from the consultation (dates in Paris time)."""
    form = ConsultationForm(formdata=None, obj=consultation)
    form.opens_at.data = to_paris(consultation.opens_at)
    form.closes_at.data = to_paris(consultation.closes_at)
    return form


@bp.route(MANAGE + "/<int:consultation_id>/", methods=["GET", "POST"])
@login_required
def manage_edit(slug, consultation_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    form = ConsultationForm() if request.method == "POST" else _filled_form(consultation)
    status = 200
    if request.method == "POST" and form.validate():
        try:
            services.update_consultation(
                current_user, consultation, form.title.data, form.introduction.data,
                form.opens_at.data, form.closes_at.data, form.report_threshold.data,
            )
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("La consultation est enregistrée."), "success")
            return redirect(url_for("consultation.manage_edit", slug=slug,
                                    consultation_id=consultation.id))
    if form.errors and status == 200:
        status = 400
    mailing = services.mailing_for(consultation)
    return render_template(
        "consultation/manage_edit.html",
        **_context(territory, consultation, form=form, add_form=AddPhaseForm(),
                   plan_form=ActionPlanForm(), mailing=mailing,
                   mailing_stats=services.mailing_stats(mailing)),
    ), status


@bp.route(MANAGE + "/<int:consultation_id>/etat", methods=["POST"])
@login_required
def manage_state(slug, consultation_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    services.set_state(current_user, consultation, request.form.get("state", ""))
    return _done(_("La consultation est maintenant « %(state)s ».",
                   state=services.state_labels()[consultation.state]),
                 url_for("consultation.manage_edit", slug=slug, consultation_id=consultation.id))


@bp.route(MANAGE + "/<int:consultation_id>/phases/ajouter", methods=["POST"])
@login_required
def manage_add_phase(slug, consultation_id):
    _territory, consultation = _managed_consultation(slug, consultation_id)
    phase = services.add_phase(current_user, consultation, AddPhaseForm().name.data)
    return _done(_("La phase « %(name)s » est ajoutée.", name=phase.name),
                 url_for("consultation.manage_phase", slug=slug, consultation_id=consultation.id,
                         phase_id=phase.id))


@bp.route(MANAGE + "/<int:consultation_id>/phases/<int:phase_id>", methods=["GET", "POST"])
@login_required
def manage_phase(slug, consultation_id, phase_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    phase = services.get_phase(consultation, phase_id)
    form = PhaseForm(obj=None if request.method == "POST" else phase)
    status = 200
    if request.method == "POST":
        try:
            services.update_phase(current_user, phase, form.name.data, form.situation.data,
                                  form.assessment.data, form.results.data)
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("La phase est enregistrée."), "success")
            return redirect(url_for("consultation.manage_edit", slug=slug,
                                    consultation_id=consultation.id))
    return render_template(
        "consultation/manage_phase.html", **_context(territory, consultation, phase=phase, form=form)
    ), status


@bp.route(MANAGE + "/<int:consultation_id>/phases/<int:phase_id>/supprimer", methods=["POST"])
@login_required
def manage_delete_phase(slug, consultation_id, phase_id):
    _territory, consultation = _managed_consultation(slug, consultation_id)
    services.delete_phase(current_user, services.get_phase(consultation, phase_id))
    return _done(_("La phase est supprimée."),
                 url_for("consultation.manage_edit", slug=slug, consultation_id=consultation.id))


@bp.route(MANAGE + "/<int:consultation_id>/propositions/<int:proposal_id>/statut",
          methods=["POST"])
@login_required
def manage_proposal_status(slug, consultation_id, proposal_id):
    _territory, consultation = _managed_consultation(slug, consultation_id)
    item = services.get_proposal(consultation, proposal_id)
    form = StatusForm()
    services.set_proposal_status(current_user, item, form.status.data, form.reason.data)
    return _done(_("Le statut de la proposition est publié."),
                 url_for("consultation.proposal", slug=slug, consultation_id=consultation.id,
                         proposal_id=item.id))


@bp.route(MANAGE + "/<int:consultation_id>/plan-d-action", methods=["POST"])
@login_required
def manage_action_plan(slug, consultation_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    form = ActionPlanForm()
    try:
        mailing = services.publish_action_plan(current_user, consultation, form.text.data,
                                               request.files.get("pdf"))
    except ServiceError as exc:
        db.session.rollback()
        form.form_errors.append(exc.message)
        mailing = services.mailing_for(consultation)
        return render_template(
            "consultation/manage_edit.html",
            **_context(territory, consultation, form=_filled_form(consultation),
                       add_form=AddPhaseForm(), plan_form=form, mailing=mailing,
                       mailing_stats=services.mailing_stats(mailing)),
        ), exc.status
    start_mailing(mailing.id)
    return _done(_("Le plan d'action est publié ; l'envoi des e-mails a commencé."),
                 url_for("consultation.manage_edit", slug=slug, consultation_id=consultation.id))


def start_mailing(mailing_id):
    """Send a mailing in a background task of the Socket.IO server (resumable by the CLI)."""
    from flask import current_app

    app = current_app._get_current_object()

    def run():
        with app.app_context():
            services.send_mailing(mailing_id)

    return socketio.start_background_task(run)


def _moderation_target(slug, kind, item_id):
    territory = _managed(slug)
    model = Comment if kind == "commentaires" else Proposal
    item = db.session.get(model, item_id)
    if item is None or item.consultation.territory_id != territory.id:
        raise NotFound(_("Cette contribution n'existe pas."))
    return territory, item


@bp.route(MANAGE + "/moderation")
@login_required
def moderation(slug):
    territory = _managed(slug)
    return render_template(
        "consultation/moderation.html",
        **_context(territory, None, queue=services.moderation_queue(territory),
                   form=ModerationForm(), reason_labels=services.report_reason_labels()),
    )


@bp.route(MANAGE + "/moderation/<any(commentaires, propositions):kind>/<int:item_id>",
          methods=["POST"])
@login_required
def moderate(slug, kind, item_id):
    _territory, item = _moderation_target(slug, kind, item_id)
    action = request.form.get("action", "")
    services.moderate(current_user, item, action, ModerationForm().reason.data)
    message = _("La contribution est masquée.") if action == "hide" else _("La contribution est rétablie.")
    return _done(message, url_for("consultation.moderation", slug=slug))


@bp.route(MANAGE + "/blocages", methods=["GET", "POST"])
@login_required
def manage_blocks(slug):
    territory = _managed(slug)
    form = BlockForm()
    status = 200
    if request.method == "POST":
        email = (form.email.data or "").strip().lower()
        user = db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))
        try:
            services.block_user(current_user, territory, user, form.reason.data)
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Ce compte ne peut plus contribuer dans ce territoire."), "success")
            return redirect(url_for("consultation.manage_blocks", slug=slug))
    return render_template(
        "consultation/blocks.html",
        **_context(territory, None, form=form, blocks=services.blocks(territory)),
    ), status


@bp.route(MANAGE + "/blocages/<int:block_id>/lever", methods=["POST"])
@login_required
def manage_unblock(slug, block_id):
    territory = _managed(slug)
    services.unblock_user(current_user, territory, block_id)
    return _done(_("Le blocage est levé."), url_for("consultation.manage_blocks", slug=slug))


@bp.route(MANAGE + "/lieux-d-aide", methods=["GET", "POST"])
@bp.route(MANAGE + "/lieux-d-aide/<int:place_id>", methods=["GET", "POST"])
@login_required
def manage_places(slug, place_id=None):
    territory = _managed(slug)
    place = None
    if place_id is not None:
        place = db.session.get(HelpPlace, place_id)
        if place is None or place.territory_id != territory.id:
            raise NotFound(_("Ce lieu d'aide n'existe pas dans ce territoire."))
    form = HelpPlaceForm(obj=None if request.method == "POST" else place)
    status = 200
    if request.method == "POST":
        try:
            services.save_help_place(current_user, territory, form.name.data, form.address.data,
                                     form.hours.data, form.help_kind.data, form.latitude.data,
                                     form.longitude.data, place=place)
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Le lieu d'aide est enregistré."), "success")
            return redirect(url_for("consultation.manage_places", slug=slug))
    return render_template(
        "consultation/places.html",
        **_context(territory, None, form=form, place=place,
                   places=services.help_places(territory)),
    ), status


@bp.route(MANAGE + "/lieux-d-aide/<int:place_id>/supprimer", methods=["POST"])
@login_required
def manage_delete_place(slug, place_id):
    territory = _managed(slug)
    services.delete_help_place(current_user, territory, db.session.get(HelpPlace, place_id))
    return _done(_("Le lieu d'aide est supprimé."), url_for("consultation.manage_places", slug=slug))
