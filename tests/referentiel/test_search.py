"""Full-text search in the catalogue (the ``search`` engine: FTS5 on SQLite, ``french`` on
PostgreSQL): stems and accents ignored, combined with the facets, best match first; only
published cards are found, an archived card no longer is."""

from thc_participation import search
from thc_participation.referentiel.services import cards

from .test_catalogue import titles


def seed(make_card):
    make_card("Budget participatif des quartiers", kind="experience",
              summary="Les habitants votent des projets.", participation_level="codecision")
    make_card("Tirage au sort des membres du comité de pilotage", kind="outil",
              summary="Constituer un panel représentatif.", participation_level="concertation")
    make_card("Conseil de la jeunesse", kind="acteur", audience="Jeunes de 15 à 25 ans",
              summary="Une assemblée de jeunes élus.", participation_level="consultation")
    make_card("Voirie partagée", kind="outil",
              summary="Un budget participatif consacré aux rues.",
              participation_level="concertation")


def test_searching_finds_the_expected_cards_whatever_accents_and_plurals(client, make_card):
    seed(make_card)
    cases = {
        "budget participatif": ["Budget participatif des quartiers", "Voirie partagée"],
        "budgets participatifs": ["Budget participatif des quartiers", "Voirie partagée"],
        "tirage au sort": ["Tirage au sort des membres du comité de pilotage"],
        "tirages": ["Tirage au sort des membres du comité de pilotage"],
        "jeunes": ["Conseil de la jeunesse"],
        "Jeunesse": ["Conseil de la jeunesse"],
        "COMITE": ["Tirage au sort des membres du comité de pilotage"],
    }
    for q, expected in cases.items():
        response = client.get("/referentiel", query_string={"q": q})
        assert response.status_code == 200, q
        assert titles(response) == expected, q  # a match in the title ranks first


def test_search_and_facets_combine(client, make_card):
    seed(make_card)
    response = client.get("/referentiel",
                          query_string={"q": "budget participatif", "type": "outil"})
    assert titles(response) == ["Voirie partagée"]
    response = client.get("/referentiel",
                          query_string={"q": "budget", "niveau": "codecision"})
    assert titles(response) == ["Budget participatif des quartiers"]


def test_only_published_cards_are_found_and_archived_ones_leave_the_index(client, admin,
                                                                         make_card):
    card = make_card("Budget participatif des écoles")
    make_card("Budget participatif en préparation", publish=False)
    assert titles(client.get("/referentiel?q=budget")) == ["Budget participatif des écoles"]
    card.status = "archivee"  # whoever archives it (the curation's service), the index follows
    cards.db.session.commit()
    assert titles(client.get("/referentiel?q=budget")) == []
    assert search.index.count("referentiel") == 0


def test_an_edit_of_a_published_card_is_searchable_at_once(client, admin, make_card):
    card = make_card("Assemblée citoyenne")
    cards.update_card(card, admin, {"summary": "Un panel tiré au sort sur le climat."})
    cards.db.session.commit()
    assert titles(client.get("/referentiel?q=climat")) == ["Assemblée citoyenne"]


def test_hostile_or_empty_searches_answer_a_page(client, make_card):
    seed(make_card)
    for q in ['"', "*", "NEAR(", "au", "-", "a:b", "x" * 500, "budget OR 1=1"]:
        response = client.get("/referentiel", query_string={"q": q})
        assert response.status_code == 200, q
