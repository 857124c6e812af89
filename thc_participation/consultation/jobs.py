"""Background work of the consultation: the action-plan mailing, a resumable job, and the
participation reports (``refresh_reports``, a periodic task every minute, also enqueued by a
reader who finds one stale).

The mailing is started once the operation that published the plan is committed (a job
started earlier could look for a mailing that is not there yet, or that a rollback undoes)."""

from flask_babel import gettext as _
from flask_babel import ngettext
from huey import crontab

from .. import mail
from ..jobs import RetryLater, job, periodic, start
from . import permissions
from .services import mailing, report

KIND = "action_plan_mailing"


def subject(consultation):
    return f"consultation:{consultation.id}"


def start_mailing(actor, consultation, mailing_id):
    """Queue the sending of ``mailing_id`` once the current transaction commits."""
    return start(KIND, consultation.territory, actor, subject(consultation),
                 mailing_id=mailing_id)


@job(KIND, may_watch=permissions.may_manage, resumable=True)
def send_mailing(run, progress, mailing_id):
    """Commits each recipient's claim and result at once (``mailing.send_mailing``), so that a
    stopped worker or mail server resumes where it stopped and nobody receives it twice."""
    try:
        sent = mailing.send_mailing(
            mailing_id, progress=lambda done, total: progress(
                done, total, ngettext("%(done)d destinataire sur %(num)d traité.",
                                      "%(done)d destinataires sur %(num)d traités.", total,
                                      done=done)))
    except mail.MailUnavailable as exc:
        raise RetryLater(_("Le serveur de messagerie ne répond pas : l'envoi reprendra "
                           "automatiquement dans un instant, sans doublon.")) from exc
    return ngettext("%(num)s e-mail envoyé par ce passage ; l'envoi est terminé.",
                    "%(num)s e-mails envoyés par ce passage ; l'envoi est terminé.", sent)


@periodic("refresh_reports", crontab(minute="*"))
def refresh_reports():
    """Compute the participation reports readers found stale (and those never computed)."""
    return {"refreshed": report.refresh_requested()}
