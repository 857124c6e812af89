"""Right to erasure: delete an account and everything that names the person.

Every foreign key to ``user`` is handled here, table by table (``ForeignKey("user.id")`` across
the modules), so that after the deletion neither the e-mail address nor the name is left in the
database:

| table | column | on erasure |
| --- | --- | --- |
| comment, proposal | author_id | kept anonymised ("Participant·e anonyme", author NULL) or deleted, as the person chooses; a deleted comment leaves the thread's notice, a deleted proposal with others' comments keeps its discussion under a neutral title |
| comment, proposal | entered_by_id | NULL (the contribution belongs to the person it was collected from) |
| vote, support | user_id | deleted; the counts stay when contributions are kept, are lowered when deleted |
| report | reporter_id | deleted |
| block | user_id / created_by_id | deleted / NULL |
| registration | user_id (and guest_email = the address) | a seat held for a coming event is freed first (the waiting list moves up), then deleted |
| calendar_token, dashboard_action_follower, membership, consent_record | user_id | deleted |
| board_participant | user_id | the pseudonym becomes "Participant·e anonyme" (notes kept) or the participant and their notes and dots are deleted; the board's change log is scrubbed |
| person (draw pools) | user_id (and email = the address) | deleted; in a pool used by a frozen or completed draw only the identity is erased (pseudonym and categories keep the draw verifiable) |
| dashboard_team_member | user_id (and email = the address) | deleted |
| dashboard_actor | proposed_by_id / reviewed_by_id | NULL; pending proposals deleted when contributions are deleted |
| dashboard_action_update, dashboard_document, event, board, board_transfer, pool_import, upload | author/creator | NULL (institutional records) |
| audit_entry | actor_id, target User | NULL, with a pseudonymous trace (``compte-…``, keyed by the secret) in the details |
| mailing_recipient, mailing_opt_out | email | deleted |
| follow, notification, notification_settings | user_id / recipient_id | deleted |
"""

import hashlib
import hmac
import json
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, cast, delete, or_, select, update

from .. import audit
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
from ..dashboard.models import (
    ActionFollower,
    ActionUpdate,
    Actor,
    ActorStatus,
    Document,
    TeamMember,
)
from ..errors import Invalid
from ..evaluation.models import Draw, DrawState, Person, PoolImport
from ..events import mailing as event_mailing
from ..events.boards.models import Board, BoardChange, BoardParticipant, BoardTransfer
from ..events.models import CalendarToken, Event, Registration, RegistrationStatus
from ..events.services import seats
from ..extensions import db
from ..labels import LabelledEnum
from ..models import AuditEntry, Membership, Upload, User
from ..notifications.services import follows, inbox
from ..timeutil import utcnow
from .models import ConsentRecord


class EraseMode(LabelledEnum):
    ANONYMISE = "anonymiser", _l(
        "Garder mes contributions, sans mon nom : elles apparaîtront comme « Participant·e "
        "anonyme »")
    DELETE = "supprimer", _l(
        "Supprimer aussi mes contributions (commentaires, propositions, notes d'atelier, votes "
        "et soutiens)")


def anonymous_label():
    return _("Participant·e anonyme")


def pseudonym(user_id):
    """A stable pseudonymous trace of an account: not reversible without the secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    return "compte-" + hmac.new(key, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()[:12]


def delete_own_account(user, password, mode):
    """The person deletes their account from their profile (password required)."""
    mode = EraseMode.parse(mode, field="mode",
                           message=_("Choisissez ce que deviennent vos contributions."))
    if not user.check_password(password or ""):
        raise Invalid(_("Le mot de passe est incorrect."), field="password")
    return erase_account(user, mode)


def erase_account(user, mode, reason="request"):
    """Erase ``user`` (see the table above); return the pseudonymous trace kept in the audit."""
    keep = mode == EraseMode.ANONYMISE
    uid, email = user.id, user.email
    names = {user.display_name, user.display_name[:40]}
    trace = pseudonym(uid)
    counts = {
        "contributions": _consultation(uid, keep),
        "boards": _boards(uid, keep, names | {email}),
        "registrations": _registrations(uid, email),
        "pool_entries": _pools(uid, email),
    }
    _dashboard(uid, email, keep)
    _others(uid, email)
    _audit(uid, trace, names | {email})
    db.session.execute(delete(ConsentRecord).where(ConsentRecord.user_id == uid))
    db.session.flush()
    db.session.expire_all()
    db.session.delete(db.session.get(User, uid))
    db.session.flush()
    audit.record(None, "account.delete", account=trace, mode=mode.value, reason=reason, **counts)
    db.session.flush()
    return trace


# -- consultation ---------------------------------------------------------------------------

def _consultation(uid, keep):
    comments = db.session.scalars(select(Comment).where(Comment.author_id == uid)).all()
    proposals = db.session.scalars(select(Proposal).where(Proposal.author_id == uid)).all()
    now = utcnow()
    for comment in comments:
        comment.author_id = None
        if not keep and comment.deleted_at is None:
            comment.deleted_at = now
            comment.body = ""
            comment.version = comment.version + 1
    for proposal in proposals:
        proposal.author_id = None
        if keep:
            continue
        others = db.session.scalar(select(Comment.id).where(Comment.proposal_id == proposal.id)
                                   .limit(1))
        if others is None:
            db.session.delete(proposal)
        else:  # the discussion of others stays, without the person's text
            proposal.title = _("Proposition retirée par son auteur·rice")
            proposal.description = ""
            proposal.source_url = None
    for model in (Comment, Proposal):
        db.session.execute(update(model).where(model.entered_by_id == uid)
                           .values(entered_by_id=None))
    if not keep:
        _withdraw_votes(uid)
    db.session.execute(delete(Vote).where(Vote.user_id == uid))
    db.session.execute(delete(Support).where(Support.user_id == uid))
    db.session.execute(delete(Report).where(Report.reporter_id == uid))
    db.session.execute(delete(Block).where(Block.user_id == uid))
    db.session.execute(update(Block).where(Block.created_by_id == uid).values(created_by_id=None))
    db.session.flush()
    return len(comments) + len(proposals)


def _withdraw_votes(uid):
    """Lower the counts by the person's votes and supports (their opinion leaves with them)."""
    for comment_id, value in db.session.execute(
            select(Vote.comment_id, Vote.value).where(Vote.user_id == uid)).all():
        db.session.execute(
            update(Comment).where(Comment.id == comment_id).values(
                up_count=Comment.up_count - int(value == 1),
                down_count=Comment.down_count - int(value == -1),
                score=Comment.score - value, version=Comment.version + 1))
    for proposal_id in db.session.scalars(select(Support.proposal_id)
                                          .where(Support.user_id == uid)).all():
        db.session.execute(update(Proposal).where(Proposal.id == proposal_id)
                           .values(support_count=Proposal.support_count - 1))


# -- live boards ----------------------------------------------------------------------------

def _boards(uid, keep, needles):
    participants = db.session.scalars(
        select(BoardParticipant).where(BoardParticipant.user_id == uid)).all()
    pids = {p.id for p in participants}
    board_ids = {p.board_id for p in participants}
    label = anonymous_label()
    if board_ids:
        for change in db.session.scalars(
                select(BoardChange).where(BoardChange.board_id.in_(board_ids))).all():
            scrubbed = _scrub_board_payload(change.payload, pids, keep, label, needles)
            if scrubbed != change.payload:
                change.payload = scrubbed
    for participant in participants:
        if keep:
            participant.user_id = None
            participant.pseudonym = label
        else:
            db.session.delete(participant)  # its notes and dots go with it
    db.session.execute(update(Board).where(Board.created_by_id == uid).values(created_by_id=None))
    db.session.execute(update(BoardTransfer).where(BoardTransfer.actor_id == uid)
                       .values(actor_id=None))
    db.session.flush()
    return len(participants)


def _scrub_board_payload(value, pids, keep, label, needles):
    """A change-log payload without the person's pseudonym (and text, when deleted)."""
    if isinstance(value, dict):
        out = {k: _scrub_board_payload(v, pids, keep, label, needles) for k, v in value.items()}
        if out.get("author") in pids:
            if out.get("author_name") is not None:
                out["author_name"] = label
            if not keep and "text" in out:
                out["text"] = ""
        if out.get("id") in pids and "pseudonym" in out:
            out["pseudonym"] = label
        return out
    if isinstance(value, list):
        return [_scrub_board_payload(v, pids, keep, label, needles) for v in value]
    if isinstance(value, str) and value in needles:
        return label
    return value


# -- events, pools, dashboard ---------------------------------------------------------------

def _registrations(uid, email):
    registrations = db.session.scalars(select(Registration).where(
        or_(Registration.user_id == uid, Registration.guest_email == email))).all()
    now = utcnow()
    promoted = []
    for registration in registrations:
        event = registration.event
        held = registration.status == RegistrationStatus.CONFIRMED
        if held and event.series_end_at > now:
            seats.lock_event(event)
            registration.status = RegistrationStatus.CANCELLED
            db.session.flush()
            promoted += seats.fill_seats(event)
    ids = [r.id for r in registrations]
    if ids:
        db.session.execute(delete(ConsentRecord).where(ConsentRecord.registration_id.in_(ids)))
    for registration in registrations:
        db.session.delete(registration)
    db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == uid))
    db.session.execute(update(Event).where(Event.created_by_id == uid).values(created_by_id=None))
    db.session.flush()
    event_mailing.send_promotions(promoted)
    return len(registrations)


def _pools(uid, email):
    people = db.session.scalars(
        select(Person).where(or_(Person.user_id == uid, Person.email == email))).all()
    now = utcnow()
    for person in people:
        used = db.session.scalar(select(Draw.id).where(
            Draw.pool_id == person.pool_id, Draw.state != DrawState.PREPARED).limit(1))
        if used is None:
            db.session.delete(person)
        else:
            person.first_name = person.last_name = person.email = person.phone = None
            person.receipt = None
            person.user_id = None
            person.publish_name = False
            person.purged_at = now
    db.session.execute(update(PoolImport).where(PoolImport.created_by_id == uid)
                       .values(created_by_id=None))
    db.session.flush()
    return len(people)


def _dashboard(uid, email, keep):
    members = select(TeamMember.id).where(or_(TeamMember.user_id == uid,
                                              TeamMember.email == email))
    db.session.execute(delete(ConsentRecord).where(ConsentRecord.team_member_id.in_(members)))
    db.session.execute(delete(TeamMember).where(or_(TeamMember.user_id == uid,
                                                    TeamMember.email == email)))
    db.session.execute(delete(ActionFollower).where(ActionFollower.user_id == uid))
    if not keep:
        db.session.execute(delete(Actor).where(Actor.proposed_by_id == uid,
                                               Actor.status == ActorStatus.PENDING))
    db.session.execute(update(Actor).where(Actor.proposed_by_id == uid)
                       .values(proposed_by_id=None))
    db.session.execute(update(Actor).where(Actor.reviewed_by_id == uid)
                       .values(reviewed_by_id=None))
    db.session.execute(update(ActionUpdate).where(ActionUpdate.author_id == uid)
                       .values(author_id=None))
    db.session.execute(update(Document).where(Document.author_id == uid).values(author_id=None))


def _others(uid, email):
    db.session.execute(delete(Membership).where(Membership.user_id == uid))
    db.session.execute(update(Upload).where(Upload.uploader_id == uid).values(uploader_id=None))
    db.session.execute(delete(MailingRecipient).where(MailingRecipient.email == email))
    db.session.execute(delete(MailingOptOut).where(MailingOptOut.email == email))
    follows.forget(uid)
    inbox.forget(uid)


# -- audit ----------------------------------------------------------------------------------

def _audit(uid, trace, needles):
    """Keep the person's audit trail under a pseudonym: no account link, no name, no e-mail."""
    mentions = [cast(AuditEntry.details, Text).contains(n, autoescape=True)
                for needle in needles if needle
                for n in {needle, json.dumps(needle)[1:-1]}]
    entries = db.session.scalars(select(AuditEntry).where(or_(
        AuditEntry.actor_id == uid,
        (AuditEntry.target_type == User.__name__) & (AuditEntry.target_id == uid),
        *mentions,
    ))).all()
    for entry in entries:
        details = _scrub_strings(dict(entry.details or {}), needles, trace)
        if entry.actor_id == uid or (entry.target_type == User.__name__
                                     and entry.target_id == uid):
            details["compte"] = trace
        if entry.target_type == User.__name__ and entry.target_id == uid:
            entry.target_id = None
        if entry.actor_id == uid:
            entry.actor_id = None
        entry.details = details
    db.session.flush()


def _scrub_strings(value, needles, replacement):
    if isinstance(value, dict):
        return {k: _scrub_strings(v, needles, replacement) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_strings(v, needles, replacement) for v in value]
    if isinstance(value, str):
        for needle in needles:
            if needle and needle in value:
                value = value.replace(needle, replacement)
    return value


# -- retention ------------------------------------------------------------------------------

def purge_unconfirmed(days=None, now=None):
    """Erase accounts whose address was never confirmed ``days`` after sign-up."""
    days = days or current_app.config["THC_UNCONFIRMED_RETENTION_DAYS"]
    limit = (now or utcnow()) - timedelta(days=days)
    ids = db.session.scalars(select(User.id).where(
        User.confirmed_at.is_(None), User.created_at < limit, User.is_admin.is_(False))).all()
    for uid in ids:
        erase_account(db.session.get(User, uid), EraseMode.DELETE, reason="unconfirmed")
    return len(ids)
