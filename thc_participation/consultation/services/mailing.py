"""The action plan: published once, then e-mailed once to every participant and summit
registrant who agreed to be contacted, with a link to unsubscribe."""

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ... import audit, mail
from ...errors import Conflict, NotFound
from ...events.models import Event, EventKind, Registration, RegistrationStatus
from ...extensions import db
from ...models import User
from ...text import clean_text
from ...timeutil import utcnow
from ...uploads import store
from ...urls import absolute_url
from .. import permissions
from ..models import ConsultationState, Mailing, MailingOptOut, MailingRecipient, RecipientStatus
from .common import SECTION_MAX, flush_unique
from .queries import participant_ids


def _summit_contacts(territory):
    """E-mails of people registered for the territory's citizen summit (events module) who
    agreed to be contacted: account holders by their profile, guests by their form."""
    summit_registrations = (
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(Event.territory_id == territory.id, Event.kind == EventKind.SOMMET,
               Registration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]))
        .subquery()
    )
    accounts = db.session.scalars(
        select(User.email)
        .join(summit_registrations, summit_registrations.c.user_id == User.id)
        .where(User.contact_consent.is_(True), User.is_active_account.is_(True)))
    guests = db.session.scalars(
        select(summit_registrations.c.guest_email)
        .where(summit_registrations.c.user_id.is_(None),
               summit_registrations.c.guest_contact_consent.is_(True)))
    return {*accounts, *guests}


def _opted_out(territory_id, email):
    return db.session.scalar(select(MailingOptOut.id).where(
        MailingOptOut.territory_id == territory_id, MailingOptOut.email == email)) is not None


def mailing_recipients(consultation):
    """Participants who agreed to be contacted, plus consenting summit registrants,
    minus addresses that unsubscribed; lower-cased, each once."""
    ids = participant_ids(consultation)
    emails = set()
    if ids:
        emails.update(db.session.scalars(
            select(User.email).where(User.id.in_(ids), User.contact_consent.is_(True),
                                     User.is_active_account.is_(True))))
    emails.update(_summit_contacts(consultation.territory))
    emails = {e.strip().lower() for e in emails if e}
    opted_out = set(db.session.scalars(
        select(MailingOptOut.email).where(MailingOptOut.territory_id == consultation.territory_id)))
    return sorted(emails - opted_out)


def publish_action_plan(actor, consultation, text, pdf=None):
    """Publish the action plan and prepare its one mailing (sent by ``send_mailing``, a job
    started once this is committed: see ``jobs.start_mailing``)."""
    permissions.require_manage(actor, consultation.territory)
    already = Conflict(_("Le plan d'action est déjà publié et envoyé."),
                       code="already_published")
    if consultation.state == ConsultationState.DRAFT:
        raise Conflict(_("Publiez d'abord la consultation."), code="draft")
    if consultation.action_plan_published_at is not None:
        raise already
    consultation.action_plan_text = clean_text(text, SECTION_MAX, _("Le plan d'action"),
                                               field="text")
    if pdf is not None and pdf.filename:
        consultation.action_plan_upload = store(pdf, kinds=("pdf",), uploader=actor, field="pdf")
    consultation.action_plan_published_at = utcnow()
    mailing = Mailing(consultation_id=consultation.id)
    db.session.add(mailing)
    flush_unique(already)
    emails = mailing_recipients(consultation)
    db.session.add_all(
        MailingRecipient(mailing_id=mailing.id, email=e, token=secrets.token_urlsafe(24))
        for e in emails
    )
    audit.record(actor, "consultation.action_plan", consultation.territory, consultation,
                 recipients=len(emails))
    db.session.flush()
    return mailing


def _claim(recipient_id):
    """Take one pending recipient; only one sender can win it (committed at once)."""
    claimed = db.session.execute(
        update(MailingRecipient)
        .where(MailingRecipient.id == recipient_id,
               MailingRecipient.status == RecipientStatus.PENDING)
        .values(status=RecipientStatus.SENDING)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def _action_plan_attachments(consultation):
    upload = consultation.action_plan_upload
    if upload is None:
        return ()
    data = (Path(current_app.config["UPLOAD_DIR"]) / upload.stored_name).read_bytes()
    return (("plan-d-action.pdf", "application/pdf", data),)


def _action_plan_message(consultation, recipient):
    unsubscribe_url = absolute_url("consultation.unsubscribe", token=recipient.token)
    page = absolute_url("consultation.action_plan", slug=consultation.territory.slug,
                        consultation_id=consultation.id)
    subject = _("Plan d'action : %(title)s", title=consultation.title)
    text = _(
        "Bonjour,\n\nVous avez participé à la consultation « %(title)s » de %(territory)s, ou "
        "vous vous êtes inscrit au sommet citoyen. Le plan d'action est publié :\n\n%(plan)s\n\n"
        "Le lire en ligne : %(page)s\n\n—\nVous recevez ce message parce que vous avez accepté "
        "d'être contacté. Pour ne plus recevoir ces messages : %(unsubscribe)s\n",
        title=consultation.title, territory=consultation.territory.name,
        plan=consultation.action_plan_text, page=page, unsubscribe=unsubscribe_url,
    )
    return subject, text


def _send_one(consultation, recipient, attachments):
    """Send to one claimed recipient; True if the server accepted it."""
    if _opted_out(consultation.territory_id, recipient.email):
        recipient.status = RecipientStatus.SKIPPED
        return False
    subject, text = _action_plan_message(consultation, recipient)
    try:
        mail.send(recipient.email, subject, text, attachments=attachments)
    except mail.MailUnavailable:
        # The server is down: this recipient got nothing; back in the queue for the next run.
        recipient.status = RecipientStatus.PENDING
        db.session.commit()
        raise
    except mail.MailError as exc:
        recipient.status = RecipientStatus.FAILED
        recipient.error = str(exc)[:300]
        return False
    recipient.status = RecipientStatus.SENT
    recipient.sent_at = utcnow()
    return True


def _pending(mailing_id):
    return select(MailingRecipient.id).where(MailingRecipient.mailing_id == mailing_id,
                                             MailingRecipient.status == RecipientStatus.PENDING)


def _count(query):
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def send_mailing(mailing_id, batch_size=50, limit=None, progress=None):
    """Send the pending e-mails of a mailing batch by batch; safe to run again after a
    crash or alongside another sender: each recipient is claimed before sending, so nobody
    gets it twice. Returns the number sent by this call. ``progress(handled, total)`` is
    called after each recipient. An unreachable mail server raises ``mail.MailUnavailable``
    with the recipient being sent back to pending (the job tries again later).

    This loop is its own job boundary: it commits each claim and each result at once, so
    that a crash (or a kill) loses at most the one e-mail being sent and a later run
    resumes where it stopped. It is the one place of the module that commits."""
    mailing = db.session.get(Mailing, mailing_id)
    if mailing is None:
        raise NotFound(_("Cet envoi n'existe pas."))
    consultation = mailing.consultation
    attachments = _action_plan_attachments(consultation)
    total = db.session.scalar(select(func.count()).where(MailingRecipient.mailing_id == mailing_id))
    handled = total - _count(_pending(mailing_id))
    sent = 0
    while limit is None or sent < limit:
        batch = db.session.scalars(
            _pending(mailing_id).order_by(MailingRecipient.id).limit(batch_size)).all()
        if not batch:
            break
        for recipient_id in batch:
            if limit is not None and sent >= limit:
                break
            if not _claim(recipient_id):
                continue
            sent += _send_one(consultation, db.session.get(MailingRecipient, recipient_id),
                              attachments)
            db.session.commit()
            handled += 1
            if progress is not None:
                progress(handled, total)
    if not _count(_pending(mailing_id)):
        mailing.finished_at = mailing.finished_at or utcnow()
        db.session.commit()
    return sent


def retry_failed(mailing_id):
    """Failed sends were refused by the server, so they were not delivered: try them again."""
    return db.session.execute(
        update(MailingRecipient)
        .where(MailingRecipient.mailing_id == mailing_id,
               MailingRecipient.status == RecipientStatus.FAILED)
        .values(status=RecipientStatus.PENDING, error=None)
    ).rowcount


def mailing_stats(mailing):
    if mailing is None:
        return None
    counts = dict(db.session.execute(
        select(MailingRecipient.status, func.count())
        .where(MailingRecipient.mailing_id == mailing.id)
        .group_by(MailingRecipient.status)).all())
    return {status.value: counts.get(status, 0) for status in RecipientStatus}


def mailing_for(consultation):
    return db.session.scalar(select(Mailing).where(Mailing.consultation_id == consultation.id))


def recipient_by_token(token):
    recipient = db.session.scalar(select(MailingRecipient).where(MailingRecipient.token == token))
    if recipient is None:
        raise NotFound(_("Ce lien de désabonnement n'est pas valide."))
    return recipient


def unsubscribe(token):
    """Stop consultation mailings of this territory to the address behind ``token``."""
    recipient = recipient_by_token(token)
    territory = db.session.get(Mailing, recipient.mailing_id).consultation.territory
    if not _opted_out(territory.id, recipient.email):
        db.session.add(MailingOptOut(territory_id=territory.id, email=recipient.email))
        audit.record(None, "consultation.unsubscribe", territory, recipient)
        try:
            db.session.flush()
        except IntegrityError:  # unsubscribed twice at once: the other one recorded it
            db.session.rollback()
    return territory
