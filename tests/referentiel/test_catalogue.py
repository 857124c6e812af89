"""The public catalogue: published cards only, facets filtered in SQL, pages, stable card
addresses with related cards, the print view; unpublished cards are 404 to the public."""

import re

from tests.support.pages import text_of
from thc_participation.referentiel.services import cards


def titles(response):
    return re.findall(r'<h3><a href="/referentiel/[a-z]+/[a-z0-9-]+">([^<]+)</a></h3>',
                      response.get_data(as_text=True))


def test_the_catalogue_lists_published_cards_only(client, make_card, agent):
    make_card("Budget participatif")
    make_card("Brouillon de fiche", author=agent, publish=False)
    archived = make_card("Fiche archivée")
    archived.status = "archivee"
    cards.db.session.commit()
    response = client.get("/referentiel")
    assert response.status_code == 200
    assert titles(response) == ["Budget participatif"]
    assert "1 fiche" in text_of(response)


def test_each_facet_filters_the_cards(client, make_card):
    make_card("Atelier de quartier", kind="outil", phases=[2], cycle_steps=["emergence"],
              participation_level="concertation", scale="quartier")
    make_card("Convention citoyenne", kind="experience", phases=[3, 4],
              cycle_steps=["decision"], participation_level="codecision", scale="region")
    make_card("Réseau des conseils de quartier", kind="acteur", phases=[1],
              cycle_steps=["evaluation"], participation_level="information", scale="national")
    cases = {
        "type=experience": ["Convention citoyenne"],
        "phase=2": ["Atelier de quartier"],
        "phase=4": ["Convention citoyenne"],
        "etape=evaluation": ["Réseau des conseils de quartier"],
        "niveau=concertation": ["Atelier de quartier"],
        "echelle=region": ["Convention citoyenne"],
        "type=outil&phase=3": [],
        "phase=9&type=inconnu": ["Atelier de quartier", "Convention citoyenne",
                                 "Réseau des conseils de quartier"],  # unknown: no filter
    }
    for query, expected in cases.items():
        response = client.get(f"/referentiel?{query}")
        assert response.status_code == 200, query
        assert titles(response) == expected, query
    page = text_of(client.get("/referentiel?type=experience&niveau=codecision"))
    assert '<option value="experience" selected>' in page and "1 fiche trouvée" in page


def test_the_catalogue_is_paged_and_pages_keep_the_filters(client, make_card):
    for n in range(30):
        make_card(f"Fiche {n:02d}", kind="outil")
    make_card("Acteur hors filtre", kind="acteur")
    first = client.get("/referentiel?type=outil")
    assert titles(first) == [f"Fiche {n:02d}" for n in range(24)]
    assert 'href="/referentiel?page=2&amp;type=outil"' in first.get_data(as_text=True)
    second = client.get("/referentiel?type=outil&page=2")
    assert titles(second) == [f"Fiche {n:02d}" for n in range(24, 30)]
    assert "Page 2 sur 2" in text_of(second)


def test_a_card_has_a_stable_address_with_its_facts_and_related_cards(client, admin,
                                                                       make_card):
    card = make_card("Tirage au sort des membres du comité", kind="experience",
                     territory_name="Saint-Exemple", started_on="2024-03-01",
                     ended_on="2025-01-31")
    other = make_card("Méthode du jury citoyen", kind="outil")
    hidden = make_card("Fiche en préparation", publish=False)
    cards.update_card(card, admin, {"related": [other.id, hidden.id], "title": "Nouveau titre"})
    cards.db.session.commit()
    response = client.get("/referentiel/experience/tirage-au-sort-des-membres-du-comite")
    page = text_of(response)
    assert response.status_code == 200 and "<h1>Nouveau titre</h1>" in page
    assert "Saint-Exemple" in page and "du 1 mars 2024 au 31 janvier 2025" in page
    assert "Co-décision" in page and "3. Sommet, consultation et plan d'action" in page
    assert 'href="/referentiel/outil/methode-du-jury-citoyen"' in page
    assert "Fiche en préparation" not in page  # unpublished related cards are not shown
    assert "<h2>Étapes</h2>" in page and "<script>" not in page  # sanitised Markdown
    assert "Licence Ouverte 2.0" in page
    # the kind is part of the address: another kind is not this card
    assert client.get("/referentiel/outil/tirage-au-sort-des-membres-du-comite"
                      ).status_code == 404


def test_the_print_view_has_the_card_and_its_print_stylesheet(client, make_card):
    card = make_card("Budget participatif")
    response = client.get(f"/referentiel/outil/{card.slug}/imprimer")
    page = text_of(response)
    assert response.status_code == 200
    assert "referentiel/print.css" in page and "<h1>Budget participatif</h1>" in page
    assert 'class="site-header"' not in page
    assert "(https://exemple.fr/guide)" in page  # addresses written out for paper
    assert f"http://thc.test/referentiel/outil/{card.slug}" in page


def test_unpublished_cards_are_not_found_by_the_public(client, login, make_user, make_card,
                                                       admin, agent):
    card = make_card("Fiche en préparation", author=agent, publish=False)
    addresses = [f"/referentiel/outil/{card.slug}", f"/referentiel/outil/{card.slug}/imprimer",
                 f"/referentiel/outil/{card.slug}.json", f"/referentiel/outil/{card.slug}/image"]
    for address in addresses:
        assert client.get(address).status_code == 404, address
    login(client, make_user(name="Voisine curieuse"))
    assert client.get(addresses[0]).status_code == 404
    login(client, agent)  # its author sees it, marked as unpublished
    page = text_of(client.get(addresses[0]))
    assert "Cette fiche n’est pas publiée (Brouillon)" in page
    assert client.get(addresses[2]).status_code == 404  # open data: published only
    login(client, admin)
    assert client.get(addresses[1]).status_code == 200
    assert client.get("/referentiel/outil/nulle-part").status_code == 404
    assert client.get("/referentiel/inconnu/fiche").status_code == 404


def test_the_site_header_links_to_the_referentiel(client):
    page = text_of(client.get("/referentiel"))
    assert '<nav aria-label="Menu du site" class="site-nav">' in page
    assert 'href="/referentiel" aria-current="page">Référentiel</a>' in page
