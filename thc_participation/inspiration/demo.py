"""Demo citations: référentiel cards attached to the demo summit's workshops and to the live
board TRAM24, and cited by the action plan's commitments and a retained proposal.

It uses the référentiel's demo cards when they are loaded (by title), and otherwise publishes
the few it needs, so that it works on its own."""

from sqlalchemy import select

from ..consultation.models import Proposal, ProposalStatus
from ..dashboard.models import Commitment
from ..events.boards.demo import DEMO_CODE
from ..events.boards.models import Board
from ..events.models import Event, EventKind
from ..extensions import db
from ..referentiel.models import Card, CardStatus
from ..referentiel.services import cards as card_services
from . import services
from .models import Target

# title -> (kind, summary, phases): the fallback cards, titles as in the référentiel's demo.
CARDS = {
    "Budget participatif": (
        "outil", "Les habitants proposent puis votent des projets d'investissement financés par "
        "une part du budget de la collectivité.", [3, 4]),
    "Tirage au sort": (
        "outil", "Désigner des habitants par un tirage au sort équitable, avec des quotas, pour "
        "composer un panel représentatif de la diversité du territoire.", [1, 3, 5]),
    "Marche exploratoire": (
        "outil", "Parcourir un quartier avec ses habitants pour relever ce qui va et ce qui ne "
        "va pas, puis en tirer des propositions.", [2, 3]),
    "Atelier de scénarios": (
        "outil", "Des habitants construisent plusieurs scénarios d'avenir contrastés et les "
        "comparent avant de choisir.", [3]),
    "Association de cyclistes urbains": (
        "acteur", "Une association locale qui anime des ateliers de réparation et porte la voix "
        "des cyclistes dans les projets de mobilité.", [3, 4]),
    "Laboratoire de recherche en sciences politiques": (
        "acteur", "Des chercheurs qui observent les démarches participatives et aident à les "
        "évaluer.", [3, 5]),
}
# What each item cites, by title.
BOARD_CARDS = ("Marche exploratoire", "Atelier de scénarios")
WORKSHOP_CARDS = (("Atelier de scénarios", "Marche exploratoire"),
                  ("Budget participatif", "Tirage au sort"))
COMMITMENT_CARDS = (("Budget participatif",), ("Tirage au sort", "Marche exploratoire"))


def _card(admin, title):
    card = db.session.scalar(select(Card).where(Card.title == title,
                                                Card.status == CardStatus.PUBLISHED))
    if card is not None or title not in CARDS:
        return card
    kind, summary, phases = CARDS[title]
    card = card_services.create_card(admin, kind, {
        "title": title, "summary": summary, "body": summary, "phases": phases, "links": [],
        "cycle_steps": [], "related": []})
    card_services.publish(card, admin)
    return card


def populate(demo):
    admin, facilitator, agent = (demo.users[k] for k in ("admin", "facilitator", "agent"))
    territory = demo.territory
    cards = {title: _card(admin, title) for title in CARDS}
    db.session.commit()
    workshops = db.session.scalars(
        select(Event).where(Event.territory_id == territory.id,
                            Event.kind == EventKind.ATELIER).order_by(Event.start_at)).all()
    commitments = db.session.scalars(
        select(Commitment).where(Commitment.territory_id == territory.id)
        .order_by(Commitment.position, Commitment.id)).all()
    for who, target, items, cited in ((facilitator, Target.WORKSHOP, workshops, WORKSHOP_CARDS),
                                      (agent, Target.COMMITMENT, commitments, COMMITMENT_CARDS)):
        for item, titles in zip(items, cited, strict=False):
            for title in titles:
                services.attach(who, territory, target, item, cards[title].id)
    retained = db.session.scalars(
        select(Proposal).where(Proposal.status == ProposalStatus.RETAINED)
        .order_by(Proposal.id)).first()
    if retained is not None and retained.territory_id == territory.id:
        services.attach(agent, territory, Target.PROPOSAL, retained,
                        cards["Budget participatif"].id)
    db.session.commit()
    board = db.session.scalar(select(Board).where(Board.code == DEMO_CODE))
    if board is not None:  # each attachment is a board change (it commits)
        for title in BOARD_CARDS:
            services.attach(facilitator, territory, Target.BOARD, board, cards[title].id)
