"""Notes, dots and clusters: the changes participants and facilitators make on a board.

Each function is one change through the pipeline (``pipeline.commit_change``), which commits.
Participants write, edit and delete their own notes and vote with their dots; facilitators
may also edit or delete any note, move, hide and group notes, and reset the dots.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, func, insert, select, update

from .... import audit
from ....errors import Conflict, Forbidden, Invalid
from ....extensions import db
from ....text import clean_text, tidy
from ....timeutil import utcnow
from ..models import BoardCluster, BoardNote, BoardParticipant, BoardVote
from .payloads import cluster_dict, note_dict
from .pipeline import BOARD, PARTICIPANT, check_writable, commit_change, facilitator_change

MAX_NOTES_PER_PARTICIPANT = 50
CLUSTER_TITLE_MAX = 120
NOTE_LABEL = _l("La note")  # translated only when a message names it


def _note_row(board, note_id, *reads):
    """The board's note ``note_id`` (or ``invalid``) and the values of ``reads`` (scalar
    subqueries, which may refer to the note's ``BoardNote`` columns), in one round trip."""
    row = db.session.execute(
        select(BoardNote, *reads).where(BoardNote.id == note_id, BoardNote.board_id == board.id)
    ).one_or_none() if isinstance(note_id, int) else None
    if row is None:
        raise Invalid(_("Cette note n'existe pas (ou plus)."), code="invalid")
    return row


def _note(board, note_id):
    return _note_row(board, note_id)[0]


def _votes():
    """The dots on the note of ``_note_row``."""
    return select(func.count()).where(BoardVote.note_id == BoardNote.id).scalar_subquery()


def _cluster(board, cluster_id):
    cluster = db.session.get(BoardCluster, cluster_id) if isinstance(cluster_id, int) else None
    if cluster is None or cluster.board_id != board.id:
        raise Invalid(_("Ce regroupement n'existe pas (ou plus)."), code="invalid")
    return cluster


def _column(board, key):
    if key not in board.column_keys:
        raise Invalid(_("Cette colonne n'existe pas."), code="invalid")
    return key


def _note_text(board, text):
    return clean_text(text if isinstance(text, str) else "", board.note_length, NOTE_LABEL)


def _own_or_facilitator(note, actor, facilitator):
    if not facilitator and note.participant_id != actor.participant_id:
        raise Forbidden(_("Seul l'auteur de la note ou l'animation peut la modifier."),
                        code="forbidden")


# ---------------------------------------------------------------- participants (and facilitators)


# A new note goes at the end of its column (position computed by the database); read with the
# version: the author's notes (the new one included) and name.
_NEXT_POSITION = select(func.coalesce(func.max(BoardNote.position), -1) + 1).where(
    BoardNote.board_id == bindparam("note_board"), BoardNote.column == bindparam("note_column")
).scalar_subquery()
# On the table, not the model: the note comes back as a row (all ``note_dict`` reads), without
# the ORM's bulk-insert machinery, which took more processor time than the database did.
_INSERT_NOTE = insert(BoardNote.__table__).values(
    board_id=bindparam("note_board"), participant_id=bindparam("note_author"),
    column=bindparam("note_column"), text=bindparam("note_text"), position=_NEXT_POSITION,
).returning(*BoardNote.__table__.c)
_AUTHORS_NOTES = select(func.count()).where(
    BoardNote.board_id == BOARD, BoardNote.participant_id == PARTICIPANT).scalar_subquery()
_AUTHOR = select(BoardParticipant.pseudonym).where(
    BoardParticipant.id == PARTICIPANT).scalar_subquery()


def add_note(board_id, actor, op, column, text):
    # The note is inserted before the board's lock (an insert does not wait on it), so that the
    # locked part is the version, the change log and the commit; it is checked against the
    # fresh board under the lock (a refusal rolls it back). Two notes added at once may share
    # a position: both sides order by (position, id), so the order is the same.
    added = []

    def prepare():
        added.append(db.session.execute(_INSERT_NOTE, {
            "note_board": board_id, "note_author": actor.participant_id, "note_column": column,
            "note_text": tidy(text if isinstance(text, str) else "")}).one())

    def apply(board, count, pseudonym):
        facilitator = check_writable(board, actor)
        _column(board, column)
        _note_text(board, text)  # the inserted text, checked against this board's limits
        if count > MAX_NOTES_PER_PARTICIPANT and not facilitator:
            raise Invalid(_("Vous avez atteint le nombre maximum de notes sur ce tableau."),
                          code="invalid")
        return note_dict(board, added[0], 0, author_name=pseudonym)

    return commit_change(board_id, actor, op, "note.added", apply, (_AUTHORS_NOTES, _AUTHOR),
                         prepare)


def edit_note(board_id, actor, op, note_id, text):
    def apply(board):
        facilitator = check_writable(board, actor)
        note, votes = _note_row(board, note_id, _votes())
        _own_or_facilitator(note, actor, facilitator)
        note.text = _note_text(board, text)
        note.updated_at = utcnow()
        if facilitator and note.participant_id != actor.participant_id:
            audit.record(actor.user, "board.note_edit", board.territory, note)
        return note_dict(board, note, votes)

    return commit_change(board_id, actor, op, "note.edited", apply)


def delete_note(board_id, actor, op, note_id):
    def apply(board):
        facilitator = check_writable(board, actor)
        note = _note(board, note_id)
        _own_or_facilitator(note, actor, facilitator)
        if facilitator and note.participant_id != actor.participant_id:
            audit.record(actor.user, "board.note_delete", board.territory, note)
        db.session.execute(delete(BoardVote).where(BoardVote.note_id == note.id))
        db.session.delete(note)
        return {"id": note.id}

    return commit_change(board_id, actor, op, "note.deleted", apply)


def vote(board_id, actor, op, note_id):
    # Read under the board's lock, so exact: the note's dots and the participant's used dots.
    used = select(func.count()).where(BoardVote.participant_id == actor.participant_id)

    def apply(board):
        check_writable(board, actor)
        note, votes, spent = _note_row(board, note_id, _votes(), used.scalar_subquery())
        if note.hidden:
            raise Invalid(_("Cette note est masquée."), code="invalid")
        if board.dots - spent < 1:
            raise Conflict(_("Vous avez utilisé toutes vos gommettes : retirez-en une pour "
                             "voter ailleurs."), code="no_dots_left")
        db.session.add(BoardVote(note_id=note.id, participant_id=actor.participant_id))
        return {"note": note.id, "participant": actor.participant_id, "votes": votes + 1}

    return commit_change(board_id, actor, op, "vote.added", apply)


def unvote(board_id, actor, op, note_id):
    mine = select(BoardVote.id).where(BoardVote.note_id == BoardNote.id,
                                      BoardVote.participant_id == actor.participant_id)

    def apply(board):
        check_writable(board, actor)
        note, votes, dot = _note_row(board, note_id, _votes(), mine.limit(1).scalar_subquery())
        if dot is None:
            raise Invalid(_("Vous n'avez pas de gommette sur cette note."), code="invalid")
        db.session.execute(delete(BoardVote).where(BoardVote.id == dot))
        return {"note": note.id, "participant": actor.participant_id, "votes": votes - 1}

    return commit_change(board_id, actor, op, "vote.removed", apply)


# ---------------------------------------------------------------- facilitators


def _in_order(board, column, exclude=None):
    notes = db.session.scalars(
        select(BoardNote).where(BoardNote.board_id == board.id, BoardNote.column == column)
        .order_by(BoardNote.position, BoardNote.id)
    ).all()
    return [n for n in notes if n.id != exclude]


def move_note(board_id, actor, op, note_id, column, position, cluster_id=None):
    def apply(board):
        note, votes = _note_row(board, note_id, _votes())
        _column(board, column)
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise Invalid(_("Position invalide."), code="invalid")
        cluster = _cluster(board, cluster_id) if cluster_id is not None else None
        if cluster is not None and cluster.column != column:
            raise Invalid(_("Ce regroupement est dans une autre colonne."), code="invalid")
        source = note.column
        target = _in_order(board, column, exclude=note.id)
        target.insert(min(position, len(target)), note)
        note.column, note.cluster_id = column, getattr(cluster, "id", None)
        for index, item in enumerate(target):
            item.position = index
        if source != column:
            for index, item in enumerate(_in_order(board, source, exclude=note.id)):
                item.position = index
        return note_dict(board, note, votes)

    return facilitator_change(board_id, actor, op, "note.moved", apply)


def hide_note(board_id, actor, op, note_id, hidden):
    def apply(board):
        note, votes = _note_row(board, note_id, _votes())
        note.hidden = bool(hidden)
        audit.record(actor.user, "board.note_hide" if hidden else "board.note_show",
                     board.territory, note)
        return note_dict(board, note, votes)

    return facilitator_change(board_id, actor, op, "note.hidden", apply)


def _cluster_title(title):
    return clean_text(title if isinstance(title, str) else "", CLUSTER_TITLE_MAX,
                      _("Le titre du regroupement"))


def create_cluster(board_id, actor, op, title, column, note_ids):
    def apply(board):
        _column(board, column)
        if not isinstance(note_ids, list) or len(note_ids) > 200:
            raise Invalid(_("Liste de notes invalide."), code="invalid")
        notes = [_note(board, n) for n in note_ids]
        if any(n.column != column for n in notes):
            raise Invalid(_("Les notes d'un regroupement doivent être dans sa colonne."),
                          code="invalid")
        cluster = BoardCluster(board_id=board.id, column=column, title=_cluster_title(title))
        db.session.add(cluster)
        db.session.flush()
        for note in notes:
            note.cluster_id = cluster.id
        db.session.flush()
        return cluster_dict(cluster)

    return facilitator_change(board_id, actor, op, "cluster.created", apply)


def edit_cluster(board_id, actor, op, cluster_id, title):
    def apply(board):
        cluster = _cluster(board, cluster_id)
        cluster.title = _cluster_title(title)
        return cluster_dict(cluster)

    return facilitator_change(board_id, actor, op, "cluster.edited", apply)


def delete_cluster(board_id, actor, op, cluster_id):
    def apply(board):
        cluster = _cluster(board, cluster_id)
        db.session.execute(update(BoardNote).where(BoardNote.cluster_id == cluster.id)
                           .values(cluster_id=None))
        db.session.delete(cluster)
        return {"id": cluster.id}

    return facilitator_change(board_id, actor, op, "cluster.deleted", apply)


def reset_votes(board_id, actor, op):
    def apply(board):
        notes = select(BoardNote.id).where(BoardNote.board_id == board.id)
        db.session.execute(delete(BoardVote).where(BoardVote.note_id.in_(notes)))
        audit.record(actor.user, "board.reset_votes", board.territory, board)
        return {}

    return facilitator_change(board_id, actor, op, "votes.reset", apply)
