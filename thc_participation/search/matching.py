"""The search as a part of a module's own query: ``matching(q, kinds)`` gives what joins,
filters and ranks ``search_document`` rows, so that a module combines the full-text match with
its own filters (facets) and pages in one SQL statement (the référentiel's catalogue) instead
of reading every hit first."""

from typing import NamedTuple

from sqlalchemy.sql.selectable import Join

from .models import SearchDocument
from .query import _match, _where


class Matching(NamedTuple):
    joins: tuple  # (table, onclause) after search_document: the FTS5 table on SQLite
    condition: object  # the match, public documents of the kinds, parameters bound
    rank: object  # ORDER BY expression, best first

    def apply(self, query, kind, object_id):
        """``query`` joined to the documents of ``kind`` whose id is ``object_id`` (a column),
        keeping the matching ones, best first. The joins stay flat: SQLite's MATCH needs the
        FTS5 table's own name in the FROM list."""
        doc = SearchDocument.__table__
        query = query.join(doc, (doc.c.object_id == object_id) & (doc.c.kind == kind))
        for table, onclause in self.joins:
            query = query.join(table, onclause)
        return query.where(self.condition).order_by(self.rank)


def matching(q, kinds=None):
    """The clauses for ``q`` (public documents of ``kinds``), or None when ``q`` holds no
    searchable word."""
    match = _match(q)
    if match is None:
        return None
    source, condition, rank, params = match
    if params:
        condition = condition.bindparams(**params)
    joins = []
    while isinstance(source, Join):  # search_document JOIN fts ...: unfold, left to right
        joins.insert(0, (source.right, source.onclause))
        source = source.left
    return Matching(tuple(joins), _where(condition, kinds, None), rank)
