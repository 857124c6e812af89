"""Background work of the boards: the projector wall as a PDF for the summit report (``pdf``),
built once per board version into the instance folder and then served from there."""

from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ...access import load
from ...jobs import JobState, job, latest, start
from ...jobs.files import store_built
from . import permissions
from .models import Board
from .pdf import wall_pdf

WALL_PDF = "board_wall_pdf"


def subject(board):
    return f"board_pdf:{board.id}"


def _folder():
    return Path(current_app.config["INSTANCE_DIR"]) / "exports" / "walls"


def _path(board, version):
    return _folder() / f"board-{board.id}-v{version}.pdf"


def pdf_file(board):
    """The wall's PDF at the board's current version, or None while it is not built."""
    path = _path(board, board.version)
    return path if path.is_file() else None


def prepare_pdf(actor, territory, board):
    """Queue the building of the wall's PDF unless it is being built (or failed: its page
    offers "Relancer"); returns the run."""
    permissions.require_manage(actor, territory)
    running = latest(WALL_PDF, subject(board))
    if running is not None and (running.active or running.state == JobState.FAILED):
        return running
    return start(WALL_PDF, territory, actor, subject(board), board_id=board.id)


@job(WALL_PDF, may_watch=permissions.may_manage, resumable=True)
def build_wall_pdf(run, progress, board_id):
    """Write the PDF atomically (a half-written file is never served) under the version it
    shows, and remove the board's older ones."""
    board = load(Board, board_id, run.territory)
    progress(0, None, _("Mise en page du mur…"))
    version = board.version
    data = wall_pdf(board)
    path = _path(board, version)
    store_built(path, data, f"board-{board.id}-v*.pdf")
    run.result = {"file": path.name, "bytes": len(data), "version": version}
    return _("PDF du mur prêt.")
