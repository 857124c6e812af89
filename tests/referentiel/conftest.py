"""Référentiel test helpers: card data and cards in a given state."""

import pytest

from thc_participation.extensions import db as _db
from thc_participation.referentiel.services import cards


def card_data(title="Budget participatif des quartiers", **fields):
    data = {
        "title": title,
        "summary": "Les habitants proposent et votent des projets financés par la commune.",
        "body": "## Étapes\n\n1. Appel à projets\n2. Vote\n\n<script>alert(1)</script>",
        "cycle_steps": ["emergence", "decision"],
        "phases": [3, 4],
        "participation_level": "codecision",
        "scale": "commune",
        "effort": "moyen",
        "duration": "6 mois",
        "audience": "Habitants dès 16 ans",
        "links": [{"label": "Guide", "url": "https://exemple.fr/guide"}],
        "sources": "Retour d'expérience du réseau",
    }
    data.update(fields)
    return data


@pytest.fixture
def make_card(admin):
    """A committed card; ``publish=True`` publishes it (by the admin)."""

    def factory(title="Budget participatif des quartiers", kind="outil", author=None,
                publish=True, **fields):
        card = cards.create_card(author or admin, kind, card_data(title, **fields))
        if publish:
            cards.publish(card, admin, "Première version")
        _db.session.commit()
        return card

    return factory
