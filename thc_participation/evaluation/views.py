"""Random draws: public pages (/t/<slug>/tirages/...) and management (/t/<slug>/gestion/tirages/...).

Every URL of the module is in this file. Views parse input, call one service, render.
"""
import os

from flask import Blueprint, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import require, territory_or_404
from ..csvio import csv_response, write_csv
from ..errors import ServiceError
from ..extensions import db, limiter
from ..models import Role
from . import importer, services, verifier
from .forms import (
    DrawForm,
    PoolForm,
    RandomnessForm,
    ReceiptForm,
    SettingsForm,
    UploadForm,
    signup_form,
)
from .models import PURPOSE_LABELS, SEAT_LABELS, STATE_LABELS, DrawState, Person

bp = Blueprint("evaluation", __name__)
PUBLIC_WRITE_LIMIT = "10 per minute"
PEOPLE_PER_PAGE = 100


# --- public pages ----------------------------------------------------------------------------

@bp.route("/t/<slug>/tirages/")
def draw_list(slug):
    territory = territory_or_404(slug)
    return render_template("evaluation/list.html", territory=territory,
                           draws=services.draws(territory, public=True),
                           pools=[p for p in services.pools(territory) if p.signup_open],
                           purposes=PURPOSE_LABELS, states=STATE_LABELS)


def _public_page(territory, draw, receipt_form=None, answer=None, status=200):
    report = services.report(draw)
    people = {}
    if draw.seats:
        rows = db.session.scalars(db.select(Person).where(
            Person.pool_id == draw.pool_id,
            Person.pseudonym.in_([s.pseudonym for s in draw.seats]))).all()
        people = {p.pseudonym: p.public_name for p in rows}
    return render_template(
        "evaluation/draw.html", territory=territory, draw=draw, report=report,
        result=draw.result, names=people, purposes=PURPOSE_LABELS, states=STATE_LABELS,
        seat_labels=SEAT_LABELS, receipt_form=receipt_form or ReceiptForm(), answer=answer,
    ), status


@bp.route("/t/<slug>/tirages/<int:draw_id>")
def draw_page(slug, draw_id):
    territory = territory_or_404(slug)
    return _public_page(territory, services.draw_in(territory, draw_id, public=True))


@bp.route("/t/<slug>/tirages/<int:draw_id>/recu", methods=["POST"])
@limiter.limit(PUBLIC_WRITE_LIMIT)
def check_receipt(slug, draw_id):
    territory = territory_or_404(slug)
    draw = services.draw_in(territory, draw_id, public=True)
    form = ReceiptForm()
    if not form.validate_on_submit():
        return _public_page(territory, draw, form, status=400)
    try:
        answer = services.check_receipt(draw, form.receipt.data)
    except ServiceError as exc:
        form.receipt.errors = [exc.message]
        return _public_page(territory, draw, form, status=exc.status)
    return _public_page(territory, draw, form, answer)


@bp.route("/t/<slug>/tirages/<int:draw_id>/verification.json")
def bundle_json(slug, draw_id):
    territory = territory_or_404(slug)
    draw = services.draw_in(territory, draw_id, public=True)
    response = jsonify(services.bundle(draw))
    response.headers["Content-Disposition"] = (
        f'attachment; filename="tirage-{territory.slug}-{draw.id}-verification.json"')
    return response


@bp.route("/t/<slug>/tirages/verificateur.py")
def verifier_file(slug):
    territory_or_404(slug)
    return send_file(os.path.abspath(verifier.__file__), mimetype="text/x-python",
                     as_attachment=True, download_name="verificateur_tirage.py")


@bp.route("/t/<slug>/tirages/viviers/<int:pool_id>/inscription", methods=["GET", "POST"])
@limiter.limit(PUBLIC_WRITE_LIMIT, methods=["POST"])
def signup(slug, pool_id):
    territory = territory_or_404(slug)
    pool = services.pool_in(territory, pool_id)
    form = signup_form(pool)
    status = 200
    if not pool.signup_open:
        status = 409
    elif form.validate_on_submit():
        values = {c["name"]: getattr(form, f"cat_{i}").data
                  for i, c in enumerate(pool.categories)}
        try:
            person, receipt = services.signup(
                pool, first_name=form.first_name.data, last_name=form.last_name.data,
                email=form.email.data, phone=form.phone.data, values=values,
                consent=form.consent.data, publish_name=form.publish_name.data,
                user=current_user if current_user.is_authenticated else None)
        except ServiceError as exc:
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            return render_template("evaluation/signup_done.html", territory=territory,
                                   pool=pool, person=person, receipt=receipt)
    elif request.method == "POST":
        status = 400
    return render_template("evaluation/signup.html", territory=territory, pool=pool,
                           form=form), status


# --- management ------------------------------------------------------------------------------

def _managed(slug):
    territory = territory_or_404(slug)
    require(current_user, territory, Role.AGENT)
    return territory


@bp.route("/t/<slug>/gestion/tirages/")
@login_required
def manage_index(slug):
    territory = _managed(slug)
    return render_template("evaluation/manage_index.html", territory=territory,
                           pools=services.pools(territory), draws=services.draws(territory),
                           purposes=PURPOSE_LABELS, states=STATE_LABELS)


@bp.route("/t/<slug>/gestion/tirages/viviers/nouveau", methods=["GET", "POST"])
@login_required
def manage_pool_new(slug):
    territory = _managed(slug)
    form = PoolForm()
    if form.validate_on_submit():
        try:
            pool = services.create_pool(current_user, territory, form.name.data,
                                        form.description.data, form.categories.data,
                                        form.signup_open.data, form.retention_days.data)
        except ServiceError as exc:
            form.form_errors.append(exc.message)
        else:
            flash(_("Le vivier « %(name)s » est créé.", name=pool.name), "success")
            return redirect(url_for("evaluation.manage_pool", slug=slug, pool_id=pool.id))
    return render_template("evaluation/pool_form.html", territory=territory,
                           form=form), 400 if form.errors else 200


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>", methods=["GET", "POST"])
@login_required
def manage_pool(slug, pool_id):
    territory = _managed(slug)
    pool = services.pool_in(territory, pool_id)
    if request.method == "POST":
        services.set_signup_open(current_user, pool, request.form.get("open") == "1")
        flash(_("Inscriptions ouvertes.") if pool.signup_open else _("Inscriptions fermées."),
              "success")
        return redirect(url_for("evaluation.manage_pool", slug=slug, pool_id=pool.id))
    page = pool.people.order_by(Person.last_name, Person.id).paginate(
        page=request.args.get("page", 1, type=int), per_page=PEOPLE_PER_PAGE, error_out=False)
    return render_template("evaluation/pool.html", territory=territory, pool=pool, page=page)


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>/recus.csv")
@login_required
def manage_receipts(slug, pool_id):
    territory = _managed(slug)
    pool = services.pool_in(territory, pool_id)
    rows = [(p.pseudonym, p.last_name, p.first_name, p.email, p.phone, p.receipt)
            for p in pool.people.order_by(Person.last_name, Person.id)]
    header = [_("Pseudonyme"), _("Nom"), _("Prénom"), _("E-mail"), _("Téléphone"), _("Reçu")]
    return csv_response(write_csv(rows, header), f"vivier-{pool.id}-recus.csv")


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>/import", methods=["GET", "POST"])
@login_required
def manage_import(slug, pool_id):
    territory = _managed(slug)
    pool = services.pool_in(territory, pool_id)
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            pending = services.start_import(current_user, pool, getattr(upload, "filename", ""),
                                            upload.read() if upload else b"")
        except ServiceError as exc:
            form.file.errors = [exc.message]
        else:
            return redirect(url_for("evaluation.manage_import_review", slug=slug,
                                    pool_id=pool.id, import_id=pending.id))
    return render_template("evaluation/import_upload.html", territory=territory, pool=pool,
                           form=form), 400 if form.errors else 200


def _mapping_from(form, header):
    mapping = {}
    for key, value in form.items():
        if key.startswith("map-") and value.isdigit() and int(value) < len(header):
            mapping[key[4:]] = int(value)
    return mapping


@bp.route("/t/<slug>/gestion/tirages/viviers/<int:pool_id>/import/<int:import_id>",
          methods=["GET", "POST"])
@login_required
def manage_import_review(slug, pool_id, import_id):
    territory = _managed(slug)
    pool = services.pool_in(territory, pool_id)
    pending = services.import_in(pool, import_id)
    form = UploadForm()   # CSRF only
    mapping, status, error = None, 200, None
    if request.method == "POST" and form.validate_on_submit():
        action = request.form.get("action")
        if action == "cancel":
            services.cancel_import(current_user, pending)
            flash(_("Import annulé : rien n'a été importé."), "success")
            return redirect(url_for("evaluation.manage_pool", slug=slug, pool_id=pool.id))
        header, _rows = importer.read(pending.data)
        mapping = _mapping_from(request.form, header)
        if action == "confirm":
            try:
                count = services.confirm_import(current_user, pending, mapping)
            except ServiceError as exc:
                error, status = exc.message, exc.status
            else:
                flash(_("%(n)s personnes importées dans le vivier.", n=count), "success")
                return redirect(url_for("evaluation.manage_pool", slug=slug, pool_id=pool.id))
    elif request.method == "POST":
        status = 400
    analysis = services.analyse_import(pending, mapping)
    targets = [(t, label) for t, label, _aliases in importer.FIELDS] + [
        ("cat:" + c["name"], c["name"]) for c in pool.categories]
    return render_template("evaluation/import_review.html", territory=territory, pool=pool,
                           pending=pending, analysis=analysis, targets=targets, form=form,
                           error=error), status


@bp.route("/t/<slug>/gestion/tirages/nouveau", methods=["GET", "POST"])
@login_required
def manage_draw_new(slug):
    territory = _managed(slug)
    form = DrawForm()
    form.pool_id.choices = [(p.id, p.name) for p in services.pools(territory)]
    if not form.pool_id.choices:
        flash(_("Créez d'abord un vivier de candidats."), "error")
        return redirect(url_for("evaluation.manage_pool_new", slug=slug))
    if form.validate_on_submit():
        try:
            draw = services.create_draw(
                current_user, territory, services.pool_in(territory, form.pool_id.data),
                form.title.data, form.purpose.data, form.panel_size.data,
                form.randomness_source.data)
        except ServiceError as exc:
            form.form_errors.append(exc.message)
        else:
            flash(_("Tirage créé : réglez ses quotas puis gelez-le."), "success")
            return redirect(url_for("evaluation.manage_draw", slug=slug, draw_id=draw.id))
    return render_template("evaluation/draw_form.html", territory=territory,
                           form=form), 400 if form.errors else 200


def _manage_page(territory, draw, error=None, status=200, settings=None, quotas=None):
    problems = services.feasibility(draw) if draw.state == DrawState.PREPARED else []
    return render_template(
        "evaluation/manage_draw.html", territory=territory, draw=draw, error=error,
        problems=problems, settings=settings or SettingsForm(obj=draw),
        quotas=quotas or draw.quotas, randomness_form=RandomnessForm(),
        report=services.report(draw) if draw.commitment_json else None,
        purposes=PURPOSE_LABELS, states=STATE_LABELS, seat_labels=SEAT_LABELS,
        people={s.pseudonym: services.person_of(draw, s.pseudonym) for s in draw.seats},
    ), status


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>", methods=["GET", "POST"])
@login_required
def manage_draw(slug, draw_id):
    territory = _managed(slug)
    draw = services.draw_in(territory, draw_id)
    if request.method == "GET":
        return _manage_page(territory, draw)
    settings = SettingsForm()
    if not settings.validate_on_submit():
        return _manage_page(territory, draw, _("Le formulaire a expiré : rechargez la page."), 400)
    quotas, typed = {}, {}
    for i, category in enumerate(draw.pool.categories):
        quotas[category["name"]], typed[category["name"]] = {}, {}
        for j, value in enumerate(category["values"]):
            raw = [request.form.get(f"q-{i}-{j}-{end}", "").strip() for end in ("min", "max")]
            typed[category["name"]][value] = raw
            quotas[category["name"]][value] = tuple(int(x) if x.isdigit() else None for x in raw)
    try:
        services.update_draw(current_user, draw, settings.panel_size.data, quotas,
                             settings.randomness_source.data)
    except ServiceError as exc:
        db.session.rollback()
        return _manage_page(territory, draw, exc.message, exc.status, settings, typed)
    flash(_("Réglages enregistrés."), "success")
    return redirect(url_for("evaluation.manage_draw", slug=slug, draw_id=draw.id))


def _step(slug, draw_id, action):
    territory = _managed(slug)
    draw = services.draw_in(territory, draw_id)
    if not RandomnessForm().validate_on_submit():
        return _manage_page(territory, draw, _("Le formulaire a expiré : rechargez la page."), 400)
    try:
        message = action(draw)
    except ServiceError as exc:
        db.session.rollback()
        return _manage_page(territory, draw, exc.message, exc.status)
    flash(message, "success")
    return redirect(url_for("evaluation.manage_draw", slug=slug, draw_id=draw.id))


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>/geler", methods=["POST"])
@login_required
def manage_freeze(slug, draw_id):
    def freeze(draw):
        services.freeze(current_user, draw)
        return _("Tirage gelé. Empreinte publiée : %(fp)s", fp=draw.fingerprint)
    return _step(slug, draw_id, freeze)


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>/alea", methods=["POST"])
@login_required
def manage_randomness(slug, draw_id):
    def enter(draw):
        services.enter_randomness(current_user, draw, request.form.get("value", ""))
        return _("Aléa public enregistré : vous pouvez tirer.")
    return _step(slug, draw_id, enter)


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>/tirer", methods=["POST"])
@login_required
def manage_run(slug, draw_id):
    def run(draw):
        services.run_draw(current_user, draw)
        return _("Tirage effectué : le panel et les remplaçants sont publiés.")
    return _step(slug, draw_id, run)


@bp.route("/t/<slug>/gestion/tirages/<int:draw_id>/sieges/<int:seat_id>", methods=["POST"])
@login_required
def manage_seat(slug, draw_id, seat_id):
    def decide(draw):
        seat = services.seat_in(draw, seat_id)
        if request.form.get("decision") == "accept":
            user = services.accept_seat(current_user, seat)
            if user is None:
                return _("Acceptation enregistrée. Cette personne n'a pas de compte : le rôle "
                         "lui sera donné quand elle en aura créé un et que vous l'ajouterez.")
            return _("Acceptation enregistrée : %(name)s a reçu le rôle.", name=user.display_name)
        replacement = services.decline_seat(current_user, seat)
        if replacement is None:
            return _("Refus enregistré. Aucun remplaçant de même profil : le siège reste vacant.")
        return _("Refus enregistré. Le remplaçant %(p)s prend le siège.", p=replacement)
    return _step(slug, draw_id, decide)


@bp.app_template_filter("percent")
def percent(value):
    return f"{float(value) * 100:.4f} %".replace(".", ",")
