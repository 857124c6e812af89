"""``thc legal ...``: write the processing register from the processing activities."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .services import REGISTER_PATH, register_markdown

group = AppGroup("legal", help="Legal documents: the register of processing activities.")


@group.command("register")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=REGISTER_PATH,
              help="Where to write the register (Markdown); default: the one in docs/.")
@click.option("--check", is_flag=True,
              help="Write nothing; fail if the file differs from what would be written.")
def register_command(output, check):
    """Write the register of processing activities (GDPR article 30), generated from the same
    source as the privacy page, with the current retention settings."""
    text = register_markdown(current_app.config)
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            raise click.ClickException(f"{output} is out of date: run `thc legal register`.")
        click.echo(f"{output} is up to date.")
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Register written to {output}.")
