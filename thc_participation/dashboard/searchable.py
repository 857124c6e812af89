"""What the site search finds on the dashboards: validated actors of the actor map, published
documents and the actions of the plan (of territories that follow the programme)."""

from flask_babel import lazy_gettext as _l

from .. import search
from ..extensions import db
from ..models import Territory
from ..search.text import plain
from .models import Actor, ActorStatus, Commitment, Document


def _territory(obj):
    return db.session.get(Territory, obj.territory_id)


def actor_document(actor):
    if actor.status != ActorStatus.VALIDATED or actor.edit_of_id is not None:
        return None
    return {"title": actor.name, "text": "\n".join(p for p in (actor.description, actor.address)
                                                   if p),
            "territory_id": actor.territory_id,
            "url": search.link("dashboard.actors", slug=_territory(actor).slug,
                               _anchor=f"acteur-{actor.id}")}


def document_document(document):
    territory = _territory(document)
    if document.published_at is None or not territory.follows_programme:
        return None
    endpoint = "dashboard.document_text" if document.body else "dashboard.document_file"
    return {"title": document.title, "text": plain(document.body),
            "territory_id": document.territory_id,
            "url": search.link(endpoint, slug=territory.slug, document_id=document.id)}


def commitment_document(commitment):
    territory = _territory(commitment)
    if not territory.follows_programme:
        return None
    return {"title": commitment.title,
            "text": "\n".join((plain(commitment.description),
                               plain(commitment.expected_results))),
            "territory_id": commitment.territory_id,
            "url": search.link("dashboard.action", slug=territory.slug,
                               commitment_id=commitment.id)}


search.register("action", Commitment, commitment_document, label=_l("Actions"), order=50)
search.register("document", Document, document_document, label=_l("Documents"), order=60)
search.register("actor", Actor, actor_document, label=_l("Acteurs"), order=70)
