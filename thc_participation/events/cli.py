"""``thc events ...``: reminders and the retention purge (both run daily by `thc worker`; these
commands run them by hand)."""

import click
from flask.cli import AppGroup

from .. import retention
from ..transaction import transactional
from . import jobs

group = AppGroup("events", help="Events: reminders and purge of attendees' personal data.")


@group.command("remind")
@transactional
def remind_command():
    """E-mail a reminder to everyone registered for an event that takes place tomorrow.

    `thc worker` runs it every day at 07:30 UTC; running it again sends nothing twice, and a
    reminder planned before a change of time is not sent.
    """
    sent = jobs.remind()
    click.echo(f"{sent} rappel(s) envoyé(s).")


@group.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Days after the event (default: THC_EVENTS_RETENTION_DAYS or 180).")
@transactional
def purge_command(days):
    """Anonymise the attendees of events that ended long ago (counts are kept)."""
    purged = retention.purge_event_attendees(days=days)
    click.echo(f"{purged} événement(s) purgé(s) de leurs données personnelles.")
