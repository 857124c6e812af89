"""Management of pools (/t/<slug>/gestion/tirages/...): the index, pools, receipts and CSV
imports (uploaded, analysed by a job, reviewed, confirmed and inserted by a job)."""

from flask import redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import jobs as jobs_core
from ...csvio import csv_response, stream_csv
from ...errors import Invalid
from ...web import done, form_view, paginate, territory_for
from .. import importer, jobs, permissions
from ..forms import ActionForm, PoolForm, mapping_from, upload_form
from ..models import PoolImport
from ..services import draws, pools
from .common import _part_of, _pool, bp

PEOPLE_PER_PAGE = 100


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
    header = [_("Pseudonyme"), _("Nom"), _("Prénom"), _("E-mail"), _("Téléphone"), _("Reçu")]
    # Streamed as read (a 100,000-person pool never sits in memory).
    chunks = stream_csv(pools.receipt_rows(pool.id), header)
    return csv_response(stream_with_context(chunks), f"vivier-{pool.id}-recus.csv")


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
        jobs.start_check(current_user, territory, pending)  # the rows are read by a job
        return redirect(url_for("evaluation.manage_import_review", slug=slug, pool_id=pool.id,
                                import_id=pending.id))
    return form_view(form, "evaluation/import_upload.html", upload, territory=territory,
                     pool=pool)


def _review_url(territory, pool, pending):
    return url_for("evaluation.manage_import_review", slug=territory.slug, pool_id=pool.id,
                   import_id=pending.id)


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>/import/<int:import_id>",
          methods=["GET", "POST"])
@login_required
def manage_import_review(slug, pool_id, import_id):
    """The analysis of the uploaded file runs as a job: the page shows its progress, then
    its result (a new column mapping is analysed again by the job)."""
    territory = territory_for(slug, permissions.require_manage)
    pool = _pool(territory, pool_id)
    pending = _part_of(pool, "pool_id", PoolImport, import_id, territory,
                       _("Cet import n'existe pas ou a déjà été traité."))
    form = ActionForm()
    action = request.form.get("action")
    check = jobs_core.latest(jobs.CHECK, jobs.check_subject(pending))
    if check is None and request.method == "GET":  # an import stored without its analysis
        check = jobs.start_check(current_user, territory, pending)
    targets = [(t, label) for t, label, _aliases in importer.FIELDS] + [
        ("cat:" + c["name"], c["name"]) for c in pool.categories]
    context = {"territory": territory, "pool": pool, "pending": pending, "targets": targets,
               "check": check, "analysis": check.result if check and not check.active else None}

    def act():
        if action == "cancel":
            pools.cancel_import(current_user, territory, pending)
            return done(_("Import annulé : rien n'a été importé."), _pool_url(territory, pool))
        mapping = mapping_from(request.form, importer.read_header(pending.data))
        if action != "confirm":
            jobs.start_check(current_user, territory, pending, mapping)
            return done(_("Analyse du fichier lancée avec cette correspondance."),
                        _review_url(territory, pool, pending))
        missing = importer.missing_columns(mapping, pool.categories)
        if missing:
            raise Invalid(" ".join([_("Rien n'a été importé."), *missing]))
        # Checked again and inserted by the import job; the pool's page shows its progress.
        jobs.start_import(current_user, territory, pool, pending, mapping)
        return done(_("L'import est lancé : suivez sa progression ci-dessous."),
                    _pool_url(territory, pool))
    return form_view(form, "evaluation/import_review.html", act, **context)
