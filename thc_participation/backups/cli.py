"""``thc backup`` and ``thc restore`` (operator commands; what they report is French)."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError

from ..errors import ServiceError
from . import create_backup, needs_upgrade, restore_backup


@click.command("backup")
@click.option("--output", type=click.Path(file_okay=False), default=None,
              help="Folder of the archive (default: THC_BACKUP_DIR).")
@with_appcontext
def backup_command(output):
    """Write one dated archive: database, uploaded files, signing key, manifest."""
    folder = output or current_app.config["THC_BACKUP_DIR"]
    if not folder:
        raise click.ClickException("Indiquez un dossier : --output ou THC_BACKUP_DIR.")
    try:
        path = create_backup(folder)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    except OperationalError as exc:
        raise click.ClickException(_unreachable(exc)) from exc
    click.echo(f"Sauvegarde écrite : {path}")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True,
              help="Replace a database or upload folder that is not empty.")
@with_appcontext
def restore_command(archive, force):
    """Restore an archive of `thc backup` into an empty database and upload folder."""
    try:
        manifest = restore_backup(archive, force=force)
    except ServiceError as exc:  # nothing was changed
        raise click.ClickException(exc.message) from exc
    except OperationalError as exc:
        raise click.ClickException(_unreachable(exc)) from exc
    click.echo(f"Sauvegarde du {manifest['created_at']} restaurée "
               f"(révision {manifest['alembic_revision']}).")
    if needs_upgrade(manifest):
        click.echo("Cette sauvegarde vient d'une version antérieure : lancez « thc db upgrade ».")


def _unreachable(exc):
    return f"La base de données est injoignable ou absente : {exc.orig}"
