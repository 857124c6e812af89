"""Random draws: public pages (/t/<slug>/tirages/...) and management (/t/<slug>/gestion/tirages/...).

Every URL of the module is in this file. Views load what the URL names (scoped to the
territory), check access through ``permissions``, call one service and render; a refused
operation is shown by ``web.form_view`` next to its field or above the form.
"""
import os

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import jobs as jobs_core
from ..access import load
from ..csvio import csv_response, write_csv
from ..errors import Invalid, NotFound
from ..extensions import db, limiter
from ..timeutil import from_paris, to_paris
from ..web import done, form_view, paginate, territory_for
from . import importer, jobs, permissions, steps, verifier
from .forms import (
    ActionForm,
    DrawForm,
    PoolForm,
    RandomnessForm,
    ReceiptForm,
    SettingsForm,
    mapping_from,
    posted_quotas,
    signup_form,
    upload_form,
)
from .models import Draw, DrawState, Pool, PoolImport, Seat
from .services import bundles, draws, pools, seats

bp = Blueprint("evaluation", __name__)
PUBLIC_WRITE_LIMIT = "10 per minute"
BUNDLE_LIMIT = "20 per minute"  # a large draw's bundle is megabytes
PEOPLE_PER_PAGE = 100


# --- loading what a URL names ----------------------------------------------------------------

def _pool(territory, pool_id):
    return load(Pool, pool_id, territory, _("Ce vivier n'existe pas."))


def _draw(territory, draw_id):
    return load(Draw, draw_id, territory, _("Ce tirage n'existe pas."))


def _public_draw(territory, draw_id):
    draw = _draw(territory, draw_id)
    permissions.require_public(draw)
    return draw


def _part_of(parent, link, model, ident, territory, message):
    """The ``model`` row ``ident`` of ``territory`` whose ``link`` column is ``parent``."""
    obj = load(model, ident, territory, message)
    if getattr(obj, link) != parent.id:
        raise NotFound(message)
    return obj


# --- public pages ----------------------------------------------------------------------------

@bp.route("/t/<slug>/tirages/")
def draw_list(slug):
    territory = territory_for(slug)
    return render_template("evaluation/list.html", territory=territory,
                           draws=draws.draws(territory, public=True),
                           pools=[p for p in pools.pools(territory) if permissions.may_sign_up(p)])


def _public_context(territory, draw):
    return {"territory": territory, "draw": draw, "report": bundles.report(draw),
            "result": draw.result, "names": seats.public_names(draw)}


@bp.route("/t/<slug>/tirages/<int:draw_id>")
def draw_page(slug, draw_id):
    territory = territory_for(slug)
    context = _public_context(territory, _public_draw(territory, draw_id))
    return render_template("evaluation/draw.html", form=ReceiptForm(), **context)


@bp.route("/t/<slug>/tirages/<int:draw_id>/recu", methods=["POST"])
@limiter.limit(PUBLIC_WRITE_LIMIT)
def check_receipt(slug, draw_id):
    territory = territory_for(slug)
    draw = _public_draw(territory, draw_id)
    form = ReceiptForm()
    context = _public_context(territory, draw)

    def answer():
        return render_template("evaluation/draw.html", form=form, **context,
                               answer=bundles.check_receipt(draw, form.receipt.data))
    return form_view(form, "evaluation/draw.html", answer, **context)


@bp.route("/t/<slug>/tirages/<int:draw_id>/avis")
def draw_notice(slug, draw_id):
    """The printable notice of the fingerprint, to post at the town hall when the draw freezes."""
    territory = territory_for(slug)
    draw = _public_draw(territory, draw_id)
    return render_template("evaluation/notice.html", territory=territory, draw=draw)


@bp.route("/t/<slug>/tirages/<int:draw_id>/verification.json")
@limiter.limit(BUNDLE_LIMIT)
def bundle_json(slug, draw_id):
    """Served from the file a job built (202 "come back in a moment" while it is built)."""
    territory = territory_for(slug)
    draw = _public_draw(territory, draw_id)
    return jobs_core.serve_built(jobs.bundle_file(draw), lambda: jobs.prepare_bundle(draw),
                                 f"tirage-{territory.slug}-{draw.id}-verification.json")


@bp.route("/t/<slug>/tirages/verificateur.py")
def verifier_file(slug):
    territory_for(slug)
    return send_file(os.path.abspath(verifier.__file__), mimetype="text/x-python",
                     as_attachment=True, download_name="verificateur_tirage.py")


@bp.route("/t/<slug>/tirages/viviers/<int:pool_id>/inscription", methods=["GET", "POST"])
@limiter.limit(PUBLIC_WRITE_LIMIT, methods=["POST"])
def signup(slug, pool_id):
    territory = territory_for(slug)
    pool = _pool(territory, pool_id)
    form = signup_form(pool)
    context = {"territory": territory, "pool": pool}
    if not permissions.may_sign_up(pool):   # the page says the sign-up is closed
        return render_template("evaluation/signup.html", form=form, **context), 409

    def join():
        person, receipt = pools.signup(
            territory, pool, first_name=form.first_name.data, last_name=form.last_name.data,
            email=form.email.data, phone=form.phone.data, consent=form.consent.data,
            values={c["name"]: form[f"cat_{i}"].data for i, c in enumerate(pool.categories)},
            publish_name=form.publish_name.data,
            user=current_user if current_user.is_authenticated else None)
        return render_template("evaluation/signup_done.html", person=person, receipt=receipt,
                               **context)
    return form_view(form, "evaluation/signup.html", join, **context)


# --- management: pools and imports -----------------------------------------------------------

@bp.route("/t/<slug>/gestion/tirages/")
@login_required
def manage_index(slug):
    territory = territory_for(slug, permissions.require_manage)
    return render_template("evaluation/manage_index.html", territory=territory,
                           pools=pools.pools(territory), draws=draws.draws(territory))


def _pool_url(territory, pool):
    return url_for("evaluation.manage_pool", slug=territory.slug, pool_id=pool.id)


@bp.route("/t/<slug>/gestion/tirages/viviers/nouveau", methods=["GET", "POST"])
@login_required
def manage_pool_new(slug):
    territory = territory_for(slug, permissions.require_manage)
    form = PoolForm()

    def create():
        pool = pools.create_pool(current_user, territory, form.name.data, form.description.data,
                                 form.categories.data, form.signup_open.data,
                                 form.retention_days.data)
        return done(_("Le vivier « %(name)s » est créé.", name=pool.name),
                    _pool_url(territory, pool))
    return form_view(form, "evaluation/pool_form.html", create, territory=territory)


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>", methods=["GET", "POST"])
@login_required
def manage_pool(slug, pool_id):
    territory = territory_for(slug, permissions.require_manage)
    pool = _pool(territory, pool_id)
    if request.method == "POST":
        pools.set_signup_open(current_user, territory, pool, request.form.get("open") == "1")
        return done(_("Inscriptions ouvertes.") if pool.signup_open else
                    _("Inscriptions fermées."), _pool_url(territory, pool))
    return render_template("evaluation/pool.html", territory=territory, pool=pool,
                           page=paginate(pools.people(pool), PEOPLE_PER_PAGE),
                           job=jobs_core.latest(jobs.IMPORT, jobs.import_subject(pool)))


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>/recus.csv")
@login_required
def manage_receipts(slug, pool_id):
    territory = territory_for(slug, permissions.require_manage)
    pool = _pool(territory, pool_id)
    rows = [(p.pseudonym, p.last_name, p.first_name, p.email, p.phone, p.receipt)
            for p in db.session.scalars(pools.people(pool))]
    header = [_("Pseudonyme"), _("Nom"), _("Prénom"), _("E-mail"), _("Téléphone"), _("Reçu")]
    return csv_response(write_csv(rows, header), f"vivier-{pool.id}-recus.csv")


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>/import", methods=["GET", "POST"])
@login_required
def manage_import(slug, pool_id):
    territory = territory_for(slug, permissions.require_manage)
    pool = _pool(territory, pool_id)
    form = upload_form()

    def upload():
        file = form.file.data
        pending = pools.start_import(current_user, territory, pool, getattr(file, "filename", ""),
                                     file.read() if file else b"")
        return redirect(url_for("evaluation.manage_import_review", slug=slug, pool_id=pool.id,
                                import_id=pending.id))
    return form_view(form, "evaluation/import_upload.html", upload, territory=territory,
                     pool=pool)


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>/import/<int:import_id>",
          methods=["GET", "POST"])
@login_required
def manage_import_review(slug, pool_id, import_id):
    territory = territory_for(slug, permissions.require_manage)
    pool = _pool(territory, pool_id)
    pending = _part_of(pool, "pool_id", PoolImport, import_id, territory,
                       _("Cet import n'existe pas ou a déjà été traité."))
    form = ActionForm()
    action = request.form.get("action")
    mapping = None
    if form.is_submitted():
        header, _rows = importer.read(pending.data)
        mapping = mapping_from(request.form, header)
    if action == "confirm" and form.validate_on_submit() and \
            not importer.missing_columns(mapping, pool.categories):
        # Checked and inserted by the import job; the pool's page shows its progress.
        jobs.start_import(current_user, territory, pool, pending, mapping)
        return done(_("L'import est lancé : suivez sa progression ci-dessous."),
                    _pool_url(territory, pool))
    targets = [(t, label) for t, label, _aliases in importer.FIELDS] + [
        ("cat:" + c["name"], c["name"]) for c in pool.categories]
    context = {"territory": territory, "pool": pool, "pending": pending, "targets": targets,
               "analysis": pools.analyse_import(pending, mapping)}

    def act():
        if action == "cancel":
            pools.cancel_import(current_user, territory, pending)
            return done(_("Import annulé : rien n'a été importé."), _pool_url(territory, pool))
        if action == "confirm":  # here only when a required column is not mapped
            raise Invalid(_("L'import contient des erreurs : corrigez le fichier, rien n'a été "
                            "importé."))
        return render_template("evaluation/import_review.html", form=form, **context)
    return form_view(form, "evaluation/import_review.html", act, **context)


# --- management: draws ----------------------------------------------------------------------

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
    job = jobs_core.latest(jobs.FREEZE, jobs.subject(draw))
    check = draw.state == DrawState.PREPARED and not (job and job.active)
    return {
        "territory": territory, "draw": draw, "job": job,
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
    def run(territory, draw):
        draws.run_draw(current_user, territory, draw)
        return _("Tirage effectué : le panel et les remplaçants sont publiés.")
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
