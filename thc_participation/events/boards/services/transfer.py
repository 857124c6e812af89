""""Envoyer vers la consultation": notes and clusters of a board become citizen proposals, or
a paragraph of the summit assessment of a phase. Each result links back to the board's public
summary, and a ``BoardTransfer`` row keeps the link from the result to its board.

All or nothing: nothing here commits, so the proposals (or the assessment), the transfer rows
and their audit entries are committed together by the request, or not at all.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from ....access import load, require_in
from ....consultation.models import Consultation, ConsultationState, Phase
from ....consultation.services import consultations, proposals
from ....errors import Invalid, NotFound
from ....extensions import db
from ....urls import absolute_url
from .. import permissions
from ..models import BoardCluster, BoardNote, BoardTransfer, TransferKind

TITLE_MAX = 150


def consultation_phases(territory):
    """(phase id, label) of the consultations a board may feed: drafts and open ones."""
    consultations = db.session.scalars(
        select(Consultation).where(
            Consultation.territory_id == territory.id,
            Consultation.state.in_([ConsultationState.DRAFT, ConsultationState.OPEN]))
        .order_by(Consultation.created_at.desc())
    ).all()
    return [(phase.id, f"{c.title} — {phase.name}") for c in consultations for phase in c.phases]


def _phase(territory, phase_id):
    """The phase ``phase_id`` of a consultation of ``territory``, or ``NotFound``."""
    message = _("Choisissez une phase d'une consultation de ce territoire.")
    phase = load(Phase, phase_id, message=message)
    if phase.consultation.territory_id != territory.id:
        raise NotFound(message)
    return phase


def _of_board(model, board, ids):
    """The rows of ``model`` named in ``ids`` that belong to ``board`` (others are ignored)."""
    rows = (db.session.get(model, i) for i in ids or () if isinstance(i, int))
    return [row for row in rows if row is not None and row.board_id == board.id]


def send_to_consultation(actor, territory, board, phase_id, kind, note_ids, cluster_ids):
    """Turn notes and clusters of ``board`` into citizen proposals (``kind="proposal"``, one
    per note or cluster) or a paragraph of the phase's summit assessment (``"assessment"``): a
    ``TransferKind``;
    returns how many items were sent."""
    require_in(territory, board)
    permissions.require_manage(actor, territory)
    phase = _phase(territory, phase_id)
    if kind not in TransferKind.__members__.values():
        raise Invalid(_("Choisissez une forme d'envoi."), field="kind")
    notes = _of_board(BoardNote, board, note_ids)
    clusters = _of_board(BoardCluster, board, cluster_ids)
    if not notes and not clusters:
        raise Invalid(_("Choisissez au moins une note ou un regroupement."))
    source = absolute_url("boards.public_summary", code=board.code)
    items = [(None, c, c.title, _cluster_text(c)) for c in clusters]
    items += [(n, None, n.text, n.text) for n in notes]
    if kind == TransferKind.ASSESSMENT:
        text = _("Atelier « %(question)s » :", question=board.question) + "\n\n" + "\n".join(
            f"- **{title}**" + (f" : {body}" if body != title else "")
            for _n, _c, title, body in items)
        consultations.append_summit_assessment(actor, phase, text, source_url=source)
        targets = [(note, cluster, phase.id) for note, cluster, _t, _b in items]
    else:
        targets = []
        for note, cluster, title, body in items:
            proposal = proposals.create_proposal(
                actor, phase, _shorten(title, TITLE_MAX), body, source_url=source)
            targets.append((note, cluster, proposal.id))
    for note, cluster, target_id in targets:
        db.session.add(BoardTransfer(board_id=board.id, note_id=getattr(note, "id", None),
                                     cluster_id=getattr(cluster, "id", None),
                                     target_type=TransferKind(kind).value, target_id=target_id,
                                     actor_id=actor.id))
    db.session.flush()
    return len(targets)


def _cluster_text(cluster):
    notes = db.session.scalars(select(BoardNote).where(
        BoardNote.cluster_id == cluster.id, BoardNote.hidden.is_(False))
        .order_by(BoardNote.position)).all()
    return "\n".join(f"- {n.text}" for n in notes) or cluster.title


def _shorten(text, length):
    first = text.splitlines()[0] if text else text
    return first if len(first) <= length else first[: length - 1].rstrip() + "…"
