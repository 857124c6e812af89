"""Pages of live workshop boards (one blueprint, every URL here).

Participants: ``/b`` (join by code), ``/b/<CODE>`` (the phone page), ``/b/<CODE>/synthese``
(the public summary every transfer links back to). Facilitators and agents of the territory:
``/t/<slug>/gestion/ateliers/...`` (boards, settings, projector, exports, transfer).
"""

import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...access import require_signed_in, territory_or_404
from ...csvio import csv_response, write_csv
from ...errors import NotFound, ServiceError
from ...extensions import db
from ...urls import absolute_url
from . import outputs, services
from .forms import BoardForm, TransferForm
from .models import BoardState

bp = Blueprint("boards", __name__)
MANAGE = "/t/<slug>/gestion/ateliers"


# ---------------------------------------------------------------- participants


@bp.route("/b", strict_slashes=False)
def join():
    code = request.args.get("code")
    error = None
    if code is not None:
        normal = services.normalise_code(code)
        if normal:
            try:
                services.board_by_code(normal)
            except NotFound as exc:
                error = exc.message
            else:
                return redirect(url_for("boards.participate", code=normal))
        else:
            error = _("Un code d'atelier compte 6 lettres ou chiffres, par exemple K7M2QX.")
    return render_template("boards/join.html", code=code or "", error=error), 400 if error else 200


def _public_board(code):
    normal = services.normalise_code(code)
    if normal and normal != code:
        return None, redirect(url_for(request.endpoint, code=normal))
    return services.board_by_code(code), None


@bp.route("/b/<code>")
def participate(code):
    try:
        board, redirect_to = _public_board(code)
    except NotFound as exc:
        return render_template("boards/join.html", code=code, error=exc.message), 404
    if redirect_to:
        return redirect_to
    return render_template("boards/participate.html", board=board,
                           short_url=absolute_url("boards.participate", code=board.code))


@bp.route("/b/<code>/qr.svg")
def qr(code):
    board = services.board_by_code(code)
    image = qrcode.make(absolute_url("boards.participate", code=board.code),
                        image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2)
    out = io.BytesIO()
    image.save(out)
    return Response(out.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.route("/b/<code>/synthese")
def public_summary(code):
    board = services.board_by_code(code)
    if board.state == BoardState.PREPARING:
        raise NotFound(_("Cet atelier n'a pas encore commencé."))
    return render_template("boards/summary.html", board=board, manage=False,
                           summary=outputs.summary(board))


# ---------------------------------------------------------------- management


def _territory(slug):
    territory = territory_or_404(slug)
    require_signed_in(current_user)
    services.require_facilitator_in(current_user, territory)
    return territory


def _managed(slug, board_id):
    territory = _territory(slug)
    return territory, services.board_in(territory, board_id)


def _event_choices(territory):
    return [(0, _("— Aucun (tableau libre) —"))] + [
        (e.id, e.title) for e in services.workshops_of(territory)]


def _save(form, territory, board=None):
    """Create or update from the form; returns (board, error message)."""
    values = {
        "column_titles": (form.columns.data or "").splitlines(),
        "event_id": form.event_id.data or None,
        "dots": form.dots.data if form.dots.data is not None else -1,
        "note_length": form.note_length.data if form.note_length.data is not None else -1,
        "allow_anonymous": form.allow_anonymous.data,
        "show_authors": form.show_authors.data,
    }
    try:
        if board is None:
            board = services.create_board(current_user, territory, form.question.data, **values)
        else:
            services.update_board(current_user, board, form.question.data, **values)
    except ServiceError as exc:
        db.session.rollback()
        return board, exc
    return board, None


@bp.route(MANAGE + "/", methods=["GET", "POST"])
@login_required
def manage_index(slug):
    territory = _territory(slug)
    form = BoardForm()
    form.event_id.choices = _event_choices(territory)
    if request.method == "GET":
        form.columns.data = "\n".join(str(t) for t in services.DEFAULT_COLUMNS)
    status = 200
    if request.method == "POST" and form.validate():
        board, error = _save(form, territory)
        if error is None:
            flash(_("Le tableau est créé. Ouvrez-le quand l'atelier commence."), "success")
            return redirect(url_for("boards.manage_board", slug=slug, board_id=board.id))
        form.form_errors.append(error.message)
        status = error.status
    elif form.errors:
        status = 400
    return render_template("boards/manage_index.html", territory=territory, form=form,
                           boards=services.boards_of(territory)), status


@bp.route(MANAGE + "/<int:board_id>/", methods=["GET", "POST"])
@login_required
def manage_board(slug, board_id):
    territory, board = _managed(slug, board_id)
    form = BoardForm(obj=None if request.method == "POST" else board)
    form.event_id.choices = _event_choices(territory)
    if request.method == "GET":
        form.columns.data = "\n".join(c["title"] for c in board.columns)
        form.event_id.data = board.event_id or 0
    status = 200
    if request.method == "POST" and form.validate():
        board, error = _save(form, territory, board)
        if error is None:
            flash(_("Les réglages du tableau sont enregistrés."), "success")
            return redirect(url_for("boards.manage_board", slug=slug, board_id=board.id))
        form.form_errors.append(error.message)
        status = error.status
    elif form.errors:
        status = 400
    return render_template("boards/manage_board.html", territory=territory, board=board,
                           form=form, transfers=outputs.transfers(board),
                           short_url=absolute_url("boards.participate", code=board.code)), status


@bp.route(MANAGE + "/<int:board_id>/etat", methods=["POST"])
@login_required
def manage_state(slug, board_id):
    territory, board = _managed(slug, board_id)
    try:
        services.set_state(board.id, services.facilitator_actor(current_user, board), None,
                           request.form.get("action", ""))
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.refresh(board)
        flash(_("Le tableau est maintenant « %(state)s ».", state=board.state_label), "success")
    return redirect(url_for("boards.manage_board", slug=slug, board_id=board.id))


@bp.route(MANAGE + "/<int:board_id>/projection")
@login_required
def projector(slug, board_id):
    territory, board = _managed(slug, board_id)
    return render_template("boards/projector.html", territory=territory, board=board,
                           short_url=absolute_url("boards.participate", code=board.code))


@bp.route(MANAGE + "/<int:board_id>/notes.csv")
@login_required
def export_csv(slug, board_id):
    _territory_, board = _managed(slug, board_id)
    data = write_csv(outputs.csv_rows(board), outputs.CSV_HEADER)
    return csv_response(data, f"atelier-{board.code}.csv")


@bp.route(MANAGE + "/<int:board_id>/notes.json")
@login_required
def export_json(slug, board_id):
    _territory_, board = _managed(slug, board_id)
    response = jsonify(outputs.as_json(board))
    response.headers["Content-Disposition"] = f'attachment; filename="atelier-{board.code}.json"'
    return response


@bp.route(MANAGE + "/<int:board_id>/synthese")
@login_required
def summary(slug, board_id):
    territory, board = _managed(slug, board_id)
    return render_template("boards/summary.html", territory=territory, board=board, manage=True,
                           summary=outputs.summary(board, include_hidden=True))


@bp.route(MANAGE + "/<int:board_id>/consultation", methods=["GET", "POST"])
@login_required
def send_to_consultation(slug, board_id):
    territory, board = _managed(slug, board_id)
    form = TransferForm()
    form.target.choices = [(str(i), label) for i, label
                           in outputs.consultation_phases(territory)]
    data = outputs.summary(board, include_hidden=False)
    status = 200
    if request.method == "POST" and form.validate():
        try:
            phase_id = int(form.target.data) if (form.target.data or "").isdigit() else None
            count = outputs.send_to_consultation(current_user, board, phase_id, form.kind.data,
                                                 form.notes.data, form.clusters.data)
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("%(count)d élément(s) envoyé(s) vers la consultation.", count=count),
                  "success")
            return redirect(url_for("boards.manage_board", slug=slug, board_id=board.id))
    elif form.errors:
        status = 400
    return render_template("boards/transfer.html", territory=territory, board=board, form=form,
                           summary=data), status
