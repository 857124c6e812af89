"""Writing the index: ``put`` one document, ``drop`` it, ``clear`` a kind. Called in the
operation's transaction (by the session hooks of ``sync`` or by a service), never committing."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..timeutil import utcnow
from . import text as french
from .models import SearchDocument

MAX_TITLE = 300
MAX_BODY = 100_000  # characters kept and searched per document


def _vector(title, body):
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.setweight(sa.func.to_tsvector("french", french.fold(title)), "A").op("||")(
            sa.func.setweight(sa.func.to_tsvector("french", french.fold(body)), "B"))
    title_stems = french.stems(title)
    return f"{title_stems} {title_stems} {french.stems(body)}"


def put(kind, object_id, *, title, text="", territory_id=None, url, public=True):
    """Add or replace the document of ``(kind, object_id)``. A document that is not public is
    kept out of the index altogether (nothing private can be found)."""
    if not public:
        drop(kind, object_id)
        return
    title = (title or "")[:MAX_TITLE]
    body = (text or "")[:MAX_BODY]
    values = {"territory_id": territory_id, "public": True, "title": title, "body": body,
              "url": url, "vector": _vector(title, body), "updated_at": utcnow()}
    table = SearchDocument.__table__
    where = sa.and_(table.c.kind == kind, table.c.object_id == object_id)
    updated = db.session.execute(sa.update(table).where(where).values(**values))
    if updated.rowcount == 0:
        db.session.execute(sa.insert(table).values(kind=kind, object_id=object_id, **values))


def add_many(documents):
    """Insert, in one statement, the documents of objects that have none yet (objects just
    created): ``documents`` is a list of ``(kind, object_id, put's keyword arguments)``."""
    rows = []
    for kind, object_id, document in documents:
        if not document.get("public", True):
            continue
        title = (document["title"] or "")[:MAX_TITLE]
        body = (document.get("text") or "")[:MAX_BODY]
        rows.append({"kind": kind, "object_id": object_id, "title": title, "body": body,
                     "territory_id": document.get("territory_id"), "url": document["url"],
                     "v_title": title, "v_body": body})
    if not rows:
        return
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if postgres:
        for row in rows:
            row["v_title"], row["v_body"] = french.fold(row["v_title"]), french.fold(row["v_body"])
        vector = sa.func.setweight(sa.func.to_tsvector("french", sa.bindparam("v_title")),
                                   "A").op("||")(sa.func.setweight(
                                       sa.func.to_tsvector("french", sa.bindparam("v_body")), "B"))
    else:
        for row in rows:
            stems = french.stems(row["v_title"])
            row["v_title"] = f"{stems} {stems} {french.stems(row.pop('v_body'))}"
        vector = sa.bindparam("v_title", type_=sa.Text())
    # An upsert: a document left behind by a database cascade (its object deleted below the
    # ORM, its id used again on SQLite) is replaced instead of failing the operation.
    dialect_insert = postgresql.insert if postgres else sqlite.insert
    statement = dialect_insert(SearchDocument.__table__).values(vector=vector)
    replaced = ("territory_id", "public", "title", "body", "url", "vector", "updated_at")
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "object_id"],
        set_={name: getattr(statement.excluded, name) for name in replaced})
    db.session.execute(statement, rows)


def drop(kind, object_id):
    table = SearchDocument.__table__
    db.session.execute(sa.delete(table).where(table.c.kind == kind,
                                             table.c.object_id == object_id))


def drop_many(kind, object_ids):
    table = SearchDocument.__table__
    ids = list(object_ids)
    for start in range(0, len(ids), 500):
        db.session.execute(sa.delete(table).where(
            table.c.kind == kind, table.c.object_id.in_(ids[start:start + 500])))


def clear(kind=None):
    table = SearchDocument.__table__
    statement = sa.delete(table)
    if kind is not None:
        statement = statement.where(table.c.kind == kind)
    db.session.execute(statement)


def count(kind=None):
    statement = sa.select(sa.func.count()).select_from(SearchDocument)
    if kind is not None:
        statement = statement.where(SearchDocument.kind == kind)
    return db.session.execute(statement).scalar_one()
