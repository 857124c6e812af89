"""The e-mails of notifications: one at once, or one digest a day; each carries a one-click
unsubscribe (a signed link that works without signing in, and the ``List-Unsubscribe`` /
``List-Unsubscribe-Post`` headers of RFC 8058)."""

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from ... import mail
from ...tokens import make_token
from ...urls import absolute_url

log = logging.getLogger(__name__)
UNSUBSCRIBE = "notifications-unsubscribe"


@dataclass(frozen=True)
class Outgoing:
    to: str
    subject: str
    text: str
    unsubscribe: str


def unsubscribe_url(user):
    return absolute_url("notifications.unsubscribe", token=make_token(UNSUBSCRIBE, user.id))


def site_url(link):
    return current_app.config["THC_BASE_URL"].rstrip("/") + link if link else ""


def _footer(unsubscribe):
    return _("\n--\nVous recevez cet e-mail parce que vous avez un compte sur THC Participation."
             "\nChoisir quand recevoir ces e-mails : %(settings)s\n"
             "Ne plus recevoir d'e-mails de notification (un clic) : %(url)s\n",
             settings=absolute_url("notifications.index"), url=unsubscribe)


def single(user, kind, text, link, subject=None):
    """The e-mail of one notification, composed now (in the operation), sent after its commit."""
    url = unsubscribe_url(user)
    body = _("Bonjour %(name)s,\n\n%(text)s\n%(link)s\n", name=user.display_name, text=text,
             link=site_url(link))
    return Outgoing(user.email, str(subject or kind.label), body + _footer(url), url)


def digest(user, notifications):
    url = unsubscribe_url(user)
    lines = [_("Bonjour %(name)s,", name=user.display_name), "",
             ngettext("Votre notification des dernières 24 heures :",
                      "Vos %(num)d notifications des dernières 24 heures :",
                      len(notifications)), ""]
    for row in notifications:
        lines.append(f"- {row.text}")
        if row.link:
            lines.append(f"  {site_url(row.link)}")
    subject = ngettext("Votre résumé du jour : %(num)d notification",
                       "Votre résumé du jour : %(num)d notifications", len(notifications))
    return Outgoing(user.email, subject, "\n".join(lines) + "\n" + _footer(url), url)


def headers(outgoing):
    return {"List-Unsubscribe": f"<{outgoing.unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send(outgoing):
    """Send one e-mail; raise ``mail.MailError`` when the server refuses or is away."""
    mail.send(outgoing.to, outgoing.subject, outgoing.text, headers=headers(outgoing))


def deliver(messages):
    """After the commit: send each e-mail once; a failure is logged (the notification stays
    in the site), never retried (so never sent twice)."""
    for outgoing in messages:
        try:
            send(outgoing)
        except mail.MailError:
            log.warning("a notification e-mail was not delivered")
