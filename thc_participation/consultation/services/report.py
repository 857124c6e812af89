"""The participation report of a consultation: who took part, when, on what, and the
profiles people chose to declare."""

from datetime import timedelta

from sqlalchemy import func, select

from ...extensions import db
from ...models import AgeBand, Gender, User
from ...timeutil import to_paris
from ..models import Comment, Moderation, Proposal
from .queries import participant_ids

TOP_PROPOSALS = 10


def _per_phase(consultation, model):
    return dict(db.session.execute(
        select(model.phase_id, func.count()).where(model.consultation_id == consultation.id)
        .group_by(model.phase_id)).all())


def _per_day(consultation):
    """[(Paris date, contributions)] from the first day to the last, days without any included."""
    per_day = {}
    for (created,) in db.session.execute(
        select(Comment.created_at).where(Comment.consultation_id == consultation.id)
        .union_all(select(Proposal.created_at).where(Proposal.consultation_id == consultation.id))
    ):
        day = to_paris(created).date()
        per_day[day] = per_day.get(day, 0) + 1
    days = []
    if per_day:
        day, last = min(per_day), max(per_day)
        while day <= last:
            days.append((day, per_day.get(day, 0)))
            day += timedelta(days=1)
    return days


def _tally(values, order=None):
    """Counts of the declared values, in the enum's order (or alphabetical)."""
    counts = {}
    for v in values:
        if v:
            key = getattr(v, "value", v)
            counts[key] = counts.get(key, 0) + 1
    keys = [m.value for m in order if m.value in counts] if order else sorted(counts)
    return [(k, counts[k]) for k in keys]


def participation_report(consultation):
    ids = participant_ids(consultation)
    comments_per_phase = _per_phase(consultation, Comment)
    proposals_per_phase = _per_phase(consultation, Proposal)
    top = db.session.scalars(
        select(Proposal).where(Proposal.consultation_id == consultation.id,
                               Proposal.moderation == Moderation.VISIBLE)
        .order_by(Proposal.support_count.desc(), Proposal.created_at).limit(TOP_PROPOSALS)
    ).unique().all()
    declared = db.session.execute(
        select(User.age_band, User.gender, User.neighbourhood)
        .where(User.id.in_(ids), User.profile_consent_at.is_not(None))
    ).all() if ids else []
    return {
        "participants": len(ids),
        "declared": len(declared),
        "per_phase": [(p.name, comments_per_phase.get(p.id, 0), proposals_per_phase.get(p.id, 0))
                      for p in consultation.phases],
        "per_day": _per_day(consultation),
        "top_proposals": top,
        "age_bands": _tally((r[0] for r in declared), AgeBand),
        "genders": _tally((r[1] for r in declared), Gender),
        "neighbourhoods": _tally(r[2] for r in declared),
    }
