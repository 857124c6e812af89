"""Every contribution as open data, under the Licence Ouverte: pseudonymous authors (never an
e-mail or an account id), hidden or deleted texts left out."""

import hashlib
import hmac
import json
from typing import NamedTuple

from flask import current_app
from sqlalchemy import select

from ...extensions import db
from ..models import Comment, Moderation, Proposal, Section

LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

EXPORT_FIELDS = (
    "type", "id", "phase", "partie", "proposition_id", "reponse_a", "auteur_pseudonyme",
    "saisie_pour_un_tiers", "position", "titre", "texte", "cree_le", "modifie_le", "votes_pour",
    "votes_contre", "soutiens", "statut", "raison_du_statut", "moderation", "licence",
)


def pseudonym(consultation, user_id):
    """A stable pseudonymous author id per consultation (never the e-mail or the account id)."""
    if user_id is None:
        return ""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"consultation:{consultation.id}:{user_id}".encode(), hashlib.sha256)
    return "p-" + digest.hexdigest()[:12]


def _author(consultation, item):
    """Contributions an agent entered for several people are not tied to one pseudonym."""
    return "" if item.on_behalf_name else pseudonym(consultation, item.author_id)


def _proposal_row(consultation, phases, p):
    public = p.moderation == Moderation.VISIBLE
    return {
        "type": "proposition", "id": p.id, "phase": phases[p.phase_id],
        "partie": Section.PROPOSAL.label, "proposition_id": p.id, "reponse_a": None,
        "auteur_pseudonyme": _author(consultation, p),
        "saisie_pour_un_tiers": bool(p.on_behalf_name), "position": None,
        "titre": p.title if public else "", "texte": p.description if public else "",
        "cree_le": p.created_at, "modifie_le": None, "votes_pour": None, "votes_contre": None,
        "soutiens": p.support_count, "statut": p.status.label,
        "raison_du_statut": p.status_reason, "moderation": p.moderation.value,
        "licence": LICENCE,
    }


def _comment_row(consultation, phases, c):
    public = c.moderation == Moderation.VISIBLE and c.deleted_at is None
    return {
        "type": "commentaire", "id": c.id, "phase": phases[c.phase_id],
        "partie": c.section.label, "proposition_id": c.proposal_id,
        "reponse_a": c.parent_id, "auteur_pseudonyme": _author(consultation, c),
        "saisie_pour_un_tiers": bool(c.on_behalf_name), "position": c.stance.value,
        "titre": None, "texte": c.body if public else "", "cree_le": c.created_at,
        "modifie_le": c.edited_at, "votes_pour": c.up_count, "votes_contre": c.down_count,
        "soutiens": None, "statut": None, "raison_du_statut": None,
        "moderation": "deleted" if c.deleted_at else c.moderation.value, "licence": LICENCE,
    }


# Only the columns the export needs, read through a server-side cursor on PostgreSQL
# (``yield_per``): no entity, no identity map, memory that does not grow with the rows.
_COLUMNS = {
    Proposal: (Proposal.id, Proposal.phase_id, Proposal.author_id, Proposal.on_behalf_name,
               Proposal.title, Proposal.description, Proposal.created_at,
               Proposal.support_count, Proposal.status, Proposal.status_reason,
               Proposal.moderation),
    Comment: (Comment.id, Comment.phase_id, Comment.section, Comment.proposal_id,
              Comment.parent_id, Comment.author_id, Comment.on_behalf_name, Comment.stance,
              Comment.body, Comment.created_at, Comment.edited_at, Comment.up_count,
              Comment.down_count, Comment.moderation, Comment.deleted_at),
}
BATCH = 1000


class Source(NamedTuple):
    """What an export needs to know of its consultation, read before the response streams
    (the request's objects may be gone by the time the rows are sent)."""

    id: int
    phases: dict
    head: dict


def source(territory, consultation):
    return Source(consultation.id, {p.id: p.name for p in consultation.phases}, {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "producteur": territory.name,
        "consultation": {"id": consultation.id, "titre": consultation.title,
                         "etat": consultation.state.value},
    })


def contributions(export):
    """Every contribution of ``export`` (a ``Source``) as a dict of EXPORT_FIELDS, proposals
    then comments, by id (a generator); hidden or deleted text is not published."""
    for model, row in ((Proposal, _proposal_row), (Comment, _comment_row)):
        items = db.session.execute(
            select(*_COLUMNS[model]).where(model.consultation_id == export.id)
            .order_by(model.id).execution_options(yield_per=BATCH)
        )
        for item in items:
            yield row(export, export.phases, item)


def csv_rows(export):
    """The export's rows as lists in the order of EXPORT_FIELDS (a generator)."""
    for row in contributions(export):
        yield [row[f] for f in EXPORT_FIELDS]


def _iso(value):
    return value.isoformat() + "Z" if value else None


def json_chunks(export):
    """The JSON document of the export, in pieces (dates in ISO 8601, UTC): the text of
    ``json.dumps(document, ensure_ascii=False, indent=1)``, one contribution at a time."""
    head = json.dumps({**export.head, "contributions": []}, ensure_ascii=False, indent=1)
    empty_tail = "[]\n}"
    separator = "[\n"
    for row in contributions(export):
        row["cree_le"], row["modifie_le"] = _iso(row["cree_le"]), _iso(row["modifie_le"])
        if separator == "[\n":
            yield head[:-len(empty_tail)]
        # One element of a list nested two levels deep: every line indented by two more.
        yield separator + "  " + json.dumps(row, ensure_ascii=False, indent=1).replace(
            "\n", "\n  ")
        separator = ",\n"
    yield "\n ]\n}" if separator == ",\n" else head
