"""Card services: drafting rights, fields checked on their form field, stable slugs, published
versions with a snapshot of every field, symmetric related cards, images checked by content."""

import io

import pytest
from werkzeug.datastructures import FileStorage

from thc_participation.dashboard import samples
from thc_participation.errors import Forbidden, Invalid
from thc_participation.referentiel import permissions
from thc_participation.referentiel.models import Card, CardStatus, CardVersion
from thc_participation.referentiel.services import cards

from .conftest import card_data


def test_network_and_collective_members_draft_citizens_do_not(db, admin, agent, citizen,
                                                               make_user):
    friend = make_user(name="Collectif ami", is_collective_member=True)
    for author in (admin, agent, friend):
        card = cards.create_card(author, "outil", card_data(f"Fiche de {author.display_name}"))
        assert card.status == CardStatus.DRAFT and card.author_id == author.id
    with pytest.raises(Forbidden):
        cards.create_card(citizen, "outil", card_data())
    assert permissions.may_curate(admin) and not permissions.may_curate(friend)


def test_a_card_keeps_its_fields_and_a_stable_unique_slug(db, admin):
    first = cards.create_card(admin, "experience", card_data(
        "Tirage au sort à Saint-Étienne", territory_name="Saint-Étienne",
        started_on="2024-03-01", ended_on="2025-01-31"))
    second = cards.create_card(admin, "outil", card_data("Tirage au sort à Saint-Étienne"))
    db.session.commit()
    assert first.slug == "tirage-au-sort-a-saint-etienne"
    assert second.slug == "tirage-au-sort-a-saint-etienne-2"
    assert [s.value for s in first.cycle_steps] == ["emergence", "decision"]
    assert first.phases == [3, 4] and first.licence == "Licence Ouverte 2.0"
    cards.update_card(first, admin, {"title": "Un autre titre", "phases": ["1"]})
    db.session.commit()
    assert first.slug == "tirage-au-sort-a-saint-etienne"
    assert first.title == "Un autre titre" and first.phases == [1]
    assert first.summary.startswith("Les habitants")  # absent keys are kept


@pytest.mark.parametrize("field, value", [
    ("title", ""), ("title", "x" * 201), ("phases", [6]), ("phases", ["deux"]),
    ("cycle_steps", ["nulle-part"]), ("participation_level", "totale"),
    ("links", [{"label": "Piège", "url": "javascript:alert(1)"}]), ("started_on", "31/02/2024"),
    ("related", [999_999]),
])
def test_bad_fields_are_refused_on_their_field(db, admin, field, value):
    with pytest.raises(Invalid) as caught:
        cards.create_card(admin, "outil", card_data(**{field: value}))
    assert caught.value.field == field


def test_an_end_before_the_start_is_refused(db, admin):
    with pytest.raises(Invalid) as caught:
        cards.create_card(admin, "experience", card_data(started_on="2025-01-01",
                                                         ended_on="2024-01-01"))
    assert caught.value.field == "ended_on"


def test_links_may_be_written_one_per_line(db, admin):
    card = cards.create_card(admin, "outil", card_data(
        links="Guide CNDP | https://exemple.fr/cndp\nhttps://exemple.fr/nu\n"))
    assert card.links == [{"label": "Guide CNDP", "url": "https://exemple.fr/cndp"},
                          {"label": "https://exemple.fr/nu", "url": "https://exemple.fr/nu"}]


def test_each_publication_keeps_a_numbered_version_with_every_field(db, admin, make_card):
    card = make_card()
    cards.update_card(card, admin, {"summary": "Un résumé révisé."})
    version = cards.publish(card, admin, "Résumé revu")
    db.session.commit()
    versions = db.session.scalars(db.select(CardVersion).where(CardVersion.card_id == card.id)
                                  .order_by(CardVersion.number)).all()
    assert [v.number for v in versions] == [1, 2] and version.note == "Résumé revu"
    assert versions[0].snapshot["summary"].startswith("Les habitants")
    assert versions[1].snapshot == cards.card_snapshot(card)
    assert set(versions[1].snapshot) >= {
        "id", "kind", "slug", "title", "summary", "body", "cycle_steps", "phases",
        "participation_level", "scale", "effort", "duration", "audience", "territory_name",
        "started_on", "ended_on", "links", "licence", "sources", "author", "image", "related"}
    assert card.status == CardStatus.PUBLISHED and card.published_at is not None


def test_only_curators_publish_and_authors_edit_until_publication(db, admin, agent, make_card):
    card = make_card(author=agent, publish=False)
    with pytest.raises(Forbidden):
        cards.publish(card, agent)
    cards.update_card(card, agent, {"title": "Titre corrigé"})
    cards.publish(card, admin)
    db.session.commit()
    with pytest.raises(Forbidden):
        cards.update_card(card, agent, {"title": "Après publication"})


def test_related_cards_cite_each_other(db, admin, make_card):
    first, second, third = (make_card(f"Fiche {n}") for n in range(3))
    cards.update_card(first, admin, {"related": [second.id, str(third.id)]})
    db.session.commit()
    assert first.related == [second, third] and second.related == [first]
    cards.update_card(first, admin, {"related": [third.id]})
    db.session.commit()
    assert second.related == [] and third.related == [first]
    with pytest.raises(Invalid):
        cards.update_card(first, admin, {"related": [first.id]})


def test_images_are_checked_by_content(db, admin):
    fake = FileStorage(io.BytesIO(b"MZ not an image"), "photo.png")
    with pytest.raises(Invalid) as caught:
        cards.create_card(admin, "acteur", card_data(image=fake))
    assert caught.value.field == "image"
    png = FileStorage(io.BytesIO(samples.png_bytes(8, 8, (10, 20, 30))), "photo.png")
    card = cards.create_card(admin, "acteur", card_data(image=png, image_alt="Un logo"))
    db.session.commit()
    assert db.session.get(Card, card.id).image.kind == "png"
