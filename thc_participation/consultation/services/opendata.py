"""Every contribution as open data, under the Licence Ouverte: pseudonymous authors (never an
e-mail or an account id), hidden or deleted texts left out."""

import hashlib
import hmac

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


def contributions(consultation):
    """Every contribution as a dict of EXPORT_FIELDS; hidden or deleted text is not published."""
    phases = {p.id: p.name for p in consultation.phases}
    rows = []
    for model, row in ((Proposal, _proposal_row), (Comment, _comment_row)):
        items = db.session.scalars(
            select(model).where(model.consultation_id == consultation.id).order_by(model.id)
        ).unique().all()
        rows.extend(row(consultation, phases, item) for item in items)
    return rows


def as_json(territory, consultation):
    """The JSON document of the export (dates in ISO 8601, UTC)."""
    rows = contributions(consultation)
    for row in rows:
        for key in ("cree_le", "modifie_le"):
            row[key] = row[key].isoformat() + "Z" if row[key] else None
    return {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "producteur": territory.name,
        "consultation": {"id": consultation.id, "titre": consultation.title,
                         "etat": consultation.state.value},
        "contributions": rows,
    }
