"""CSV as French Excel writes and reads it: ';' separators, UTF-8 with BOM or cp1252.

Every CSV the platform writes goes through ``write_csv``, which makes it formula-safe: a text
cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (OWASP's list, plus the
full-width forms some Excel locales also read as formulas) is prefixed with ``'`` so that a
spreadsheet shows it as text instead of running it. Numbers, dates and booleans that we
format ourselves (Python ``int``, ``float``, ``Decimal``, ``date``, ``bool``) are never
prefixed: they are values we produced, so a negative number stays a number in the
spreadsheet. Any ``str`` is treated as someone's input, even when it looks like a number
(``"-5"`` is written ``'-5``). ``neutralise`` applies the same rule to other exports whose
values end up in spreadsheets (the actors' GeoJSON).
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from flask import Response
from flask_babel import gettext as _

from .errors import Invalid

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """A text value made inert in a spreadsheet: ``'`` before a formula prefix (OWASP's rule).

    Anything that is not a ``str`` is returned unchanged (numbers we produced stay numbers).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(rows, header):
    """Rows to formula-safe bytes that French Excel opens correctly (';', UTF-8 BOM, CRLF)."""
    return b"".join(stream_csv(rows, header))


def stream_csv(rows, header, chunk_rows=500):
    """The bytes of ``write_csv`` in chunks of ``chunk_rows`` rows, for a streamed response:
    memory does not grow with the number of rows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow([_cell(v) for v in header])
    for index, row in enumerate(rows, 1):
        writer.writerow([_cell(v) for v in row])
        if index % chunk_rows == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _cell(value):
    """One cell as text: our own numbers, dates and booleans formatted the French way, any
    other value as a string neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float | Decimal):
        return f"{value}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def csv_response(data, filename):
    return Response(
        data,
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def decode(data):
    """Bytes of an uploaded CSV to text: UTF-8 (with or without BOM), else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise Invalid(
                _("Le fichier n'est ni en UTF-8 ni en Windows-1252 (octet %(pos)d).", pos=exc.start),
                code="encoding",
            ) from exc


def refuse_binary(data):
    """``data`` unchanged, unless it holds a NUL byte anywhere: UTF-16 or binary content, and
    never text (PostgreSQL refuses NUL in text columns)."""
    if b"\x00" in data:
        raise Invalid(_("Ce fichier n'est pas un fichier CSV (contenu binaire)."), code="not_csv")
    return data


def read_csv(data):
    """Uploaded CSV bytes to (header, rows); rows are lists of stripped strings.

    The separator is ';' (French Excel) unless the header line only has ','.
    """
    text = decode(refuse_binary(data))
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise Invalid(_("Le fichier CSV est vide."), code="empty")
    first = lines[0]
    delimiter = ";" if ";" in first or "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise Invalid(_("Le fichier CSV est mal formé : %(err)s", err=str(exc)), code="bad_csv") from exc
    header, body = rows[0], [r for r in rows[1:] if any(r)]
    return header, body


def parse_date_fr(value):
    """'dd/mm/yyyy' (as French Excel writes dates) to a date; raise Invalid otherwise."""
    try:
        return datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except (ValueError, AttributeError) as exc:
        raise Invalid(
            _("« %(value)s » n'est pas une date au format jj/mm/aaaa.", value=value), code="date"
        ) from exc
