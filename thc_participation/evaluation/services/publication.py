"""Publishing a draw's fingerprint at freeze time, where it cannot be quietly replaced.

The fingerprint is on the public page and the printable notice (both read the frozen draw), in
the audit log (``draws.freeze``), and in an e-mail to the steering committee and the agents of
the territory, sent once the freeze commits: copies the platform cannot take back.
"""

import logging

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from ... import mail
from ...access import members_with_role
from ...extensions import db
from ...models import Role
from ...transaction import after_commit
from ...urls import absolute_url

log = logging.getLogger(__name__)
MOMENT = "d MMMM y 'à' HH:mm:ss"


def witnesses(territory):
    """Addresses of the steering committee and the agents: who receives the fingerprint."""
    emails = []
    for role in (Role.STEERING, Role.AGENT):
        for membership in members_with_role(territory, role):
            email = membership.user.email
            if email and email not in emails:
                emails.append(email)
    return emails


_PENDING = "thc_freeze_notices"


def announce_freeze(draw):
    """Queue the fingerprint e-mail. It is composed just before the operation commits (so it
    carries exactly what is committed) and sent after the commit; a rollback drops it."""
    db.session.info.setdefault(_PENDING, []).append(draw)


@event.listens_for(Session, "before_commit")
def _compose_pending(session):
    for draw in session.info.pop(_PENDING, ()):
        _announce(draw)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session, previous_transaction):
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


def _announce(draw):
    territory = draw.territory
    text = _(
        "Bonjour,\n\nLe tirage au sort « %(title)s » (%(territory)s) a été gelé le %(frozen)s.\n"
        "Le vivier, les quotas et la loterie ne peuvent plus changer.\n\n"
        "Empreinte publiée (SHA-256) :\n%(fp)s\n\n"
        "Conservez ce message : il permet de vérifier plus tard que le tirage publié est bien "
        "celui qui a été gelé (python3 verificateur_tirage.py verification.json "
        "--empreinte %(fp)s).\n\n"
        "Source d'aléa public annoncée : %(source)s\n"
        "L'aléa ne pourra pas être saisi avant le %(not_before)s.\n\n"
        "Page publique : %(page)s\nAvis à afficher : %(notice)s\n",
        title=draw.title, territory=territory.name,
        frozen=format_datetime(draw.frozen_at, MOMENT), fp=draw.fingerprint,
        source=draw.randomness_source,
        not_before=format_datetime(draw.randomness_not_before, MOMENT),
        page=absolute_url("evaluation.draw_page", slug=territory.slug, draw_id=draw.id),
        notice=absolute_url("evaluation.draw_notice", slug=territory.slug, draw_id=draw.id))
    subject = _("Empreinte du tirage « %(title)s »", title=draw.title)
    for email in witnesses(territory):
        after_commit(_send, email, subject, text, draw.id)


def _send(to, subject, text, draw_id):
    try:
        mail.send(to, subject, text)
    except mail.MailError:
        log.warning("fingerprint e-mail of draw %s not delivered", draw_id)
