"""Every published version is kept; the history page shows a readable, escaped diff."""

from thc_participation.referentiel.services import cards, history

from ..support.pages import text_of


def _two_versions(db, admin, make_card):
    card = make_card("Jury citoyen", body="Un jury tiré au sort.\nIl rend un verdict.")
    cards.update_card(card, admin, {
        "body": "Un jury tiré au sort.\nIl rend un verdict motivé.\n<script>alert(1)</script>",
        "summary": "Des citoyens tirés au sort examinent un projet.", "phases": [5]})
    cards.publish(card, admin, "Précisions")
    db.session.commit()
    return card


def test_the_diff_lists_changed_fields_word_by_word_and_line_by_line(db, admin, make_card):
    card = _two_versions(db, admin, make_card)
    old, new = history.version_of(card, 1), history.version_of(card, 2)
    changes = dict((str(label), parts) for label, parts in history.diff(old, new))
    assert set(changes) == {"Résumé", "Texte", "Phases du programme"}
    body = changes["Texte"]
    assert ("equal", "Un jury tiré au sort.\n") in body
    assert ("delete", "Il rend un verdict.") in body
    assert ("insert", "Il rend un verdict motivé.\n<script>alert(1)</script>") in body
    assert changes["Phases du programme"] == [("delete", "3, 4"), ("insert", "5")]
    summary = changes["Résumé"]
    assert ("delete", "habitants") in summary and ("insert", "citoyens") in summary
    first = dict((str(label), parts) for label, parts in history.diff(None, old))
    assert first["Titre"] == [("insert", "Jury citoyen")]


def test_the_history_page_shows_versions_and_an_escaped_diff(client, db, admin, make_card,
                                                            citizen, login):
    card = _two_versions(db, admin, make_card)
    url = f"/referentiel/outil/{card.slug}/historique"
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<del>" in html and "<ins>" in html
    page = text_of(response)
    assert "2 versions publiées" in page and "Précisions" in page
    assert "Changements de la version 1 à la version 2" in page
    first = text_of(client.get(url + "?a=1"))
    assert "Version 1 (première publication)" in first
    assert client.get(url + "?de=2&a=1").status_code == 200  # either order reads
    for bad in ("?a=7", "?a=abc", "?de=0", "?a=-1"):
        assert client.get(url + bad).status_code == 404
    assert client.get(f"/referentiel/acteur/{card.slug}/historique").status_code == 404
    assert client.get(f"/referentiel/inconnu/{card.slug}/historique").status_code == 404


def test_a_draft_has_no_public_history(client, db, admin, make_card, citizen, login):
    card = make_card("Forum ouvert", publish=False)
    url = f"/referentiel/outil/{card.slug}/historique"
    assert client.get(url).status_code == 404
    login(client, citizen)
    assert client.get(url).status_code == 404
    login(client, admin)  # the curator sees it exists, with no version yet
    assert client.get(url).status_code == 404
