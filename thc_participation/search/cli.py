"""``thc search ...``: rebuild the full-text index."""

import click
from flask.cli import AppGroup

from ..transaction import transactional
from . import index, registry

group = AppGroup("search", help="Full-text search: rebuild the index.")


@group.command("reindex")
@click.option("--kind", "kinds", multiple=True,
              help="Only this kind of document (repeatable); default: every registered kind.")
@transactional
def reindex_command(kinds):
    """Rebuild the search index from the database (after an import or a bulk change)."""
    known = {source.kind for source in registry.sources()}
    unknown = set(kinds) - known
    if unknown:
        raise click.BadParameter(f"unknown kind(s): {', '.join(sorted(unknown))}; "
                                 f"known: {', '.join(sorted(known))}", param_hint="--kind")
    done = registry.reindex(set(kinds) if kinds else None)
    for kind, total in done.items():
        click.echo(f"{kind}: {total} document(s)")
    click.echo(f"Index: {index.count()} document(s).")
