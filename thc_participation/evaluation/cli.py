"""``thc draw ...``: verify a draw bundle, purge expired personal data of pools."""

import click
from flask.cli import AppGroup

from .. import retention
from ..transaction import transactional
from . import verifier

group = AppGroup("draw", help="Verifiable random draws.")


@group.command("verify", with_appcontext=False)
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
def verify_command(bundle):
    """Recompute fingerprint, quotas, probabilities and the draw of BUNDLE.json."""
    raise SystemExit(verifier.main([bundle]))


@group.command("purge")
@transactional
def purge_command():
    """Erase names and contacts of pools whose retention period is over (bundles remain)."""
    click.echo(f"{retention.purge_pools()} personne(s) effacée(s) des viviers.")
