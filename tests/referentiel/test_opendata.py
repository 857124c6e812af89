"""Open data under the Licence Ouverte 2.0: every published card as JSON and as French-Excel
CSV (BOM, ';', formulas neutralised), one card as JSON, stable ids and addresses."""

import csv
import io
import json

from thc_participation.referentiel.services import cards


def test_the_json_export_has_every_published_card_and_its_licence(client, admin, make_card):
    first = make_card("Budget participatif", cycle_steps=["decision", "emergence"])
    second = make_card("Jury citoyen", kind="acteur")
    make_card("Brouillon", publish=False)
    cards.update_card(first, admin, {"related": [second.id]})
    cards.publish(first, admin, "Lien ajouté")
    cards.db.session.commit()
    response = client.get("/referentiel.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert 'rel="license"' in response.headers["Link"]
    document = json.loads(response.get_data(as_text=True))
    assert document["licence"] == "Licence Ouverte 2.0"
    assert [c["id"] for c in document["fiches"]] == [first.id, second.id]
    record = document["fiches"][0]
    assert record["url"] == "http://thc.test/referentiel/outil/budget-participatif"
    assert record["etapes_cycle"] == ["emergence", "decision"]  # the cycle's order
    assert record["phases"] == [3, 4] and record["fiches_liees"] == [second.id]
    assert record["version"] == 2 and record["liens"] == [
        {"libelle": "Guide", "url": "https://exemple.fr/guide"}]
    assert record["publiee_le"].endswith("Z")


def test_an_empty_referentiel_is_valid_json(client):
    document = json.loads(client.get("/referentiel.json").get_data(as_text=True))
    assert document["fiches"] == []


def test_one_card_as_json(client, make_card):
    card = make_card("Budget participatif")
    response = client.get(f"/referentiel/outil/{card.slug}.json")
    record = json.loads(response.get_data(as_text=True))
    assert response.status_code == 200
    assert record["id"] == card.id and record["licence"] == "Licence Ouverte 2.0"
    assert record["titre"] == "Budget participatif" and record["type"] == "outil"


def test_the_csv_export_opens_in_french_excel_and_neutralises_formulas(client, make_card):
    make_card("=HYPERLINK(\"https://piege.example\")", summary="+33 résumé",
              audience="-1 public", started_on="2024-03-01")
    response = client.get("/referentiel.csv")
    data = response.get_data()
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["titre"] == "'=HYPERLINK(\"https://piege.example\")"
    assert row["resume"] == "'+33 résumé" and row["public"] == "'-1 public"
    assert row["debut"] == "01/03/2024" and row["phases"] == "3, 4"
    assert row["liens"] == "Guide <https://exemple.fr/guide>"
    assert row["licence"] == "Licence Ouverte 2.0"


def test_the_exports_are_streamed(client, make_card):
    for n in range(3):
        make_card(f"Fiche {n}")
    response = client.get("/referentiel.csv", buffered=False)
    assert response.is_streamed
    response.close()
