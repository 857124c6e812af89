"""Read-only questions of the dashboard: the team, documents, inventory, citizen actors,
actions, the exports of the map and the sociology of participation."""

from flask_babel import gettext as _

from ...csvio import neutralise
from ...extensions import db
from ...models import AgeBand, User
from .. import links, permissions
from ..models import (
    Actor,
    ActorStatus,
    Commitment,
    CommitmentProposal,
    CycleStep,
    Document,
    InventoryCategory,
    InventoryItem,
    Programme,
    Stage,
    TeamMember,
    TeamRole,
)
from .common import paris_date


def programme_of(territory):
    """The territory's programme row (not yet stored when never edited)."""
    row = db.session.scalar(db.select(Programme).filter_by(territory_id=territory.id))
    return row or Programme(territory_id=territory.id)


def team_of(territory):
    """``{team role: [members]}``, every role present, members by name."""
    rows = db.session.scalars(
        db.select(TeamMember).filter_by(territory_id=territory.id)
        .order_by(TeamMember.role, TeamMember.name)
    ).all()
    grouped = {role: [] for role in TeamRole}
    for row in rows:
        grouped[row.role].append(row)
    return grouped


def documents_of(territory, *kinds):
    """The published documents of ``kinds`` (reserved evaluation reports: see
    ``evaluation.reserved_reports``)."""
    return db.session.scalars(
        db.select(Document)
        .where(Document.territory_id == territory.id, Document.kind.in_(kinds),
               Document.published_at.is_not(None))
        .order_by(Document.document_date.desc(), Document.id.desc())
    ).all()


def inventory_of(territory):
    """{step: {category: [items]}} in the order of the governance cycle."""
    items = db.session.scalars(
        db.select(InventoryItem).filter_by(territory_id=territory.id).order_by(InventoryItem.name)
    ).all()
    table = {step: {category: [] for category in InventoryCategory} for step in CycleStep}
    for item in items:
        table[item.step][item.category].append(item)
    return table


def actors_of(territory, status=ActorStatus.VALIDATED):
    """The territory's citizen actors in ``status`` (by default those on the map)."""
    return db.session.scalars(
        db.select(Actor)
        .where(Actor.territory_id == territory.id, Actor.status == status)
        .order_by(Actor.name)
    ).all()


def proposals_by(user, territory):
    """The signed-in person's proposals still waiting for review."""
    if not getattr(user, "is_authenticated", False):
        return []
    return db.session.scalars(
        db.select(Actor).where(Actor.territory_id == territory.id,
                               Actor.proposed_by_id == user.id,
                               Actor.status == ActorStatus.PENDING)
        .order_by(Actor.created_at.desc())
    ).all()


def actors_geojson(territory):
    """Validated actors as a GeoJSON FeatureCollection (no personal data of proposers)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": a.id,
                "geometry": {"type": "Point", "coordinates": [a.longitude, a.latitude]},
                # Text values neutralised like CSV cells: GeoJSON ends up in spreadsheets too.
                "properties": {key: neutralise(value) for key, value in {
                    "id": a.id, "name": a.name, "kind": a.kind.value,
                    "kind_label": str(a.kind.label), "description": a.description,
                    "address": a.address, "website": a.website,
                }.items()},
            }
            for a in actors_of(territory)
        ],
    }


def actors_table(territory):
    """(header, rows) of validated actors for the CSV export."""
    header = ["id", "nom", "type", "description", "adresse", "site_web", "latitude",
              "longitude", "valide_le"]
    rows = [
        [a.id, a.name, a.kind.label, a.description, a.address, a.website,
         a.latitude, a.longitude, paris_date(a.reviewed_at)]
        for a in actors_of(territory)
    ]
    return header, rows


def commitments_of(territory):
    return db.session.scalars(
        db.select(Commitment).filter_by(territory_id=territory.id)
        .order_by(Commitment.position, Commitment.id)
    ).all()


def commitment_of_proposal(proposal):
    """The commitment a retained proposal became, or None."""
    return db.session.scalar(
        db.select(Commitment).join(CommitmentProposal)
        .where(CommitmentProposal.proposal_id == proposal.id)
    )


def visible_updates(user, territory, commitment):
    """The action's updates; those an agent hid only for the agents (who moderate)."""
    show_hidden = permissions.can_manage(user, territory)
    return [u for u in commitment.updates if u.hidden_at is None or show_hidden]


def is_following(user, commitment):
    if not getattr(user, "is_authenticated", False):
        return False
    return any(f.user_id == user.id for f in commitment.followers)


def sociology(territory):
    """Aggregate profile of the people who took part in consultations and events.

    Only profiles declared with consent count; young people are those under 25.
    """
    ids = links.participant_ids(territory)
    declared = db.session.scalars(
        db.select(User).where(User.id.in_(ids), User.profile_consent_at.is_not(None))
    ).all() if ids else []
    young = sum(1 for u in declared if u.age_band in (AgeBand.UNDER_18, AgeBand.FROM_18_TO_24))
    rows = [
        (_("Jeunes (moins de 25 ans)"), young),
        (_("Personnes isolées"), sum(1 for u in declared if u.is_isolated)),
        (_("Familles monoparentales"), sum(1 for u in declared if u.is_single_parent)),
    ]
    return {
        "participants": len(ids),
        "declared": len(declared),
        "rows": [(label, n, round(100 * n / len(declared)) if declared else 0)
                 for label, n in rows],
    }


def stage_counts(territory):
    """``[(Stage, number of the territory's actions at that stage)]``, every stage listed."""
    counts = dict(db.session.execute(
        db.select(Commitment.stage, db.func.count(Commitment.id))
        .where(Commitment.territory_id == territory.id).group_by(Commitment.stage)).all())
    return [(stage, counts.get(stage, 0)) for stage in Stage]
