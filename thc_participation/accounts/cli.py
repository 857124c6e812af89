"""``thc accounts ...``: the retention purge of accounts (run it from cron)."""

import click
from flask.cli import AppGroup

from .. import retention
from ..transaction import transactional

group = AppGroup("accounts", help="Accounts: retention purges (unconfirmed accounts, ended sign-in sessions).")


@group.command("purge-unconfirmed")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Days after sign-up (default: THC_UNCONFIRMED_RETENTION_DAYS or 7).")
@transactional
def purge_unconfirmed_command(days):
    """Erase accounts whose e-mail address was never confirmed.

    Run it once a day (e.g. ``30 3 * * * thc accounts purge-unconfirmed``); nothing else
    removes them.
    """
    erased = retention.purge_unconfirmed_accounts(days=days)
    click.echo(f"{erased} unconfirmed account(s) erased.")


@group.command("purge-sessions")
@transactional
def purge_sessions_command():
    """Delete sign-in sessions expired or revoked more than a day ago.

    Run it once a day (e.g. ``40 3 * * * thc accounts purge-sessions``)."""
    click.echo(f"{retention.purge_sessions()} session(s) deleted.")
