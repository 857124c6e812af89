"""The référentiel as open data under the Licence Ouverte 2.0: every published card as JSON
and as CSV (French Excel), and one card as JSON. The schema is described in
``docs/referentiel.md``; ids and addresses are stable.

The exports are read a batch of cards at a time (keyset on the id, with their steps, phases,
related cards and version numbers read per batch): memory does not grow with the catalogue."""

import json
from datetime import date, datetime

from sqlalchemy import func, select

from ...dashboard.models import CycleStep
from ...extensions import db
from ...models import User
from ...urls import absolute_url
from ..models import Card, CardPhase, CardStatus, CardStep, CardVersion, card_relation

LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PRODUCER = "Démocratie Ouverte"
BATCH = 500

FIELDS = (
    "id", "type", "slug", "url", "titre", "resume", "texte", "etapes_cycle", "phases",
    "niveau_participation", "echelle", "effort", "duree", "public", "territoire", "debut",
    "fin", "liens", "licence", "sources", "auteur", "fiches_liees", "version", "publiee_le",
    "modifiee_le",
)
STEP_ORDER = list(CycleStep)


def _json_value(value):
    """Dates and times in ISO 8601 (times in UTC)."""
    if isinstance(value, datetime):
        return value.isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def dumps(value, **options):
    return json.dumps(value, ensure_ascii=False, default=_json_value, **options)


def _batches(ids=None):
    """Published cards by id, ``BATCH`` at a time, each with its extra data read at once."""
    last = 0
    while True:
        query = select(Card).where(Card.status == CardStatus.PUBLISHED, Card.id > last)
        if ids is not None:
            query = query.where(Card.id.in_(ids))
        cards = db.session.scalars(query.order_by(Card.id).limit(BATCH)).all()
        if not cards:
            return
        yield cards, _extras([c.id for c in cards])
        last = cards[-1].id
        db.session.expunge_all()  # keep the identity map (and memory) small


def _extras(ids):
    steps, phases, related, versions = {}, {}, {}, {}
    for card_id, step in db.session.execute(
            select(CardStep.card_id, CardStep.step).where(CardStep.card_id.in_(ids))):
        steps.setdefault(card_id, []).append(step)
    for card_id, phase in db.session.execute(
            select(CardPhase.card_id, CardPhase.phase).where(CardPhase.card_id.in_(ids))):
        phases.setdefault(card_id, []).append(phase)
    rel = card_relation.c
    for card_id, other in db.session.execute(
            select(rel.card_id, rel.related_id).join(Card, Card.id == rel.related_id)
            .where(rel.card_id.in_(ids), Card.status == CardStatus.PUBLISHED)):
        related.setdefault(card_id, []).append(other)
    for card_id, number in db.session.execute(
            select(CardVersion.card_id, func.max(CardVersion.number))
            .where(CardVersion.card_id.in_(ids)).group_by(CardVersion.card_id)):
        versions[card_id] = number
    authors = dict(db.session.execute(
        select(Card.id, User.display_name).join(User, User.id == Card.author_id)
        .where(Card.id.in_(ids))).all())
    return {"steps": steps, "phases": phases, "related": related, "versions": versions,
            "authors": authors}


def _record(card, extras, base):
    return {
        "id": card.id,
        "type": card.kind.value,
        "slug": card.slug,
        "url": f"{base}/{card.kind.value}/{card.slug}",
        "titre": card.title,
        "resume": card.summary,
        "texte": card.body or "",
        "etapes_cycle": [s.value for s in sorted(extras["steps"].get(card.id, ()),
                                                 key=STEP_ORDER.index)],
        "phases": sorted(extras["phases"].get(card.id, ())),
        "niveau_participation": card.participation_level.value
        if card.participation_level else None,
        "echelle": card.scale.value if card.scale else None,
        "effort": card.effort.value if card.effort else None,
        "duree": card.duration,
        "public": card.audience,
        "territoire": card.territory_name,
        "debut": card.started_on,
        "fin": card.ended_on,
        "liens": [{"libelle": link["label"], "url": link["url"]} for link in card.links or ()],
        "licence": card.licence,
        "sources": card.sources,
        "auteur": extras["authors"].get(card.id),
        "fiches_liees": sorted(extras["related"].get(card.id, ())),
        "version": extras["versions"].get(card.id),
        "publiee_le": card.published_at,
        "modifiee_le": card.updated_at,
    }


def records(ids=None):
    """Every published card (or those of ``ids``) as an open-data record (a generator)."""
    base = absolute_url("referentiel.index")
    for cards, extras in _batches(ids):
        for card in cards:
            yield _record(card, extras, base)


def card_record(card):
    return next(records([card.id]))


def head():
    return {"licence": LICENCE, "licence_url": LICENCE_URL, "producteur": PRODUCER,
            "fiches": []}


def json_chunks():
    """The JSON document, in pieces: ``json.dumps(document, ensure_ascii=False, indent=1)``
    written one card at a time."""
    text = dumps(head(), indent=1)
    opening, tail = text[:-len("[]\n}")], "\n ]\n}"
    separator = "[\n"
    for record in records():
        if separator == "[\n":
            yield opening
        yield separator + "  " + dumps(record, indent=1).replace(
            "\n", "\n  ")
        separator = ",\n"
    yield tail if separator == ",\n" else text


def _cell(key, value):
    if key == "liens":
        return " | ".join(f"{link['libelle']} <{link['url']}>" for link in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def csv_rows():
    for record in records():
        yield [_cell(key, record[key]) for key in FIELDS]
