"""Reading the index: ranked hits for a query, and counts by kind. The query is reduced to
words of ``[a-z0-9]`` (``text.query_words``) before it is written as an FTS5 or tsquery
expression, so that quotes, ``*``, ``-``, ``NEAR`` or ``:`` are words or nothing, never syntax."""

from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup

from ..extensions import db
from . import index, registry
from . import text as french
from .models import FTS_TABLE, SearchDocument


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    territory_id: int | None
    title: Markup  # escaped, matches in <mark>
    snippet: Markup  # escaped, matches in <mark>
    url: str


def _postgres():
    return db.session.get_bind().dialect.name == "postgresql"


def _match(q):
    """(from clause, condition, rank order, parameters) for the query, or None when nothing is
    searchable."""
    words = french.query_words(q)
    if not words:
        return None
    doc = SearchDocument.__table__
    if _postgres():
        # PostgreSQL stems the words itself (``french``); the roots are added as they are.
        expression = " & ".join(
            "(" + " | ".join(f"{option}:*" for option in (word, *french.roots(french.stem(word))))
            + ")" for word in words)
        tsquery = sa.func.to_tsquery("french", expression)
        return (doc, doc.c.vector.op("@@")(tsquery),
                sa.desc(sa.func.ts_rank_cd(doc.c.vector, tsquery)), {})
    expression = " AND ".join(
        "(" + " OR ".join(f'"{option}"*' for option in options) + ")"
        for options in french.query_terms(q))
    fts = sa.table(FTS_TABLE, sa.column("rowid"), sa.column("rank"))
    return (doc.join(fts, fts.c.rowid == doc.c.id), sa.text(f"{FTS_TABLE} MATCH :fts_query"),
            fts.c.rank, {"fts_query": expression})


def _where(condition, kinds, territory_id):
    doc = SearchDocument.__table__
    conditions = [condition, doc.c.public.is_(True)]
    if kinds is not None:
        conditions.append(doc.c.kind.in_(list(kinds)))
    if territory_id is not None:  # the territory's documents and the network's
        conditions.append(sa.or_(doc.c.territory_id == territory_id, doc.c.territory_id.is_(None)))
    return sa.and_(*conditions)


def query(q, kinds=None, territory_id=None, limit=20, offset=0):
    """The best ``limit`` hits for ``q`` (after ``offset``), best first; only public documents,
    of ``kinds`` (all when None), of ``territory_id`` and the network (everywhere when None).
    Each kind's registered ``visible`` check runs on the hits, as a last guard."""
    match = _match(q)
    if match is None:
        return []
    source, condition, rank, params = match
    doc = SearchDocument.__table__
    statement = (sa.select(doc.c.kind, doc.c.object_id, doc.c.territory_id, doc.c.title,
                           doc.c.body, doc.c.url).select_from(source)
                 .where(_where(condition, kinds, territory_id))
                 .order_by(rank, doc.c.id).limit(limit).offset(offset))
    rows = db.session.execute(statement, params).all()
    visible = registry.visible_ids(rows)
    for row in rows:  # left behind by a write below the ORM: gone from the next answers
        if (row.kind, row.object_id) not in visible:
            index.drop(row.kind, row.object_id)
    terms = french.query_terms(q)
    return [Hit(row.kind, row.object_id, row.territory_id, french.highlight(row.title, terms),
                french.snippet(row.body, terms), row.url)
            for row in rows if (row.kind, row.object_id) in visible]


def counts(q, kinds=None, territory_id=None):
    """{kind: number of matching public documents} for ``q``."""
    match = _match(q)
    if match is None:
        return {}
    source, condition, _rank, params = match
    doc = SearchDocument.__table__
    statement = (sa.select(doc.c.kind, sa.func.count()).select_from(source)
                 .where(_where(condition, kinds, territory_id)).group_by(doc.c.kind))
    return dict(db.session.execute(statement, params).all())
