"""Full-text search shared by the modules (site search, référentiel catalogue).

- ``index.put(kind, object_id, *, title, text, territory_id, url, public)`` /
  ``index.drop(kind, object_id)``: write the index in the current transaction;
- ``register(kind, model, document, label=...)``: keep a model's documents in step with every
  write (session hooks), checked again at query time;
- ``query(q, kinds=None, territory_id=None, limit=20, offset=0)`` -> ranked ``Hit`` (kind,
  object_id, territory_id, title, snippet, url; title and snippet escaped with the matches in
  ``<mark>``); ``counts(q, kinds, territory_id)`` -> {kind: n};
- ``thc search reindex``.

PostgreSQL: a ``tsvector`` (``french`` configuration) with a GIN index; SQLite: FTS5 over the
stems computed in Python (Snowball French). Accents are folded in Python on both (``text``)."""

from . import index
from .query import Hit, counts, query
from .registry import link, register, reindex, sources
from .text import MIN_QUERY_LENGTH, is_too_short

__all__ = ["MIN_QUERY_LENGTH", "Hit", "counts", "index", "is_too_short", "link", "query",
           "register", "reindex", "sources"]
