"""``thc consultation ...``: operator commands of the online consultation."""

import click
from flask.cli import AppGroup

from .. import mail
from ..extensions import db
from ..transaction import transactional
from .models import Consultation
from .services import mailing as mailings

group = AppGroup("consultation", help="Online consultations: the action plan mailing.")


@group.command("send-mailing")
@click.argument("consultation_id", type=int)
@click.option("--batch-size", default=50, show_default=True, help="E-mails per batch.")
@click.option("--limit", type=int, default=None, help="Stop after this many e-mails.")
@click.option("--retry-failed", is_flag=True, help="Retry the e-mails the server refused.")
@transactional
def send_mailing_command(consultation_id, batch_size, limit, retry_failed):
    """Send (or resume) the action plan mailing of a consultation; never twice to anyone."""
    consultation = db.session.get(Consultation, consultation_id)
    mailing = mailings.mailing_for(consultation) if consultation else None
    if mailing is None:
        raise click.ClickException("Aucun plan d'action publié pour cette consultation.")
    if retry_failed:
        click.echo(f"{mailings.retry_failed(mailing.id)} envoi(s) refusé(s) remis en attente.")
    try:
        sent = mailings.send_mailing(mailing.id, batch_size=batch_size, limit=limit)
    except mail.MailUnavailable as exc:
        raise click.ClickException(
            f"Serveur de messagerie injoignable ({exc}) : rien n'est perdu, relancez plus tard."
        ) from exc
    stats = mailings.mailing_stats(mailing)
    click.echo(
        f"{sent} e-mail(s) envoyé(s) maintenant ; au total : {stats['sent']} envoyé(s), "
        f"{stats['pending']} en attente, {stats['failed']} refusé(s), "
        f"{stats['skipped']} désabonné(s), {stats['sending']} interrompu(s) pendant l'envoi."
    )
