"""A territory proposes its own experience: its agents start an experience card from their
dashboard, prefilled from the programme (plan, commitments and their actions, the diagnostic
inventory); they complete it and propose it like any author."""

from flask_babel import gettext as _

from ...dashboard import timeline
from ...dashboard.services import queries
from ...dashboard.services.common import today_paris
from ...models import TerritoryKind
from ..models import Card, CardKind
from . import cards

SCALES = {TerritoryKind.COMMUNE: "commune", TerritoryKind.INTERCOMMUNALITE: "intercommunalite",
          TerritoryKind.DEPARTEMENT: "departement", TerritoryKind.REGION: "region"}
SUMMARY_MAX = 600


def _shorten(text, limit):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def prefill(territory):
    """The fields of the territory's experience card, read from its dashboard."""
    programme = queries.programme_of(territory)
    commitments = queries.commitments_of(territory)
    inventory = queries.inventory_of(territory)
    summary = _shorten(programme.plan_declaration, SUMMARY_MAX) or _(
        "%(territory)s suit le programme de transition démocratique : diagnostic, sommet "
        "citoyen, plan d'action et mise en œuvre avec les habitants.", territory=territory.name)
    body = [_("## Notre démarche"), ""]
    body.append(programme.plan_declaration or _("Décrivez ici la démarche du territoire."))
    if programme.plan_framework:
        body += ["", _("## Le cadre du plan d'action"), "", programme.plan_framework]
    if commitments:
        body += ["", _("## Nos engagements et leurs actions"), ""]
        for commitment in commitments:
            body.append(f"- **{commitment.title}** ({commitment.stage.label}) : "
                        f"{_shorten(commitment.description, 300)}")
            if commitment.expected_results:
                body.append("  " + _("Résultats attendus : %(results)s",
                                     results=_shorten(commitment.expected_results, 300)))
    devices = [(step, item) for step, categories in inventory.items()
               for items in categories.values() for item in items]
    if devices:
        body += ["", _("## Nos dispositifs de participation"), ""]
        body += [f"- {item.name} ({step.label})" for step, item in devices]
    fields = {
        "title": _("La transition démocratique de %(territory)s", territory=territory.name),
        "summary": summary, "body": "\n".join(body),
        "territory_name": territory.name,
        "audience": _("Habitants de %(territory)s", territory=territory.name),
        "scale": SCALES.get(territory.kind),
        "cycle_steps": sorted({step.value for step, _item in devices}),
        "phases": _phases_reached(territory),
        "participation_level": "concertation", "links": [],
    }
    if territory.programme_start:
        fields["started_on"] = territory.programme_start
    return fields


def _phases_reached(territory):
    if not territory.programme_start:
        return [1]
    current = timeline.current_phase(territory.programme_start, today_paris())
    numbers = {phase.key: phase.number for phase in timeline.PHASES}
    return list(range(1, numbers.get(current, 5) + 1))


def start_experience(user, territory):
    """A draft experience card of ``territory`` written by ``user`` (one of its agents)."""
    return cards.create_card(user, CardKind.EXPERIENCE, prefill(territory))


def experiences_of(territory):
    """The experience cards that name ``territory`` (its own, however far along)."""
    from ...extensions import db

    return db.session.scalars(
        db.select(Card).where(Card.kind == CardKind.EXPERIENCE,
                              Card.territory_name == territory.name)
        .order_by(Card.updated_at.desc())).all()
