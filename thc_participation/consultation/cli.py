"""``thc consultation ...``: operator commands of the online consultation."""

import click
from flask.cli import AppGroup

from ..extensions import db
from . import services
from .models import Consultation

group = AppGroup("consultation", help="Consultations en ligne.")


@group.command("send-mailing")
@click.argument("consultation_id", type=int)
@click.option("--batch-size", default=50, show_default=True, help="E-mails par lot.")
@click.option("--limit", type=int, default=None, help="S'arrêter après ce nombre d'envois.")
@click.option("--retry-failed", is_flag=True, help="Retenter les envois refusés par le serveur.")
def send_mailing_command(consultation_id, batch_size, limit, retry_failed):
    """Send (or resume) the action plan mailing of a consultation; never twice to anyone."""
    consultation = db.session.get(Consultation, consultation_id)
    mailing = services.mailing_for(consultation) if consultation else None
    if mailing is None:
        raise click.ClickException("Aucun plan d'action publié pour cette consultation.")
    if retry_failed:
        click.echo(f"{services.retry_failed(mailing.id)} envoi(s) refusé(s) remis en attente.")
    sent = services.send_mailing(mailing.id, batch_size=batch_size, limit=limit)
    stats = services.mailing_stats(mailing)
    click.echo(
        f"{sent} e-mail(s) envoyé(s) maintenant ; au total : {stats['sent']} envoyé(s), "
        f"{stats['pending']} en attente, {stats['failed']} refusé(s), "
        f"{stats['skipped']} désabonné(s), {stats['sending']} interrompu(s) pendant l'envoi."
    )
