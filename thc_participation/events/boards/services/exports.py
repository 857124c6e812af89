"""What a board produces to read: the printable summary, the CSV and JSON exports, and the list
of what was sent to a consultation. Read only."""

from sqlalchemy import select

from ....extensions import db
from ..models import BoardNote, BoardTransfer, BoardVote
from .catchup import board_clusters, board_notes
from .payloads import cluster_dict, iso, vote_counts

CSV_HEADER = ("Colonne", "Regroupement", "Note", "Auteur", "Gommettes", "Masquée", "Créée le")


def summary(board, include_hidden=False):
    """Columns -> clusters and loose notes, each sorted by votes (the printed summary)."""
    counts = vote_counts(board)
    notes = board_notes(board)
    clusters = {c.id: c for c in board_clusters(board)}
    columns = []
    for column in board.columns:
        mine = [n for n in notes if n.column == column["key"] and (include_hidden or not n.hidden)]
        groups = []
        for cluster in sorted({clusters[n.cluster_id] for n in mine if n.cluster_id},
                              key=lambda c: c.id):
            members = [n for n in mine if n.cluster_id == cluster.id]
            groups.append({"cluster": cluster, "votes": sum(counts.get(n.id, 0) for n in members),
                           "notes": _by_votes(members, counts)})
        groups.sort(key=lambda g: -g["votes"])
        loose = _by_votes([n for n in mine if not n.cluster_id], counts)
        columns.append({"title": column["title"], "groups": groups, "notes": loose})
    return {"columns": columns, "counts": counts,
            "participants": len({n.participant_id for n in notes}),
            "voters": db.session.scalar(
                select(db.func.count(db.distinct(BoardVote.participant_id)))
                .join(BoardNote, BoardNote.id == BoardVote.note_id)
                .where(BoardNote.board_id == board.id)),
            "total_notes": len(notes)}


def _by_votes(notes, counts):
    return sorted(notes, key=lambda n: (-counts.get(n.id, 0), n.position))


def _author(board, note):
    return note.participant.pseudonym if board.show_authors else ""


def csv_rows(board):
    titles = {c["key"]: c["title"] for c in board.columns}
    counts = vote_counts(board)
    clusters = {c.id: c.title for c in board_clusters(board)}
    notes = board_notes(board)
    return [(titles.get(n.column, n.column), clusters.get(n.cluster_id, ""), n.text,
             _author(board, n), counts.get(n.id, 0), n.hidden, n.created_at) for n in notes]


def as_json(board):
    counts = vote_counts(board)
    notes = board_notes(board)
    clusters = board_clusters(board)
    return {
        "board": {"code": board.code, "question": board.question, "columns": board.columns,
                  "state": board.state.value, "version": board.version,
                  "workshop": board.event.title if board.event else None},
        "notes": [{"id": n.id, "column": n.column, "position": n.position,
                   "cluster": n.cluster_id, "text": n.text, "hidden": n.hidden,
                   "author": _author(board, n) or None, "votes": counts.get(n.id, 0),
                   "created_at": iso(n.created_at)} for n in notes],
        "clusters": [cluster_dict(c) for c in clusters],
    }


def transfers(board):
    """What this board sent to consultations, newest first."""
    return db.session.scalars(
        select(BoardTransfer).where(BoardTransfer.board_id == board.id)
        .order_by(BoardTransfer.created_at.desc())
    ).all()
