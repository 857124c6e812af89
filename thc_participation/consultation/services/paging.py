"""Keyset pages: a page that follows (``apres``) or precedes (``avant``) a known row is read
from the index right after that row, so page 5,000 costs what page 1 costs and does not shift
when contributions arrive meanwhile. A page asked for by its number only (a bookmark) is read
with OFFSET, as before.

A cursor is the sort key of a row, e.g. ``12_1733059200000000_4711`` (score, creation time in
microseconds, id): plain digits, checked before use; a malformed one is ignored."""

import re
from datetime import datetime, timedelta

from sqlalchemy import DateTime, tuple_

_EPOCH = datetime(1970, 1, 1)
_PART = re.compile(r"-?\d{1,20}")


class Keyset:
    """An order of a list (columns ending with the id, all in one direction)."""

    def __init__(self, *columns, descending=True):
        self.columns = columns
        self.descending = descending

    def order_by(self, backwards=False):
        descending = self.descending != backwards
        return [c.desc() if descending else c.asc() for c in self.columns]

    def key(self, row):
        return tuple(getattr(row, c.key) for c in self.columns)

    def cursor(self, row):
        """The cursor of ``row`` (an entity, or a row of the key columns)."""
        parts = []
        for value in self.key(row):
            if isinstance(value, datetime):
                value = (value.replace(tzinfo=None) - _EPOCH) // timedelta(microseconds=1)
            parts.append(str(int(value)))
        return "_".join(parts)

    def parse(self, text):
        """The key values of a cursor, or None when it is not one of this order's."""
        parts = (text or "").split("_")
        if len(parts) != len(self.columns) or not all(_PART.fullmatch(p) for p in parts):
            return None
        values = []
        for column, part in zip(self.columns, parts, strict=True):
            number = int(part)
            if isinstance(column.type, DateTime):
                try:
                    number = _EPOCH + timedelta(microseconds=number)
                except OverflowError:
                    return None
            elif abs(number) > 2**31:
                return None
            values.append(number)
        return tuple(values)

    def rows(self, fetch, query, per_page, page, after=None, before=None):
        """The rows of one page of ``query`` (run by ``fetch``, e.g. ``db.session.scalars``):
        after or before a cursor, else by page number."""
        position = None
        backwards = False
        if before and page > 1:
            position, backwards = self.parse(before), True
        elif after:
            position = self.parse(after)
        if position is None:
            return list(fetch(query.order_by(*self.order_by()).limit(per_page)
                              .offset((page - 1) * per_page)))
        row = tuple_(*self.columns)
        ahead = self.descending != backwards
        query = query.where(row < tuple_(*position) if ahead else row > tuple_(*position))
        rows = list(fetch(query.order_by(*self.order_by(backwards)).limit(per_page)))
        return rows[::-1] if backwards else rows


def links(keyset, rows, page, pages):
    """The cursors of the next and previous pages ({} when there is none); the first page is
    always linked by its number, so that it shows the newest contributions."""
    found = {}
    if rows and page < pages:
        found["after"] = keyset.cursor(rows[-1])
    if rows and page > 2:
        found["before"] = keyset.cursor(rows[0])
    return found

