"""Boards: creating and setting them up, their join codes, state, timer and vote counts.

Creating a board only flushes (the request or the CLI command commits). Settings, state, timer
and counts reach connected clients as versioned changes: they go through the pipeline, which
commits them.
"""

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .... import audit
from ....access import load, require_in
from ....errors import Conflict, Invalid, NotFound
from ....extensions import db
from ....text import clean_text
from ....timeutil import utcnow
from ...models import Event, EventKind
from .. import permissions
from ..models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DEFAULT_COLUMNS,
    Board,
    BoardNote,
    BoardState,
    new_code,
)
from . import participants
from .payloads import board_dict, iso, vote_counts
from .pipeline import Actor, commit_change, facilitator_change, system_op

QUESTION_MAX = 300
COLUMN_TITLE_MAX = 60
MAX_COLUMNS = 8
TIMER_MAX = 3600
UNKNOWN_CODE = _l("Aucun atelier ne correspond à ce code. Vérifiez-le.")


# ---------------------------------------------------------------- finding boards


def normalise_code(code):
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def find_board(code):
    """The board of join code ``code`` (any case, with spaces or dashes), or None."""
    normal = normalise_code(code if isinstance(code, str) else "")
    return db.session.scalar(select(Board).where(Board.code == normal)) if normal else None


def board_by_code(code):
    """The board of join code ``code``, or ``NotFound`` (``unknown_code``)."""
    board = find_board(code)
    if board is None:
        raise NotFound(UNKNOWN_CODE, code="unknown_code")
    return board


def boards_of(territory):
    return db.session.scalars(
        select(Board).where(Board.territory_id == territory.id).order_by(Board.created_at.desc())
    ).all()


def workshops_of(territory):
    """The summit workshops of a territory a board may be attached to."""
    return db.session.scalars(
        select(Event).where(Event.territory_id == territory.id, Event.kind == EventKind.ATELIER)
        .order_by(Event.start_at)
    ).all()


# ---------------------------------------------------------------- settings


def _columns_from_titles(titles, previous=()):
    titles = [t.strip() for t in titles if t and t.strip()]
    if not titles:
        raise Invalid(_("Il faut au moins une colonne."), code="invalid", field="columns")
    if len(titles) > MAX_COLUMNS:
        raise Invalid(_("%(max)d colonnes au plus.", max=MAX_COLUMNS), code="invalid",
                      field="columns")
    keys = [c["key"] for c in previous]
    used = {int(k[1:]) for k in keys} or {0}
    columns = []
    for i, title in enumerate(titles):
        title = clean_text(title, COLUMN_TITLE_MAX, _("Le titre de colonne"), field="columns")
        if i < len(keys):
            key = keys[i]
        else:
            key = f"c{max(used) + 1}"
            used.add(max(used) + 1)
        columns.append({"key": key, "title": title})
    return columns


def _settings(question, dots, note_length):
    question = clean_text(question, QUESTION_MAX, _("La question"), field="question")
    if not isinstance(dots, int) or not 0 <= dots <= 20:
        raise Invalid(_("Le nombre de gommettes doit être entre 0 et 20."), code="invalid",
                      field="dots")
    if not isinstance(note_length, int) or not 20 <= note_length <= 500:
        raise Invalid(_("La longueur des notes doit être entre 20 et 500 caractères."),
                      code="invalid", field="note_length")
    return question


def _workshop(territory, event_id):
    """The summit workshop ``event_id`` of ``territory`` (None for a free-standing board)."""
    if event_id is None:
        return None
    message = _("Choisissez un atelier du sommet de ce territoire.")
    event = load(Event, event_id, territory, message=message)
    if event.kind != EventKind.ATELIER:
        raise Invalid(message, code="invalid", field="event_id")
    return event


def create_board(actor, territory, question, *, column_titles=None, event_id=None, dots=3,
                 note_length=200, allow_anonymous=True, show_authors=True):
    permissions.require_manage(actor, territory)
    question = _settings(question, dots, note_length)
    titles = column_titles or [str(t) for t in DEFAULT_COLUMNS]
    board = Board(
        territory_id=territory.id, question=question, columns=_columns_from_titles(titles),
        event_id=getattr(_workshop(territory, event_id), "id", None), dots=dots,
        note_length=note_length, allow_anonymous=allow_anonymous, show_authors=show_authors,
        state=BoardState.PREPARING, created_by_id=actor.id,
    )
    for _attempt in range(10):
        board.code = new_code()
        if db.session.scalar(select(Board.id).where(Board.code == board.code)) is None:
            break
    db.session.add(board)
    db.session.flush()
    audit.record(actor, "board.create", territory, board)
    return board


def update_board(actor, territory, board, question, column_titles, event_id, dots, note_length,
                 allow_anonymous, show_authors):
    """The management form; reaches connected clients as a ``board.settings`` change."""
    require_in(territory, board)
    permissions.require_manage(actor, territory)
    question = _settings(question, dots, note_length)
    columns = _columns_from_titles(column_titles, board.columns)
    event = _workshop(territory, event_id)

    def apply(board):
        kept = {c["key"] for c in columns}
        for key in set(board.column_keys) - kept:
            if db.session.scalar(select(BoardNote.id).where(BoardNote.board_id == board.id,
                                                           BoardNote.column == key).limit(1)):
                raise Invalid(_("On ne peut pas supprimer une colonne qui contient des notes."),
                              code="invalid", field="columns")
        board.question, board.columns, board.dots = question, columns, dots
        board.event_id = getattr(event, "id", None)
        board.note_length, board.allow_anonymous = note_length, allow_anonymous
        board.show_authors = show_authors
        audit.record(actor, "board.update", board.territory, board)
        return board_dict(board)

    return commit_change(board.id, Actor(None, actor), system_op(), "board.settings", apply)


# ---------------------------------------------------------------- state, timer, counts


TRANSITIONS = {
    "open": ({BoardState.PREPARING, BoardState.LOCKED}, BoardState.OPEN),
    "lock": ({BoardState.OPEN}, BoardState.LOCKED),
    "unlock": ({BoardState.LOCKED}, BoardState.OPEN),
    "close": ({BoardState.PREPARING, BoardState.OPEN, BoardState.LOCKED}, BoardState.CLOSED),
}


def set_state(board_id, actor, op, action):
    if action not in TRANSITIONS:
        raise Invalid(_("Action inconnue."), code="invalid")
    allowed, target = TRANSITIONS[action]

    def apply(board):
        if board.state not in allowed:
            raise Conflict(_("Le tableau est déjà dans cet état."), code="invalid")
        board.state = target
        if target == BoardState.CLOSED:
            board.timer_ends_at = None
        audit.record(actor.user, f"board.{action}", board.territory, board)
        return {"state": target.value}

    return facilitator_change(board_id, actor, op or system_op(), "board.state", apply,
                              allowed_when_locked=True)


def change_state(user, territory, board, action):
    """The state buttons of the management page: ``set_state`` as the user's own participant."""
    require_in(territory, board)
    permissions.require_manage(user, territory)
    return set_state(board.id, participants.facilitator_actor(user, board), None, action)


def set_timer(board_id, actor, op, seconds):
    def apply(board):
        if not isinstance(seconds, int) or isinstance(seconds, bool) \
                or not 0 <= seconds <= TIMER_MAX:
            raise Invalid(_("Durée du minuteur invalide (de 1 seconde à 1 heure)."),
                          code="invalid")
        board.timer_ends_at = utcnow() + timedelta(seconds=seconds) if seconds else None
        return {"ends_at": iso(board.timer_ends_at)}

    return facilitator_change(board_id, actor, op, "board.timer", apply, allowed_when_locked=True)


def set_counts(board_id, actor, op, shown):
    def apply(board):
        board.counts_shown = bool(shown)
        obj = {"shown": board.counts_shown}
        if board.counts_shown:
            obj["votes"] = {str(k): v for k, v in vote_counts(board).items()}
        return obj

    return facilitator_change(board_id, actor, op, "board.counts", apply, allowed_when_locked=True)
