"""Demo référentiel: the cards of ``demo_cards`` (tools, experiences, actors), most published
by Démocratie Ouverte, a few proposed or in draft by a member of a "collectif ami", linked to
each other; one card has two published versions and one waits for its author's changes, so
that the history, its diff and the review queue have something to show.

``populate(demo)`` returns ``{title: card}`` so that other modules can attach cards to the
demo's workshops and commitments."""

from datetime import date

from ..demo import DEMO_PASSWORD
from ..extensions import db
from ..models import User
from ..timeutil import utcnow
from .demo_cards import all_cards
from .models import CardStatus
from .services import cards, curation

COLLECTIVE_EMAIL = "collectif@demo.thc.fr"
SOURCE = "Fiche de démonstration rédigée pour THC Participation (contenu fictif)."
REVISED = ("Budget participatif", "\n\n## Points de vigilance\n\nPrévoir dès le départ le "
           "budget de fonctionnement des projets réalisés et un calendrier de réalisation "
           "public : un projet voté qui tarde décourage les habitants.")
CHANGES_ASKED = ("Budget participatif écologique de Plouvenec",
                 "Merci de préciser le montant de l'enveloppe et le nombre de votants.")


def _collective_member():
    user = User(email=COLLECTIVE_EMAIL, display_name="Nadia Collectif Ami",
                is_collective_member=True, confirmed_at=utcnow())
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    db.session.flush()
    return user


def _data(spec):
    data = {
        "title": spec.title, "summary": spec.summary, "body": spec.body,
        "cycle_steps": spec.steps.split(), "phases": [int(p) for p in spec.phases],
        "participation_level": spec.level, "scale": spec.scale, "effort": spec.effort,
        "duration": spec.duration, "audience": spec.audience, "sources": SOURCE, "links": [],
    }
    if spec.territory:
        data["territory_name"] = spec.territory
    if spec.years:
        start, end = spec.years
        data["started_on"] = date(start, 1, 15)
        data["ended_on"] = date(end, 12, 15) if end else None
    return data


def populate(demo):
    admin = demo.users["admin"]
    friend = _collective_member()
    specs = all_cards()
    by_title = {}
    for spec in specs:
        author = admin if spec.status == CardStatus.PUBLISHED.value else friend
        by_title[spec.title] = cards.create_card(author, spec.kind, _data(spec))
    for spec in specs:
        cards.set_related(by_title[spec.title], [by_title[t].id for t in spec.related])
    for spec in specs:
        card = by_title[spec.title]
        if spec.status == CardStatus.PUBLISHED.value:
            cards.publish(card, admin, "Première version")
        elif spec.status == CardStatus.PROPOSED.value:
            curation.propose(card, friend)
    title, addition = REVISED
    revised = by_title[title]
    cards.update_card(revised, admin, {"body": revised.body + addition})
    cards.publish(revised, admin, "Ajout des points de vigilance")
    title, comment = CHANGES_ASKED
    curation.request_changes(by_title[title], admin, comment)
    db.session.flush()
    return by_title
