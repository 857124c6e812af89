"""Management pages (agents of the territory): consultations and phases, proposal answers,
the action plan, moderation, blocked accounts and help places."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import confirm
from ... import jobs as jobs_core
from ...access import load
from ...errorpages import wants_json
from ...errors import Invalid, ServiceError
from ...extensions import db
from ...models import User
from ...timeutil import to_paris
from ...web import done, form_view, territory_for
from .. import jobs
from ..forms import (
    ActionPlanForm,
    AddPhaseForm,
    BlockForm,
    ConsultationForm,
    HelpPlaceForm,
    ModerationForm,
    NewConsultationForm,
    PhaseForm,
    StatusForm,
)
from ..models import Block, Comment, HelpPlace, Proposal
from ..permissions import require_manage
from ..services import consultations, mailing, moderation, places, proposals, queries
from . import asks
from .common import context, load_consultation
from .contributions import load_phase, load_proposal


def _managed(slug):
    return territory_for(slug, require_manage)


def _managed_consultation(slug, consultation_id):
    return load_consultation(slug, consultation_id, require_manage)


def _edit_url(consultation):
    return url_for("consultation.manage_edit", slug=consultation.territory.slug,
                   consultation_id=consultation.id)


@login_required
def manage_index(slug):
    territory = _managed(slug)
    form = NewConsultationForm()

    def create():
        consultation = consultations.create_consultation(
            current_user, territory, form.title.data, form.introduction.data,
            form.opens_at.data, form.closes_at.data,
            phase_names=(form.phase_names.data or "").splitlines(),
            report_threshold=form.report_threshold.data,
        )
        return done(_("La consultation est créée (brouillon)."), _edit_url(consultation),
                    status=201, id=consultation.id)

    return form_view(form, "consultation/manage_index.html", create, **context(
        territory, None, consultations=queries.visible_consultations(territory, current_user)))


def _filled_form(consultation):
    """The presentation form filled from the consultation (dates in Paris time)."""
    form = ConsultationForm(formdata=None, obj=consultation)
    form.opens_at.data = to_paris(consultation.opens_at)
    form.closes_at.data = to_paris(consultation.closes_at)
    return form


def _edit_page(territory, consultation, edit_form, plan_form):
    """manage_edit.html shows both forms: the one submitted is also ``form`` (form_view)."""
    found = mailing.mailing_for(consultation)
    return context(territory, consultation, edit_form=edit_form, plan_form=plan_form,
                   add_form=AddPhaseForm(), mailing=found,
                   mailing_stats=mailing.mailing_stats(found),
                   mailing_job=jobs_core.latest(jobs.KIND, jobs.subject(consultation)))


@login_required
def manage_edit(slug, consultation_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    form = ConsultationForm() if request.method == "POST" else _filled_form(consultation)

    def save():
        consultations.update_consultation(
            current_user, consultation, form.title.data, form.introduction.data,
            form.opens_at.data, form.closes_at.data, form.report_threshold.data,
        )
        return done(_("La consultation est enregistrée."), _edit_url(consultation))

    return form_view(form, "consultation/manage_edit.html", save,
                     **_edit_page(territory, consultation, form, ActionPlanForm()))


@login_required
def manage_action_plan(slug, consultation_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    form = ActionPlanForm()

    def publish():
        published = mailing.publish_action_plan(current_user, consultation, form.text.data,
                                                request.files.get("pdf"))
        jobs.start_mailing(current_user, consultation, published.id)
        return done(_("Le plan d'action est publié ; l'envoi des e-mails a commencé."),
                    _edit_url(consultation))

    return form_view(form, "consultation/manage_edit.html", publish,
                     **_edit_page(territory, consultation, _filled_form(consultation), form))


@login_required
def manage_state(slug, consultation_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    state = request.form.get("state", "")
    if state in asks.STATE and (asked := confirm.ask_first(
            asks.STATE[state], _edit_url(consultation), subject=consultation.title,
            territory=territory)):
        return asked
    consultations.set_state(current_user, consultation, state)
    return done(_("La consultation est maintenant « %(state)s ».",
                  state=consultation.state.label),
                _edit_url(consultation))


@login_required
def manage_add_phase(slug, consultation_id):
    _territory, consultation = _managed_consultation(slug, consultation_id)
    phase = consultations.add_phase(current_user, consultation, AddPhaseForm().name.data)
    return done(_("La phase « %(name)s » est ajoutée.", name=phase.name),
                url_for("consultation.manage_phase", slug=slug, consultation_id=consultation.id,
                        phase_id=phase.id))


@login_required
def manage_phase(slug, consultation_id, phase_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    phase = load_phase(consultation, phase_id)
    form = PhaseForm(obj=None if request.method == "POST" else phase)

    def save():
        consultations.update_phase(current_user, phase, form.name.data, form.situation.data,
                                   form.assessment.data, form.results.data)
        return done(_("La phase est enregistrée."), _edit_url(consultation))

    return form_view(form, "consultation/manage_phase.html", save,
                     **context(territory, consultation, phase=phase))


@login_required
def manage_delete_phase(slug, consultation_id, phase_id):
    territory, consultation = _managed_consultation(slug, consultation_id)
    phase = load_phase(consultation, phase_id)
    consultations.check_phase_deletable(current_user, phase)
    if (asked := confirm.ask_first(asks.DELETE_PHASE, _edit_url(consultation),
                                   subject=phase.name, territory=territory)):
        return asked
    consultations.delete_phase(current_user, phase)
    return done(_("La phase est supprimée."), _edit_url(consultation))


@login_required
def manage_proposal_status(slug, consultation_id, proposal_id):
    _territory, consultation = _managed_consultation(slug, consultation_id)
    item = load_proposal(consultation, proposal_id)
    form = StatusForm()
    proposals.set_proposal_status(current_user, item, form.status.data, form.reason.data)
    return done(_("Le statut de la proposition est publié."),
                url_for("consultation.proposal", slug=slug, consultation_id=consultation.id,
                        proposal_id=item.id))


@login_required
def moderation_queue(slug, refused=None, status=200):
    """The queue; ``refused`` is ``(kind, id, reason typed, message)`` of a decision refused,
    shown next to that item's reason field with what was typed."""
    territory = _managed(slug)
    return render_template(
        "consultation/moderation.html",
        **context(territory, None, queue=queries.moderation_queue(territory), refused=refused),
    ), status


@login_required
def moderate(slug, kind, item_id):
    territory = _managed(slug)
    model = Comment if kind == "commentaires" else Proposal
    item = load(model, item_id, territory, message=_("Cette contribution n'existe pas."))
    action = request.form.get("action", "")
    reason = ModerationForm().reason.data or ""
    back = url_for("consultation.moderation", slug=slug)
    try:
        if action == "hide" and not reason.strip():
            raise Invalid(_("Écrivez la raison publique : elle s'affiche à la place du texte "
                            "masqué."), field="reason")
        if action == "hide" and (asked := confirm.ask_first(asks.HIDE, back,
                                                            territory=territory)):
            return asked
        moderation.moderate(current_user, territory, item, action, reason)
    except ServiceError as exc:  # no dead end: the queue again, the reason next to the field
        db.session.rollback()
        if wants_json():
            raise
        return moderation_queue(slug, (kind, item.id, reason, exc.message), exc.status)
    message = (_("La contribution est masquée.") if action == "hide"
               else _("La contribution est rétablie."))
    return done(message, url_for("consultation.moderation", slug=slug))


@login_required
def manage_blocks(slug):
    territory = _managed(slug)
    form = BlockForm()

    def block():
        email = (form.email.data or "").strip().lower()
        user = db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))
        moderation.block_user(current_user, territory, user, form.reason.data)
        return done(_("Ce compte ne peut plus contribuer dans ce territoire."),
                    url_for("consultation.manage_blocks", slug=slug))

    return form_view(form, "consultation/blocks.html", block,
                     **context(territory, None, blocks=queries.blocks(territory)))


@login_required
def manage_unblock(slug, block_id):
    territory = _managed(slug)
    block = load(Block, block_id, territory, message=_("Ce blocage n'existe pas."))
    moderation.unblock_user(current_user, territory, block)
    return done(_("Le blocage est levé."), url_for("consultation.manage_blocks", slug=slug))


def _place(territory, place_id):
    return load(HelpPlace, place_id, territory,
                message=_("Ce lieu d'aide n'existe pas dans ce territoire."))


@login_required
def manage_places(slug, place_id=None):
    territory = _managed(slug)
    place = _place(territory, place_id) if place_id is not None else None
    form = HelpPlaceForm(obj=None if request.method == "POST" else place)

    def save():
        places.save_help_place(current_user, territory, form.name.data, form.address.data,
                               form.hours.data, form.help_kind.data, form.latitude.data,
                               form.longitude.data, place=place)
        return done(_("Le lieu d'aide est enregistré."),
                    url_for("consultation.manage_places", slug=slug))

    return form_view(form, "consultation/places.html", save, **context(
        territory, None, place=place, places=queries.help_places(territory)))


@login_required
def manage_delete_place(slug, place_id):
    territory = _managed(slug)
    place = _place(territory, place_id)
    if (asked := confirm.ask_first(asks.DELETE_PLACE,
                                   url_for("consultation.manage_places", slug=slug),
                                   subject=place.name, territory=territory)):
        return asked
    places.delete_help_place(current_user, territory, place)
    return done(_("Le lieu d'aide est supprimé."),
                url_for("consultation.manage_places", slug=slug))
