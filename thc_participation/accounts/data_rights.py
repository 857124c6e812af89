"""Right of access and portability: everything the platform holds about one account, as a zip
of one JSON file and one French-Excel CSV per section.

The archive is built in a spooled temporary file (memory up to a few megabytes, then disk) from
queries bounded to the person's own rows; nothing here is CPU-heavy."""

import json
import tempfile
import zipfile
from datetime import date, datetime

from sqlalchemy import or_, select

from .. import csvio
from ..consultation.models import (
    Block,
    Comment,
    MailingOptOut,
    MailingRecipient,
    Proposal,
    Report,
    Support,
    Vote,
)
from ..dashboard.models import ActionFollower, ActionUpdate, Actor, Document, TeamMember
from ..evaluation.models import Person
from ..events.boards.models import Board, BoardNote, BoardParticipant
from ..events.models import Registration
from ..extensions import db
from ..models import AuditEntry, Membership
from ..notifications.models import Follow, Notification
from ..timeutil import utcnow
from .models import ConsentRecord

SPOOL_BYTES = 4 * 1024 * 1024


def _value(value):
    """A stored value as JSON writes it (enums as their value, dates in ISO 8601 UTC)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value, str):  # a LabelledEnum member
        return value.value
    return value


def _section(name, rows, columns):
    """(name, header, list of dicts) from ORM rows and (header, getter) pairs."""
    header = [title for title, _get in columns]
    return name, header, [{title: _value(get(row)) for title, get in columns} for row in rows]


def _attr(name):
    return lambda row: getattr(row, name)


def _all(statement):
    return db.session.scalars(statement).all()


def sections(user):
    """Every section of the person's data: [(name, header, rows)]."""
    email = user.email
    pids = select(BoardParticipant.id).where(BoardParticipant.user_id == user.id)
    out = [
        _section("compte", [user], [
            ("id", _attr("id")), ("email", _attr("email")),
            ("nom_affiche", _attr("display_name")), ("cree_le", _attr("created_at")),
            ("confirme_le", _attr("confirmed_at")), ("langue", _attr("locale")),
            ("accord_nouvelles", _attr("contact_consent")),
            ("accord_profil_le", _attr("profile_consent_at")),
            ("tranche_age", _attr("age_band")), ("genre", _attr("gender")),
            ("quartier", _attr("neighbourhood")), ("isole", _attr("is_isolated")),
            ("parent_isole", _attr("is_single_parent")),
        ]),
        _section("roles", _all(select(Membership).where(Membership.user_id == user.id)), [
            ("territoire", lambda m: m.territory.name), ("role", _attr("role")),
            ("depuis", _attr("created_at")),
        ]),
        _section("consentements", _all(
            select(ConsentRecord).where(or_(
                ConsentRecord.user_id == user.id,
                ConsentRecord.registration_id.in_(
                    select(Registration.id).where(Registration.guest_email == email))))
            .order_by(ConsentRecord.created_at, ConsentRecord.id)), [
            ("date", _attr("created_at")), ("consentement", _attr("kind")),
            ("valeur", _attr("value")), ("source", _attr("source")),
        ]),
        _section("commentaires", _all(
            select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)), [
            ("id", _attr("id")), ("consultation", lambda c: c.consultation.title),
            ("phase", lambda c: c.phase.name), ("proposition", _attr("proposal_id")),
            ("reponse_a", _attr("parent_id")), ("position", _attr("stance")),
            ("texte", _attr("body")), ("cree_le", _attr("created_at")),
            ("modifie_le", _attr("edited_at")), ("supprime_le", _attr("deleted_at")),
            ("moderation", _attr("moderation")), ("pour", _attr("up_count")),
            ("contre", _attr("down_count")),
        ]),
        _section("propositions", _all(
            select(Proposal).where(Proposal.author_id == user.id).order_by(Proposal.id)), [
            ("id", _attr("id")), ("consultation", lambda p: p.consultation.title),
            ("titre", _attr("title")), ("description", _attr("description")),
            ("source", _attr("source_url")), ("statut", _attr("status")),
            ("cree_le", _attr("created_at")), ("moderation", _attr("moderation")),
            ("soutiens", _attr("support_count")),
        ]),
        _section("signalements", _all(
            select(Report).where(Report.reporter_id == user.id).order_by(Report.id)), [
            ("commentaire", _attr("comment_id")), ("proposition", _attr("proposal_id")),
            ("motif", _attr("reason")), ("texte", _attr("text")),
            ("cree_le", _attr("created_at")), ("traite_le", _attr("resolved_at")),
        ]),
        _section("votes", _all(select(Vote).where(Vote.user_id == user.id).order_by(Vote.id)), [
            ("commentaire", _attr("comment_id")), ("vote", _attr("value")),
            ("le", _attr("created_at")),
        ]),
        _section("soutiens", _all(
            select(Support).where(Support.user_id == user.id).order_by(Support.id)), [
            ("proposition", _attr("proposal_id")), ("le", _attr("created_at")),
        ]),
        _section("blocages", _all(select(Block).where(Block.user_id == user.id)), [
            ("territoire", _attr("territory_id")), ("motif", _attr("reason")),
            ("le", _attr("created_at")),
        ]),
        _section("inscriptions", _all(
            select(Registration).where(or_(Registration.user_id == user.id,
                                           Registration.guest_email == email))
            .order_by(Registration.id)), [
            ("evenement", lambda r: r.event.title), ("debut", lambda r: r.event.start_at),
            ("statut", _attr("status")), ("nom_invite", _attr("guest_name")),
            ("email_invite", _attr("guest_email")),
            ("accord_nouvelles_invite", _attr("guest_contact_consent")),
            ("inscrit_le", _attr("created_at")), ("confirme_le", _attr("confirmed_at")),
            ("annule_le", _attr("cancelled_at")), ("present_le", _attr("checked_in_at")),
        ]),
        _section("ateliers_participations", _all(
            select(BoardParticipant).where(BoardParticipant.user_id == user.id)), [
            ("tableau", lambda p: db.session.get(Board, p.board_id).question),
            ("pseudonyme", _attr("pseudonym")), ("depuis", _attr("created_at")),
        ]),
        _section("ateliers_notes", _all(
            select(BoardNote).where(BoardNote.participant_id.in_(pids)).order_by(BoardNote.id)), [
            ("tableau", lambda n: db.session.get(Board, n.board_id).question),
            ("pseudonyme", lambda n: n.participant.pseudonym), ("colonne", _attr("column")),
            ("texte", _attr("text")), ("masquee", _attr("hidden")),
            ("creee_le", _attr("created_at")), ("modifiee_le", _attr("updated_at")),
        ]),
        _section("tirages_au_sort", _all(
            select(Person).where(or_(Person.user_id == user.id, Person.email == email))
            .order_by(Person.id)), [
            ("vivier", lambda p: p.pool.name), ("pseudonyme", _attr("pseudonym")),
            ("prenom", _attr("first_name")), ("nom", _attr("last_name")),
            ("email", _attr("email")), ("telephone", _attr("phone")),
            ("categories", _attr("values")), ("origine", _attr("source")),
            ("accord_le", _attr("consent_at")), ("nom_publie", _attr("publish_name")),
            ("inscrit_le", _attr("created_at")),
        ]),
        _section("acteurs_proposes", _all(
            select(Actor).where(Actor.proposed_by_id == user.id).order_by(Actor.id)), [
            ("nom", _attr("name")), ("type", _attr("kind")),
            ("description", _attr("description")), ("adresse", _attr("address")),
            ("site", _attr("website")), ("statut", _attr("status")),
            ("propose_le", _attr("created_at")),
        ]),
        _section("actions_nouvelles", _all(
            select(ActionUpdate).where(ActionUpdate.author_id == user.id)
            .order_by(ActionUpdate.id)), [
            ("action", lambda u: u.commitment.title), ("date", _attr("update_date")),
            ("etape", _attr("stage")), ("texte", _attr("text")),
        ]),
        _section("actions_suivies", _all(
            select(ActionFollower).where(ActionFollower.user_id == user.id)), [
            ("action", _attr("commitment_id")), ("depuis", _attr("created_at")),
        ]),
        _section("suivis", _all(
            select(Follow).where(Follow.user_id == user.id).order_by(Follow.id)), [
            ("element", _attr("target")), ("element_id", _attr("target_id")),
            ("depuis", _attr("created_at")),
        ]),
        _section("notifications", _all(
            select(Notification).where(Notification.recipient_id == user.id)
            .order_by(Notification.id)), [
            ("date", _attr("created_at")), ("type", _attr("kind")), ("texte", _attr("text")),
            ("lien", _attr("link")), ("lue_le", _attr("read_at")),
            ("envoyee_par_email_le", _attr("emailed_at")),
        ]),
        _section("equipe", _all(select(TeamMember).where(or_(TeamMember.user_id == user.id,
                                                              TeamMember.email == email))), [
            ("territoire", _attr("territory_id")), ("role", _attr("role")),
            ("nom", _attr("name")), ("fonction", _attr("function")),
            ("email", _attr("email")), ("telephone", _attr("phone")),
            ("email_affiche", _attr("show_email")), ("telephone_affiche", _attr("show_phone")),
        ]),
        _section("documents_publies", _all(
            select(Document).where(Document.author_id == user.id)), [
            ("titre", _attr("title")), ("date", _attr("document_date")),
        ]),
        _section("envois_par_email", _all(
            select(MailingRecipient).where(MailingRecipient.email == email)), [
            ("envoi", _attr("mailing_id")), ("statut", _attr("status")),
            ("envoye_le", _attr("sent_at")),
        ]),
        _section("desinscriptions_envois", _all(
            select(MailingOptOut).where(MailingOptOut.email == email)), [
            ("territoire", _attr("territory_id")), ("le", _attr("created_at")),
        ]),
        _section("journal", _all(
            select(AuditEntry).where(AuditEntry.actor_id == user.id)
            .order_by(AuditEntry.id)), [
            ("date", _attr("created_at")), ("action", _attr("action")),
            ("objet", _attr("target_type")), ("objet_id", _attr("target_id")),
            ("details", _attr("details")),
        ]),
    ]
    return out


def _csv_cell(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def build_archive(user):
    """The zip of the person's data, as an open file positioned at its start."""
    data = sections(user)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        document = {
            "genere_le": utcnow().isoformat(),
            "compte": user.id,
            **{name: rows for name, _header, rows in data},
        }
        archive.writestr("donnees.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, header, rows in data:
            archive.writestr(f"{name}.csv", csvio.write_csv(
                ([_csv_cell(row[h]) for h in header] for row in rows), header))
        archive.writestr("LISEZMOI.txt", README)
    spool.seek(0)
    return spool


README = """Vos données sur THC Participation

donnees.json : toutes vos données dans un seul fichier (dates en UTC, format ISO 8601).
Un fichier CSV par rubrique, à ouvrir dans un tableur (séparateur « ; », UTF-8).
"""
