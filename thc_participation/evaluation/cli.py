"""``thc draw ...``: verify a draw bundle, purge expired personal data of pools."""

import click
from flask.cli import AppGroup

from .. import retention
from ..transaction import transactional
from . import verifier

group = AppGroup("draw", help="Verifiable random draws.")


@group.command("verify", with_appcontext=False,
               context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def verify_command(args):
    """Verify BUNDLE.json [--empreinte FINGERPRINT] [--alea VALUE] [--recu RECEIPT].

    The standalone verifier (`python3 verificateur_tirage.py --help` explains it in French):
    --empreinte checks the bundle against the fingerprint announced at freeze time, --alea
    against the public randomness as observed, --recu tells where a receipt's holder stands.
    `thc` runs it without loading the application."""
    raise SystemExit(verifier.main(list(args)))


@group.command("purge")
@transactional
def purge_command():
    """Erase names and contacts of pools whose retention period is over (bundles remain)."""
    click.echo(f"{retention.purge_pools()} personne(s) effacée(s) des viviers.")
