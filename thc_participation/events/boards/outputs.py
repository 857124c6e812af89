"""What a board produces: exports (CSV, JSON), the summary, and "Envoyer vers la consultation"."""

from flask_babel import gettext as _
from sqlalchemy import select

from ...errors import Invalid
from ...extensions import db
from ...urls import absolute_url
from .models import BoardCluster, BoardNote, BoardTransfer, BoardVote
from .services import (
    board_clusters,
    board_notes,
    cluster_dict,
    iso,
    require_facilitator,
    vote_counts,
)

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


# ---------------------------------------------------------------- to the consultation


def consultation_phases(territory):
    """(phase id, label) of the consultations a board may feed: drafts and open ones."""
    from ...consultation.models import Consultation, ConsultationState

    consultations = db.session.scalars(
        select(Consultation).where(
            Consultation.territory_id == territory.id,
            Consultation.state.in_([ConsultationState.DRAFT, ConsultationState.OPEN]))
        .order_by(Consultation.created_at.desc())
    ).all()
    return [(phase.id, f"{c.title} — {phase.name}") for c in consultations for phase in c.phases]


def send_to_consultation(actor, board, phase_id, kind, note_ids, cluster_ids):
    """Turn notes and clusters into citizen proposals, or append them to the summit
    assessment of a phase. Each result links back to the board's public summary."""
    from ...consultation import services as consultation
    from ...consultation.models import Phase

    require_facilitator(actor, board)
    phase = db.session.get(Phase, phase_id) if isinstance(phase_id, int) else None
    if phase is None or phase.consultation.territory_id != board.territory_id:
        raise Invalid(_("Choisissez une phase d'une consultation de ce territoire."))
    notes = [n for n in (db.session.get(BoardNote, i) for i in note_ids or ())
             if n is not None and n.board_id == board.id]
    clusters = [c for c in (db.session.get(BoardCluster, i) for i in cluster_ids or ())
                if c is not None and c.board_id == board.id]
    if not notes and not clusters:
        raise Invalid(_("Choisissez au moins une note ou un regroupement."))
    source = absolute_url("boards.public_summary", code=board.code)
    items = [(None, c, c.title, _cluster_text(c)) for c in clusters]
    items += [(n, None, n.text, n.text) for n in notes]
    if kind == "assessment":
        text = _("Atelier « %(question)s » :", question=board.question) + "\n\n" + "\n".join(
            f"- **{title}**" + (f" : {body}" if body != title else "")
            for _n, _c, title, body in items)
        consultation.append_summit_assessment(actor, phase, text, source_url=source)
        targets = [(note, cluster, phase.id) for note, cluster, _t, _b in items]
        target_type = "assessment"
    elif kind == "proposal":
        targets = []
        for note, cluster, title, body in items:
            proposal = consultation.create_proposal(
                actor, phase, _shorten(title, 150), body, source_url=source)
            targets.append((note, cluster, proposal.id))
        target_type = "proposal"
    else:
        raise Invalid(_("Choisissez une forme d'envoi."))
    for note, cluster, target_id in targets:
        db.session.add(BoardTransfer(board_id=board.id, note_id=getattr(note, "id", None),
                                     cluster_id=getattr(cluster, "id", None),
                                     target_type=target_type, target_id=target_id,
                                     actor_id=actor.id))
    db.session.commit()
    return len(targets)


def _cluster_text(cluster):
    notes = db.session.scalars(select(BoardNote).where(
        BoardNote.cluster_id == cluster.id, BoardNote.hidden.is_(False))
        .order_by(BoardNote.position)).all()
    return "\n".join(f"- {n.text}" for n in notes) or cluster.title


def _shorten(text, length):
    first = text.splitlines()[0] if text else text
    return first if len(first) <= length else first[: length - 1].rstrip() + "…"


def transfers(board):
    return db.session.scalars(
        select(BoardTransfer).where(BoardTransfer.board_id == board.id)
        .order_by(BoardTransfer.created_at.desc())
    ).all()
