"""``thc accounts ...``: the retention purges of accounts (`thc worker` runs them daily)."""

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

    `thc worker` runs it every night; run it by hand to purge at once.
    """
    erased = retention.purge_unconfirmed_accounts(days=days)
    click.echo(f"{erased} unconfirmed account(s) erased.")


@group.command("purge-sessions")
@transactional
def purge_sessions_command():
    """Delete sign-in sessions expired or revoked more than a day ago.

    `thc worker` runs it every night."""
    click.echo(f"{retention.purge_sessions()} session(s) deleted.")
