"""The participation report of a consultation: who took part, when, on what, and the
profiles people chose to declare.

It reads every contribution, so it is never computed on a request: the background job
(``consultation/jobs.py``, ``refresh_reports``) stores it in ``ConsultationReport``; the page
shows the stored figures and the time they were computed, and asks the job for fresh ones when
they are older than ``REFRESH_AFTER``."""

from datetime import date, timedelta

from sqlalchemy import func, select, update

from ...extensions import db
from ...models import AgeBand, Gender, User
from ...timeutil import to_paris, utcnow
from ..models import Comment, Consultation, ConsultationReport, Moderation, Proposal
from .queries import participant_ids

TOP_PROPOSALS = 10
REFRESH_AFTER = timedelta(minutes=5)
_BATCH = 10_000


def _per_phase(consultation, model):
    return dict(db.session.execute(
        select(model.phase_id, func.count()).where(model.consultation_id == consultation.id)
        .group_by(model.phase_id)).all())


def _per_day(consultation):
    """[(Paris date ISO, contributions)] from the first day to the last, days without any
    included."""
    per_day = {}
    for (created,) in db.session.execute(
        select(Comment.created_at).where(Comment.consultation_id == consultation.id)
        .union_all(select(Proposal.created_at).where(Proposal.consultation_id == consultation.id))
        .execution_options(yield_per=_BATCH)
    ):
        day = to_paris(created).date()
        per_day[day] = per_day.get(day, 0) + 1
    days = []
    if per_day:
        day, last = min(per_day), max(per_day)
        while day <= last:
            days.append((day.isoformat(), per_day.get(day, 0)))
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


def _declared(ids):
    """(age band, gender, neighbourhood) of the participants who agreed to declare them."""
    ids = sorted(ids)
    rows = []
    for start in range(0, len(ids), _BATCH):
        rows.extend(db.session.execute(
            select(User.age_band, User.gender, User.neighbourhood)
            .where(User.id.in_(ids[start:start + _BATCH]), User.profile_consent_at.is_not(None))
        ).all())
    return rows


def compute(consultation):
    """The report's figures as JSON-ready data (reads every contribution: a job's work)."""
    ids = participant_ids(consultation)
    comments_per_phase = _per_phase(consultation, Comment)
    proposals_per_phase = _per_phase(consultation, Proposal)
    declared = _declared(ids)
    top = db.session.scalars(
        select(Proposal.id).where(Proposal.consultation_id == consultation.id,
                                  Proposal.moderation == Moderation.VISIBLE)
        .order_by(Proposal.support_count.desc(), Proposal.created_at).limit(TOP_PROPOSALS)
    ).all()
    return {
        "top_proposals": top,
        "participants": len(ids),
        "declared": len(declared),
        "per_phase": [(p.name, comments_per_phase.get(p.id, 0), proposals_per_phase.get(p.id, 0))
                      for p in consultation.phases],
        "per_day": _per_day(consultation),
        "age_bands": _tally((r[0] for r in declared), AgeBand),
        "genders": _tally((r[1] for r in declared), Gender),
        "neighbourhoods": _tally(r[2] for r in declared),
    }


def key_figures(consultation):
    """Participants and contributions now (the summit page's card): contributions from the
    phase counters; participants are still counted from the rows (distinct accounts)."""
    return {"participants": len(participant_ids(consultation)),
            "contributions": sum(p.comment_count + p.proposal_count
                                 for p in consultation.phases)}


def refresh(consultation):
    """Compute the report of ``consultation`` and store it (the job's work)."""
    data = compute(consultation)
    row = db.session.get(ConsultationReport, consultation.id)
    if row is None:
        row = ConsultationReport(consultation_id=consultation.id)
        db.session.add(row)
    row.data, row.computed_at, row.requested_at = data, utcnow(), None
    db.session.flush()
    return row


def refresh_requested():
    """Refresh the reports a reader found stale, and those never computed; returns how many."""
    stale = select(ConsultationReport.consultation_id).where(
        ConsultationReport.requested_at.is_not(None))
    missing = select(Consultation.id).where(
        ~Consultation.id.in_(select(ConsultationReport.consultation_id)))
    ids = sorted({*db.session.scalars(stale), *db.session.scalars(missing)})
    for consultation_id in ids:
        consultation = db.session.get(Consultation, consultation_id)
        if consultation is not None:
            refresh(consultation)
    return len(ids)


def stored_report(consultation):
    """(stored report or None, whether the job should now be asked to refresh it).

    A report older than ``REFRESH_AFTER`` is marked as requested once (by one reader only:
    the update is conditional), so that readers never compute it."""
    row = db.session.get(ConsultationReport, consultation.id)
    if row is None:
        return None, True
    if row.requested_at is not None or utcnow() - row.computed_at < REFRESH_AFTER:
        return row, False
    marked = db.session.execute(
        update(ConsultationReport)
        .where(ConsultationReport.consultation_id == consultation.id,
               ConsultationReport.requested_at.is_(None))
        .values(requested_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    return row, bool(marked)


def top_proposals(data):
    """The report's most supported proposals that are still visible, in the report's order
    (read by id: ten rows at most)."""
    ids = data["top_proposals"]
    found = {p.id: p for p in db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids), Proposal.moderation == Moderation.VISIBLE)
    ).unique()} if ids else {}
    return [found[i] for i in ids if i in found]


def days(data):
    """The stored per-day figures with their dates."""
    return [(date.fromisoformat(d), n) for d, n in data["per_day"]]
