"""What is searchable, and keeping the index in step with the writes.

A module registers each searchable model once (``register``), with a function that turns one
object into its document (the keyword arguments of ``index.put``) or ``None`` when it must not
be found (hidden, private, unpublished). Then every flush notes the registered objects that
were added, changed or deleted, and just before the operation commits their documents are
written or dropped in the same transaction: one operation, one commit, index included.

Writes that bypass the ORM (bulk ``UPDATE``/``DELETE``, database cascades) cannot be seen
here; ``visible_ids`` therefore checks every hit against its object before it is shown, and
``thc search reindex`` rebuilds the whole index."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, has_request_context, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import index

_PENDING = "thc_search_pending"


@dataclass(frozen=True)
class Source:
    kind: str
    model: type
    document: Callable  # obj -> dict(title, text, territory_id, url) or None
    label: object  # French (lazy) label of the kind, e.g. "Consultations"
    order: int


SOURCES: dict[str, Source] = {}
_BY_MODEL: dict[type, list[tuple[Source, Callable]]] = {}


def _itself(obj):
    return obj


def register(kind, model, document, *, label, order=100, watch=None):
    """Make ``model`` searchable as ``kind``; ``document(obj)`` gives its document or None.
    ``watch`` maps another model to the function giving the ``model`` object its change
    touches (a phase's text is part of its consultation's document)."""
    source = Source(kind, model, document, label, order)
    for watched in _BY_MODEL.values():  # registering again (a test app) replaces the source
        watched[:] = [(s, target) for s, target in watched if s.kind != kind]
    SOURCES[kind] = source
    for watched, target in {model: _itself, **(watch or {})}.items():
        _BY_MODEL.setdefault(watched, []).append((source, target))
    return source


def sources():
    return sorted(SOURCES.values(), key=lambda s: (s.order, s.kind))


def link(endpoint, **values):
    """A site path for a document, from a request, the CLI, a job or a test alike."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)


def index_object(source, obj):
    """Write (or drop) the document of one object now."""
    document = source.document(obj)
    if document is None:
        index.drop(source.kind, obj.id)
    else:
        index.put(source.kind, obj.id, **document)


def reindex(kinds=None, batch=500):
    """Rebuild the documents of ``kinds`` (all registered when None); returns {kind: count}."""
    from ..extensions import db

    done = {}
    for source in sources():
        if kinds is not None and source.kind not in kinds:
            continue
        index.clear(source.kind)
        total = 0
        for obj in db.session.query(source.model).order_by(source.model.id).yield_per(batch):
            document = source.document(obj)
            if document is not None:
                index.put(source.kind, obj.id, **document)
                total += 1
        done[source.kind] = total
    return done


def visible_ids(rows):
    """{(kind, object_id)} of the hits whose object still exists and may be found; hits of a
    kind nobody registered (put by a service directly) are trusted."""
    from ..extensions import db

    wanted = {}
    for row in rows:
        wanted.setdefault(row.kind, set()).add(row.object_id)
    visible = set()
    for kind, ids in wanted.items():
        source = SOURCES.get(kind)
        if source is None:
            visible.update((kind, object_id) for object_id in ids)
            continue
        for obj in db.session.query(source.model).filter(source.model.id.in_(ids)):
            if source.document(obj) is not None:
                visible.add((kind, obj.id))
    return visible


@event.listens_for(Session, "after_flush")
def _note_changes(session, _context):
    if not _BY_MODEL:
        return
    pending = session.info.setdefault(_PENDING, {})
    for state, objects in (("new", session.new), ("put", session.dirty),
                           ("drop", session.deleted)):
        for obj in objects:
            for source, target in _BY_MODEL.get(type(obj), ()):
                if target is _itself:
                    key = (source.kind, obj.id)
                    if obj.id is not None and not (state == "put" and key in pending):
                        pending[key] = (state, source)  # "new" stays new until the commit
                    continue
                touched = target(obj)  # a watched object: its target is written again
                if touched is not None and touched.id is not None:
                    pending.setdefault((source.kind, touched.id), ("put", source))


@event.listens_for(Session, "before_commit")
def _write_index(session):
    if not _BY_MODEL or not session.in_transaction():
        return
    session.flush()  # commit flushes after this hook: note the last changes first
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    created = []
    with session.no_autoflush:
        for (kind, object_id), (state, source) in pending.items():
            obj = session.get(source.model, object_id) if state != "drop" else None
            if obj is None:
                if state != "new":
                    index.drop(kind, object_id)
            elif state == "new":  # no document yet: inserted together below
                document = source.document(obj)
                if document is not None:
                    created.append((kind, object_id, document))
            else:
                index_object(source, obj)
        index.add_many(created)


@event.listens_for(Session, "after_soft_rollback")
def _forget_changes(session, previous_transaction):
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
