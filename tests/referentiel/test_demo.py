"""The demo référentiel: at least thirty published cards of each kind, linked, with a history,
a review queue and a card waiting for its author."""

from collections import Counter

from thc_participation.demo import Demo
from thc_participation.referentiel import demo as referentiel_demo
from thc_participation.referentiel.demo_cards import all_cards
from thc_participation.referentiel.models import Card, CardKind, CardStatus
from thc_participation.timeutil import utcnow

from ..support.pages import text_of

PERSON_WORDS = ("@", "06 ", "07 ", "+33", "http")


def test_the_demo_content_is_complete_and_holds_no_contact_data():
    specs = all_cards()
    titles = [spec.title for spec in specs]
    assert len(titles) == len(set(titles))
    published = Counter(spec.kind for spec in specs if spec.status == "publiee")
    assert all(published[kind.value] >= 30 for kind in CardKind)
    for spec in specs:
        assert set(spec.related) <= set(titles) and spec.title not in spec.related
        text = " ".join((spec.title, spec.summary, spec.body))
        assert not any(word in text for word in PERSON_WORDS), spec.title


def test_the_demo_loads_published_proposed_and_linked_cards(db, territory, admin):
    cards = referentiel_demo.populate(Demo(territory=territory, users={"admin": admin},
                                           now=utcnow()))
    db.session.commit()
    rows = db.session.scalars(db.select(Card)).all()
    assert len(rows) == len(all_cards())
    published = Counter(card.kind for card in rows if card.status == CardStatus.PUBLISHED)
    assert min(published.values()) >= 30 and len(published) == 3
    statuses = Counter(card.status for card in rows)
    assert statuses[CardStatus.PROPOSED] >= 3 and statuses[CardStatus.DRAFT] >= 1
    assert statuses[CardStatus.CHANGES_REQUESTED] == 1
    budget = cards["Budget participatif"]
    assert [v.number for v in budget.versions] == [1, 2]
    assert "Points de vigilance" in budget.versions[1].snapshot["body"]
    assert cards["Tirage au sort"] in cards["Assemblée citoyenne"].related
    assert cards["Assemblée citoyenne"] in cards["Tirage au sort"].related  # symmetric
    friend = cards["Chantier participatif"].author
    assert friend.is_collective_member and not friend.is_admin
    assert cards["Le budget participatif de Villeneuve-sur-Brenne"].territory_name \
        == "Villeneuve-sur-Brenne"


def test_the_demo_cards_are_found_by_the_catalogue_search(client, db, territory, admin):
    referentiel_demo.populate(Demo(territory=territory, users={"admin": admin}, now=utcnow()))
    db.session.commit()

    def found(q):
        return text_of(client.get("/referentiel", query_string={"q": q}))

    for q in ("budget participatif", "Budget Participatifs"):
        page = found(q)
        assert "Budget participatif jeunesse" in page
        assert "Le budget participatif de Villeneuve-sur-Brenne" in page
        assert "Réseau national des budgets participatifs" in page
    for q in ("tirage au sort", "tirages au sort"):
        page = found(q)
        assert "Assemblée citoyenne" in page and "Jury citoyen" in page
        assert "Bureau d'études en tirage au sort et quotas" in page
    for q in ("jeunes", "Jeunesse"):
        page = found(q)
        assert "Conseil municipal des jeunes" in page
        assert "Budget participatif jeunesse" in page
        assert "Le conseil des jeunes de Saint-Aubin-des-Prés" in page
    page = found("photolangage")  # the experience is only proposed: not in the catalogue
    assert "Photolangage" in page and "Photolangage au centre social" not in page
