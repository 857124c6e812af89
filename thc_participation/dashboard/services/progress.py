"""What each territory has delivered, and when: the dates behind its timeline (read-only)."""

from sqlalchemy import case, func

from ...extensions import db
from .. import links
from .. import timeline as tl
from ..models import (
    STEERING_QUOTAS,
    ActionUpdate,
    Actor,
    ActorStatus,
    Commitment,
    CycleStep,
    Document,
    DocumentKind,
    InventoryItem,
    PlanItem,
    Programme,
    Stage,
    TeamMember,
    TeamRole,
)
from .common import paris_date, today_paris


def _all_or_none(dates):
    """The last date when every item has one, else None (a set is done when all are)."""
    if not dates or any(d is None for d in dates):
        return None
    return max(dates)


def deliverable_dates(territory):
    """For each timeline deliverable, the date it was done (or None)."""
    return deliverable_dates_of([territory])[territory.id]


def deliverable_dates_of(territories):
    """``{territory id: {deliverable key: date done or None}}`` in a fixed number of queries.

    The team is done when every seat of the steering committee's three colleges is filled
    (the named seats included) (date: the last of them); the inventory when every step of
    the governance cycle has an item; actions are launched when each has an update, assessed
    when each has reached the *bilan* stage.
    """
    ids = [t.id for t in territories]
    result = {t.id: {} for t in territories}

    first_doc = {tid: {} for tid in ids}
    for tid, kind, first in db.session.execute(
        db.select(Document.territory_id, Document.kind, func.min(Document.document_date))
        .where(Document.territory_id.in_(ids), Document.published_at.is_not(None))
        .group_by(Document.territory_id, Document.kind)
    ):
        first_doc[tid][DocumentKind(kind)] = first

    team = {tid: {} for tid in ids}
    for tid, role, number, last in db.session.execute(
        db.select(TeamMember.territory_id, TeamMember.role, func.count(),
                  func.max(TeamMember.created_at))
        .where(TeamMember.territory_id.in_(ids)).group_by(TeamMember.territory_id, TeamMember.role)
    ):
        team[tid][TeamRole(role)] = (number, paris_date(last))

    steps = {tid: {} for tid in ids}
    for tid, step, first in db.session.execute(
        db.select(InventoryItem.territory_id, InventoryItem.step, func.min(InventoryItem.created_at))
        .where(InventoryItem.territory_id.in_(ids))
        .group_by(InventoryItem.territory_id, InventoryItem.step)
    ):
        steps[tid][CycleStep(step)] = paris_date(first)

    first_actor = dict(db.session.execute(
        db.select(Actor.territory_id, func.min(Actor.reviewed_at))
        .where(Actor.territory_id.in_(ids), Actor.status == ActorStatus.VALIDATED)
        .group_by(Actor.territory_id)
    ).all())

    actions = {tid: [] for tid in ids}
    assessed_on = func.min(case((ActionUpdate.stage == Stage.ASSESSMENT, ActionUpdate.update_date)))
    for tid, stage, launched, assessed in db.session.execute(
        db.select(Commitment.territory_id, Commitment.stage, func.min(ActionUpdate.update_date),
                  assessed_on)
        .outerjoin(ActionUpdate, ActionUpdate.commitment_id == Commitment.id)
        .where(Commitment.territory_id.in_(ids)).group_by(Commitment.id)
    ):
        actions[tid].append((launched, assessed if Stage(stage) == Stage.ASSESSMENT else None))

    consultations = links.consultations_opened_on(territories)
    programmes = {p.territory_id: p for p in db.session.scalars(
        db.select(Programme).where(Programme.territory_id.in_(ids)))}

    required = STEERING_QUOTAS  # every seat of the three colleges
    for territory in territories:
        tid, docs, programme = territory.id, first_doc[territory.id], programmes.get(territory.id)
        team_dates = [team[tid][role][1] if team[tid].get(role, (0,))[0] >= quota else None
                      for role, quota in required.items()]
        result[tid] = {
            "team": _all_or_none(team_dates),
            "declaration": docs.get(DocumentKind.DECLARATION),
            "partnership": docs.get(DocumentKind.PARTNERSHIP),
            "video": programme.video_date if programme and programme.video_url else None,
            "diagnostic_report": docs.get(DocumentKind.DIAGNOSTIC),
            "inventory": _all_or_none([steps[tid].get(step) for step in CycleStep]),
            "actors_map": paris_date(first_actor.get(tid)),
            "consultation": consultations.get(tid),
            "summit_report": docs.get(DocumentKind.SUMMIT_REPORT),
            "governance_schema": _all_or_none(
                [docs.get(DocumentKind.SCHEMA_BEFORE), docs.get(DocumentKind.SCHEMA_AFTER)]),
            "action_plan": programme.plan_adopted_on if programme and actions[tid] else None,
            "actions_launched": _all_or_none([launched for launched, _a in actions[tid]]),
            "actions_assessed": _all_or_none([assessed for _l, assessed in actions[tid]]),
            "evaluation_report": docs.get(DocumentKind.EVALUATION_REPORT),
            "final_assessment": docs.get(DocumentKind.FINAL_ASSESSMENT),
        }
    return result


class Plan:
    """A territory's own plan: its entries per deliverable, duration, entry assessment date."""

    def __init__(self, entries=None, duration=None, assessed_on=None):
        self.entries = entries or {}
        self.duration = duration or tl.DURATION_MONTHS
        self.assessed_on = assessed_on


def plans_of(territories):
    """``{territory id: Plan}`` in two queries."""
    ids = [t.id for t in territories]
    entries = {tid: {} for tid in ids}
    for item in db.session.scalars(db.select(PlanItem).where(PlanItem.territory_id.in_(ids))):
        entries[item.territory_id][item.deliverable] = tl.PlanEntry(item.planned_on, item.existing)
    programmes = {p.territory_id: p for p in db.session.scalars(
        db.select(Programme).where(Programme.territory_id.in_(ids)))}
    result = {}
    for tid in ids:
        programme = programmes.get(tid)
        result[tid] = Plan(entries[tid], programme.duration_months if programme else None,
                           programme.assessed_on if programme else None)
    return result


def timeline_of(territory, today=None, dates=None, plan=None):
    """The territory's timeline, or None when its programme has no start date or the
    territory is in the network only.

    ``dates``, ``plan``: its deliverable dates and plan when already computed (see
    ``deliverable_dates_of``, ``plans_of``).
    """
    if territory.programme_start is None or not territory.follows_programme:
        return None
    plan = plan if plan is not None else plans_of([territory])[territory.id]
    return tl.build_timeline(territory.programme_start, today or today_paris(),
                             dates if dates is not None else deliverable_dates(territory),
                             plan.entries, plan.duration, plan.assessed_on)
