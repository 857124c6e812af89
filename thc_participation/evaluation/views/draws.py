"""Management of draws (/t/<slug>/gestion/tirages/...): creation, settings and quotas, and
the steps (freeze and drawing run as jobs, the randomness, the seats' answers)."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...timeutil import from_paris, to_paris
from ...web import done, form_view, territory_for
from .. import jobs, permissions, steps
from ..forms import ActionForm, DrawForm, RandomnessForm, SettingsForm, posted_quotas
from ..models import DrawState, Seat
from ..services import bundles, draws, pools, seats
from .common import _draw, _part_of, _pool, bp

MANAGE_DRAW = "evaluation/manage_draw.html"


def _draw_url(territory, draw):
    return url_for("evaluation.manage_draw", slug=territory.slug, draw_id=draw.id)


@bp.route("/t/<slug>/gestion/tirages/nouveau", methods=["GET", "POST"])
@login_required
def manage_draw_new(slug):
    territory = territory_for(slug, permissions.require_manage)
    form = DrawForm()
    form.pool_id.choices = [(p.id, p.name) for p in pools.pools(territory)]
    if not form.pool_id.choices:
        flash(_("Créez d'abord un vivier de candidats."), "error")
        return redirect(url_for("evaluation.manage_pool_new", slug=slug))

    def create():
        draw = draws.create_draw(current_user, territory, _pool(territory, form.pool_id.data),
                                 form.title.data, form.purpose.data, form.panel_size.data,
                                 form.randomness_source.data,
                                 _utc(form.randomness_not_before.data))
        return done(_("Tirage créé : réglez ses quotas puis gelez-le."),
                    _draw_url(territory, draw))
    return form_view(form, "evaluation/draw_form.html", create, territory=territory)


def _utc(local):
    """A Paris wall-clock moment typed in a form, as naive UTC (None stays None)."""
    return from_paris(local) if local is not None else None


def _manage_context(territory, draw, settings=None, randomness_form=None, quotas=None):
    """What the manage page shows besides the form (no feasibility while the freeze runs)."""
    job, job_title = jobs.current(draw)
    check = draw.state == DrawState.PREPARED and not (job and job.active)
    return {
        "territory": territory, "draw": draw, "job": job, "job_title": job_title,
        "problems": draws.feasibility(draw) if check else [],
        "settings": SettingsForm(obj=draw) if settings is None else settings,
        "quotas": draw.quotas if quotas is None else quotas,
        "randomness_form": RandomnessForm() if randomness_form is None else randomness_form,
        "report": bundles.report(draw) if draw.commitment_json else None,
        "people": seats.seat_holders(draw),
        "steps": steps.STEPS, "current": steps.step_index(draw),
        "confirmations": steps.CONFIRMATIONS,
    }


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>", methods=["GET", "POST"])
@login_required
def manage_draw(slug, draw_id):
    territory = territory_for(slug, permissions.require_manage)
    draw = _draw(territory, draw_id)
    if request.method == "GET":
        form, quotas, typed = SettingsForm(obj=draw), None, None
        if draw.randomness_not_before:
            form.randomness_not_before.data = to_paris(draw.randomness_not_before).replace(
                tzinfo=None)
    else:
        form = SettingsForm()
        quotas, typed = posted_quotas(draw, request.form)

    def save():
        draws.update_draw(current_user, territory, draw, form.panel_size.data, quotas,
                          form.randomness_source.data, _utc(form.randomness_not_before.data))
        return done(_("Réglages enregistrés."), _draw_url(territory, draw))
    return form_view(form, MANAGE_DRAW, save,
                     **_manage_context(territory, draw, settings=form, quotas=typed))


def _draw_step(slug, draw_id, step, form=None, confirm=None, fields=None):
    """One step of the manage page: ``step(territory, draw)`` returns the success message; a
    refused step shows the manage page again with the reason and the error's status. An
    irreversible step (``confirm``) first shows its confirmation page, unless the agent already
    confirmed in the dialog; ``fields`` are the values the confirmation page carries on."""
    territory = territory_for(slug, permissions.require_manage)
    draw = _draw(territory, draw_id)
    form = ActionForm() if form is None else form
    randomness_form = form if isinstance(form, RandomnessForm) else None

    def run():
        asked = steps.may_ask(draw, confirm) and steps.ask_first(territory, draw, confirm, fields)
        return asked or done(step(territory, draw), _draw_url(territory, draw))
    return form_view(form, MANAGE_DRAW, run,
                     **_manage_context(territory, draw, randomness_form=randomness_form))


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>/geler", methods=["POST"])
@login_required
def manage_freeze(slug, draw_id):
    """Start the freeze job once confirmed; nothing heavy here: the worker computes the
    lottery and the draw's page shows its progress (a refusal is shown there)."""
    def freeze(territory, draw):
        jobs.start_freeze(current_user, territory, draw)
        return _("Le gel du tirage est lancé : la loterie se calcule, suivez sa progression "
                 "ci-dessous.")
    return _draw_step(slug, draw_id, freeze, confirm="freeze")


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>/alea", methods=["POST"])
@login_required
def manage_randomness(slug, draw_id):
    form = RandomnessForm()

    def enter(territory, draw):
        draws.enter_randomness(current_user, territory, draw, form.value.data)
        return _("Aléa public enregistré : vous pouvez tirer.")
    return _draw_step(slug, draw_id, enter, form, confirm="randomness",
                      fields={"value": form.value.data or ""})


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>/tirer", methods=["POST"])
@login_required
def manage_run(slug, draw_id):
    """Start the drawing job once confirmed: the worker computes the panel and substitutes
    and the draw's page shows its progress, then the result."""
    def run(territory, draw):
        jobs.start_run(current_user, territory, draw)
        return _("Le tirage est lancé : le panel se calcule, suivez sa progression ci-dessous.")
    return _draw_step(slug, draw_id, run, confirm="run")


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>/sieges/<int:seat_id>", methods=["POST"])
@login_required
def manage_seat(slug, draw_id, seat_id):
    def decide(territory, draw):
        seat = _part_of(draw, "draw_id", Seat, seat_id, territory, _("Ce siège n'existe pas."))
        if request.form.get("decision") == "accept":
            user = seats.accept_seat(current_user, territory, seat)
            if user is None:
                return _("Acceptation enregistrée. Cette personne n'a pas de compte : le rôle "
                         "lui sera donné quand elle en aura créé un et que vous l'ajouterez.")
            return _("Acceptation enregistrée : %(name)s a reçu le rôle.", name=user.display_name)
        replacement = seats.decline_seat(current_user, territory, seat)
        if replacement is None:
            return _("Refus enregistré. Aucun remplaçant ne permet de respecter tous les quotas "
                     ": le siège reste vacant.")
        if replacement.type_index == seat.type_index:
            return _("Refus enregistré. Le remplaçant %(p)s, du même profil, prend le siège.",
                     p=replacement.pseudonym)
        return _("Refus enregistré. Plus de remplaçant du même profil : %(p)s, du profil le plus "
                 "proche qui respecte tous les quotas, prend le siège.", p=replacement.pseudonym)
    confirm = "decline" if request.form.get("decision") != "accept" else None
    return _draw_step(slug, draw_id, decide, confirm=confirm,
                      fields={"decision": request.form.get("decision", "")})


bp.add_app_template_filter(steps.percent, "percent")
bp.add_app_template_filter(steps.one_in, "one_in")
