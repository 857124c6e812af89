"""E-mails of the events module: confirmations with the event as .ics (attachment and a
``text/calendar; method=REQUEST`` part), updates, cancellations (METHOD:CANCEL), waiting
list promotions and reminders. The video-call link is never e-mailed.

Services call these while they change the database: each e-mail is written at once (from
the data as it is now) and queued on the session; it leaves only after the operation's
commit, and a rollback drops it. So nobody is told about a change that did not happen, and
no lock is held while the mail server answers. Reminders (a job that commits per item) are
sent at once with ``send_reminder``.
"""

import logging
from email.utils import parseaddr

from flask import current_app, has_request_context, render_template
from flask_babel import gettext as _

from .. import mail
from ..notifications import triggers
from ..transaction import after_commit
from ..urls import absolute_url
from . import feeds, ical
from .models import RegistrationStatus
from .services.queries import waiting_position
from .services.tokens import guest_link_token

log = logging.getLogger(__name__)
def _deliver(message):
    try:
        mail.send(**message["mail"])
    except (mail.MailError, OSError):
        log.warning("event mail %s not sent for event %s", message["template"],
                    message["event_id"])
        return False
    return True


def _ics(registration, cancel=False):
    event = registration.event
    sender_name, sender_address = parseaddr(current_app.config["MAIL_FROM"])
    return ical.invitation(
        feeds.to_cal_event(event, feeds.event_url_factory()),
        host=feeds.uid_host(),
        organizer=ical.Party(sender_name or "THC Participation", sender_address),
        attendee=ical.Party(registration.name, registration.email),
        cancel=cancel,
    )


def _links(registration):
    return {
        "event_url": absolute_url("events.event_page", event_id=registration.event_id),
        "cancel_url": absolute_url("events.cancel_link",
                                   token=guest_link_token(registration, "cancel")),
    }


def _compose(registration, subject, template, calendar=None, extra_ics=(), **context):
    """One e-mail to the registration's person, ready to send; None without an address."""
    if not registration.email:
        return None
    if not has_request_context():  # CLI (reminders) and direct service calls
        with current_app.test_request_context("/"):
            return _compose(registration, subject, template, calendar, extra_ics, **context)
    text = render_template(f"events/mail/{template}.txt", registration=registration,
                           event=registration.event, **_links(registration), **context)
    alternatives, attachments = [], []
    if calendar is not None:
        method = "CANCEL" if "METHOD:CANCEL" in calendar else "REQUEST"
        alternatives.append((f"text/calendar; method={method}", calendar))
        attachments.append(("evenement.ics", "application/ics", calendar.encode("utf-8")))
    for item in extra_ics:
        attachments.append((f"atelier-{item.event_id}.ics", "application/ics",
                            _ics(item).encode("utf-8")))
    return {"mail": {"to": registration.email, "subject": subject, "text": text,
                     "alternatives": alternatives, "attachments": attachments},
            "template": template, "event_id": registration.event_id}


def _send(registration, subject, template, **options):
    """Queue the e-mail until the operation commits (see the module's docstring)."""
    message = _compose(registration, subject, template, **options)
    if message is not None:
        after_commit(_deliver, message)


def send_registrations(main, extras=()):
    """The confirmation (or waiting-list notice) of a registration and its workshops."""
    confirmed_extras = [r for r in extras if r.status == RegistrationStatus.CONFIRMED]
    calendar = _ics(main) if main.status == RegistrationStatus.CONFIRMED else None
    if main.status == RegistrationStatus.CONFIRMED:
        subject = _("Inscription confirmée : %(title)s", title=main.event.title)
    else:
        subject = _("Liste d'attente : %(title)s", title=main.event.title)
    return _send(main, subject, "registered", calendar=calendar, extra_ics=confirmed_extras,
                 extras=extras, position=waiting_position(main))


def send_guest_confirmation(main, extras=()):
    url = absolute_url("events.confirm_link", token=guest_link_token(main, "confirm"))
    return _send(main, _("Confirmez votre inscription : %(title)s", title=main.event.title),
                 "guest_confirm", confirm_url=url, extras=extras)


def send_guest_already_registered(registration):
    """Someone registered again with a guest's address: the page says nothing, this e-mail
    tells the address's owner."""
    return _send(registration, _("Vous êtes déjà inscrit·e : %(title)s",
                                 title=registration.event.title), "guest_already")


def send_promotions(registrations):
    for registration in registrations:
        triggers.event_changed(registration.event, [registration], "promoted")
        _send(registration, _("Une place s'est libérée : %(title)s", title=registration.event.title),
              "promoted", calendar=_ics(registration))


def send_update(event, registrations):
    triggers.event_changed(event, registrations, "updated")
    for registration in registrations:
        _send(registration, _("Modification : %(title)s", title=event.title), "updated",
              calendar=_ics(registration))


def send_cancellation(event, registrations):
    triggers.event_changed(event, registrations, "cancelled")
    for registration in registrations:
        _send(registration, _("Annulation : %(title)s", title=event.title), "cancelled",
              calendar=_ics(registration, cancel=True))


def send_unregistered(registrations):
    if not registrations:
        return
    main = registrations[0]
    _send(main, _("Désinscription enregistrée : %(title)s", title=main.event.title),
          "unregistered", calendar=_ics(main, cancel=True), extras=registrations[1:])


def send_reminder(registration, occurrence):
    """Send a reminder now (the reminders job records each one sent); False on failure."""
    message = _compose(registration, _("Rappel : %(title)s demain",
                                       title=registration.event.title),
                       "reminder", calendar=_ics(registration), occurrence=occurrence)
    return message is not None and _deliver(message)
