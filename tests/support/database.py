"""Looking for planted personal data in every table of the database."""

import json

from sqlalchemy import JSON, LargeBinary, String, Text, select

from thc_participation.extensions import db


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace") + bytes(value).decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def where_found(*needles):
    """{needle: {"table.column", ...}} for every text, JSON or binary column of every table
    holding one of ``needles`` (case-insensitive), read back from the database itself."""
    found = {needle: set() for needle in needles}
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns
                   if isinstance(c.type, String | Text | JSON | LargeBinary)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for column, value in zip(columns, row, strict=True):
                text = _as_text(value).casefold()
                for needle in needles:
                    if needle.casefold() in text:
                        found[needle].add(f"{table.name}.{column.name}")
    return found
