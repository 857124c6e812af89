"""Pages of live workshop boards (one blueprint, every URL here).

Participants: ``/b`` (join by code), ``/b/<CODE>`` (the phone page), ``/b/<CODE>/synthese``
(the public summary every transfer links back to). Facilitators and agents of the territory:
``/t/<slug>/gestion/ateliers/...`` (boards, settings, projector, exports, transfer).
"""

import io

import qrcode
import qrcode.image.svg
from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ... import confirm
from ...access import load
from ...csvio import csv_response, write_csv
from ...errors import NotFound
from ...urls import absolute_url
from ...web import done, form_view, territory_for
from . import asks, permissions
from . import jobs as board_jobs
from .forms import BoardForm, BroadcastForm, TransferForm
from .models import DEFAULT_COLUMNS, Board, BoardState
from .services import boards, exports, summit_room, transfer

bp = Blueprint("boards", __name__)
MANAGE = "/t/<slug>/gestion/ateliers"


# ---------------------------------------------------------------- participants


@bp.route("/b", strict_slashes=False)
def join():
    code = request.args.get("code")
    error = None
    if code is not None:
        normal = boards.normalise_code(code)
        if normal is None:
            error = _("Un code d'atelier compte 6 lettres ou chiffres, par exemple K7M2QX.")
        elif boards.find_board(normal) is None:
            error = boards.UNKNOWN_CODE
        else:
            return redirect(url_for("boards.participate", code=normal))
    return render_template("boards/join.html", code=code or "", error=error), 400 if error else 200


@bp.route("/b/<code>")
def participate(code):
    normal = boards.normalise_code(code)
    if normal and normal != code:
        return redirect(url_for(request.endpoint, code=normal))
    board = boards.find_board(code)
    if board is None:
        return render_template("boards/join.html", code=code, error=boards.UNKNOWN_CODE), 404
    return render_template("boards/participate.html", board=board,
                           short_url=absolute_url("boards.participate", code=board.code))


@bp.route("/b/<code>/qr.svg")
def qr(code):
    board = boards.board_by_code(code)
    image = qrcode.make(absolute_url("boards.participate", code=board.code),
                        image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2)
    out = io.BytesIO()
    image.save(out)
    return Response(out.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.route("/b/<code>/synthese")
def public_summary(code):
    board = boards.board_by_code(code)
    if board.state == BoardState.PREPARING:
        raise NotFound(_("Cet atelier n'a pas encore commencé."))
    return render_template("boards/summary.html", board=board, manage=False,
                           summary=exports.summary(board))


# ---------------------------------------------------------------- management


def _managed(slug, board_id):
    """The territory the current user manages boards of, and its board ``board_id``."""
    territory = territory_for(slug, permissions.require_manage)
    return territory, load(Board, board_id, territory,
                           message=_("Ce tableau d'atelier n'existe pas."))


def _event_choices(territory):
    return [(0, _("— Aucun (tableau libre) —"))] + [
        (e.id, e.title) for e in boards.workshops_of(territory)]


def _settings(form):
    """The board settings of a valid ``BoardForm``, as the services take them."""
    return {
        "column_titles": (form.columns.data or "").splitlines(),
        "event_id": form.event_id.data or None,
        "dots": form.dots.data if form.dots.data is not None else -1,
        "note_length": form.note_length.data if form.note_length.data is not None else -1,
        "allow_anonymous": form.allow_anonymous.data,
        "show_authors": form.show_authors.data,
    }


@bp.route(MANAGE + "/", methods=["GET", "POST"])
@login_required
def manage_index(slug):
    territory = territory_for(slug, permissions.require_manage)
    form = BoardForm()
    form.event_id.choices = _event_choices(territory)
    if request.method == "GET":
        form.columns.data = "\n".join(str(t) for t in DEFAULT_COLUMNS)

    def create():
        board = boards.create_board(current_user, territory, form.question.data,
                                    **_settings(form))
        return done(_("Le tableau est créé. Ouvrez-le quand l'atelier commence."),
                    url_for("boards.manage_board", slug=slug, board_id=board.id),
                    board=board.id)

    return form_view(form, "boards/manage_index.html", create, territory=territory,
                     boards=boards.boards_of(territory))


@bp.route(MANAGE + "/<int:board_id>/", methods=["GET", "POST"])
@login_required
def manage_board(slug, board_id):
    territory, board = _managed(slug, board_id)
    form = BoardForm(obj=None if request.method == "POST" else board)
    form.event_id.choices = _event_choices(territory)
    if request.method == "GET":
        form.columns.data = "\n".join(c["title"] for c in board.columns)
        form.event_id.data = board.event_id or 0

    def save():
        boards.update_board(current_user, territory, board, form.question.data,
                            **_settings(form))
        return done(_("Les réglages du tableau sont enregistrés."),
                    url_for("boards.manage_board", slug=slug, board_id=board.id))

    return form_view(form, "boards/manage_board.html", save, territory=territory, board=board,
                     transfers=exports.transfers(board),
                     short_url=absolute_url("boards.participate", code=board.code))


@bp.route(MANAGE + "/<int:board_id>/etat", methods=["POST"])
@login_required
def manage_state(slug, board_id):
    territory, board = _managed(slug, board_id)
    action = request.form.get("action", "")
    if action in asks.BOARD and (asked := confirm.ask_first(
            asks.BOARD[action], url_for("boards.manage_board", slug=slug, board_id=board_id),
            subject=board.title, territory=territory)):
        return asked
    change = boards.change_state(current_user, territory, board, action)
    return done(_("Le tableau est maintenant « %(state)s ».",
                  state=BoardState(change.object["state"]).label),
                url_for("boards.manage_board", slug=slug, board_id=board_id))


def _live_page(template, slug, board_id):
    """A facilitator's live page of a board (projector, wall, remote)."""
    territory, board = _managed(slug, board_id)
    return render_template(template, territory=territory, board=board,
                           short_url=absolute_url("boards.participate", code=board.code))


@bp.route(MANAGE + "/<int:board_id>/projection")
@login_required
def projector(slug, board_id):
    """The detailed control page: every note with its buttons (edit, hide, group...)."""
    return _live_page("boards/projector.html", slug, board_id)


@bp.route(MANAGE + "/<int:board_id>/mur")
@login_required
def wall(slug, board_id):
    """The projector wall: full screen, built for a room (static/boards/wall.js)."""
    return _live_page("boards/wall.html", slug, board_id)


@bp.route(MANAGE + "/<int:board_id>/mur.pdf")
@login_required
def wall_pdf(slug, board_id):
    """The wall as a PDF for the summit report: the file a job built for the board's current
    version, else a page that starts the job and follows it, then downloads the PDF."""
    territory, board = _managed(slug, board_id)
    path = board_jobs.pdf_file(board)
    if path is not None:
        return send_file(path, mimetype="application/pdf", as_attachment=True, max_age=0,
                         download_name=f"mur-atelier-{board.code}.pdf")
    run = board_jobs.prepare_pdf(current_user, territory, board)
    return render_template("boards/wall_pdf.html", territory=territory, board=board,
                           job=run), 202


@bp.route(MANAGE + "/<int:board_id>/telecommande")
@login_required
def remote(slug, board_id):
    """The facilitator's phone as the wall's remote: next note, timer, lock."""
    return _live_page("boards/remote.html", slug, board_id)


@bp.route(MANAGE + "/<int:board_id>/notes.csv")
@login_required
def export_csv(slug, board_id):
    _territory, board = _managed(slug, board_id)
    data = write_csv(exports.csv_rows(board), exports.CSV_HEADER)
    return csv_response(data, f"atelier-{board.code}.csv")


@bp.route(MANAGE + "/<int:board_id>/notes.json")
@login_required
def export_json(slug, board_id):
    _territory, board = _managed(slug, board_id)
    response = jsonify(exports.as_json(board))
    response.headers["Content-Disposition"] = f'attachment; filename="atelier-{board.code}.json"'
    return response


@bp.route(MANAGE + "/<int:board_id>/synthese")
@login_required
def summary(slug, board_id):
    territory, board = _managed(slug, board_id)
    return render_template("boards/summary.html", territory=territory, board=board, manage=True,
                           summary=exports.summary(board, include_hidden=True))


@bp.route(MANAGE + "/<int:board_id>/consultation", methods=["GET", "POST"])
@login_required
def send_to_consultation(slug, board_id):
    territory, board = _managed(slug, board_id)
    form = TransferForm()
    form.target.choices = [(str(i), label) for i, label
                           in transfer.consultation_phases(territory)]

    def send():
        count = transfer.send_to_consultation(current_user, territory, board, form.target.data,
                                              form.kind.data, form.notes.data,
                                              form.clusters.data)
        return done(ngettext("%(num)d élément envoyé vers la consultation.",
                             "%(num)d éléments envoyés vers la consultation.", count),
                    url_for("boards.manage_board", slug=slug, board_id=board.id))

    return form_view(form, "boards/transfer.html", send, territory=territory, board=board,
                     summary=exports.summary(board, include_hidden=False))


# ---------------------------------------------------------------- the summit control room


def _control_room(slug):
    return territory_for(slug, permissions.require_control_room)


def _connected(territory):
    """Sockets joined to each board (this process, or all of them through Redis)."""
    from .sockets import presence

    app = current_app._get_current_object()
    return {b.id: presence.count(app, b.id) for b in boards.boards_of(territory)}


@bp.route(MANAGE + "/salle", methods=["GET", "POST"])
@login_required
def control_room(slug):
    territory = _control_room(slug)
    form = BroadcastForm()

    def send():
        minutes = form.minutes.data
        seconds = int(round(float(minutes) * 60)) if minutes is not None else None
        count = summit_room.broadcast(current_user, territory, form.message.data, seconds)
        return done(ngettext("Envoyé à %(num)d tableau en direct.",
                             "Envoyé à %(num)d tableaux en direct.", count),
                    url_for("boards.control_room", slug=slug))

    return form_view(form, "boards/control_room.html", send, territory=territory,
                     rows=summit_room.overview(territory, _connected(territory)))


@bp.route(MANAGE + "/salle.json")
@login_required
def control_room_json(slug):
    territory = _control_room(slug)
    return jsonify({"boards": summit_room.overview(territory, _connected(territory))})


@bp.route(MANAGE + "/salle/etat", methods=["POST"])
@login_required
def control_room_state(slug):
    territory = _control_room(slug)
    action = request.form.get("action", "")
    if action in asks.ROOM and (asked := confirm.ask_first(
            asks.ROOM[action], url_for("boards.control_room", slug=slug),
            territory=territory)):
        return asked
    count = summit_room.lock_or_close_all(current_user, territory, action)
    message = ngettext("%(num)d tableau verrouillé.", "%(num)d tableaux verrouillés.", count) \
        if action == "lock" else \
        ngettext("%(num)d tableau clôturé.", "%(num)d tableaux clôturés.", count)
    return done(message, url_for("boards.control_room", slug=slug))


@bp.route(MANAGE + "/salle/ateliers.csv")
@login_required
def control_room_csv(slug):
    territory = _control_room(slug)
    data = write_csv(summit_room.export_rows(current_user, territory), summit_room.CSV_HEADER)
    return csv_response(data, f"sommet-{territory.slug}-ateliers.csv")
