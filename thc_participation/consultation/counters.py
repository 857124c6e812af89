"""Counters of a phase kept on write, in the transaction that inserts or deletes a comment or a
proposal, whatever code does it (services, demo data, tests): pages read them instead of
counting the rows of a phase. ``recount`` rebuilds them (after a bulk load that bypasses the
ORM, e.g. ``bench/``)."""

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.util import identity_key

from ..extensions import db
from .models import TEXT_SECTIONS, Comment, Phase, Proposal

COUNTERS = ("situation_roots", "assessment_roots", "results_roots", "comment_count",
            "proposal_count")
_PENDING = "consultation_counted_phases"


def _comment_counters(comment):
    counters = ["comment_count"]
    if comment.parent_id is None and comment.proposal_id is None:
        counters.append(f"{comment.section.value}_roots")
    return counters


def _bump(connection, target, counters, delta):
    phase = Phase.__table__.c
    connection.execute(
        update(Phase.__table__).where(phase.id == target.phase_id)
        .values({name: phase[name] + delta for name in counters})
    )
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_PENDING, set()).add(target.phase_id)


@event.listens_for(Comment, "after_insert")
def _comment_added(_mapper, connection, comment):
    _bump(connection, comment, _comment_counters(comment), 1)


@event.listens_for(Comment, "after_delete")
def _comment_removed(_mapper, connection, comment):
    _bump(connection, comment, _comment_counters(comment), -1)


@event.listens_for(Proposal, "after_insert")
def _proposal_added(_mapper, connection, proposal):
    _bump(connection, proposal, ["proposal_count"], 1)


@event.listens_for(Proposal, "after_delete")
def _proposal_removed(_mapper, connection, proposal):
    _bump(connection, proposal, ["proposal_count"], -1)


@event.listens_for(Session, "after_flush_postexec")
def _expire_counted(session, _context):
    """The phases loaded in this session show the counters the database now holds."""
    for phase_id in session.info.pop(_PENDING, ()):
        phase = session.identity_map.get(identity_key(Phase, phase_id))
        if phase is not None:
            session.expire(phase, COUNTERS)


def recount(phase_ids=None):
    """Rebuild the counters of the given phases (all with ``None``) from the rows."""
    phases = select(Phase.id)
    if phase_ids is not None:
        phases = phases.where(Phase.id.in_(phase_ids))
    roots = Comment.parent_id.is_(None) & Comment.proposal_id.is_(None)

    def count(model, *where):
        return (select(func.count()).select_from(model)
                .where(model.phase_id == Phase.id, *where).scalar_subquery())

    values = {f"{s.value}_roots": count(Comment, roots, Comment.section == s)
              for s in TEXT_SECTIONS}
    values["comment_count"] = count(Comment)
    values["proposal_count"] = count(Proposal)
    db.session.execute(update(Phase).where(Phase.id.in_(phases)).values(values)
                       .execution_options(synchronize_session=False))
    db.session.expire_all()
