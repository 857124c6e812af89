"""CSV as French Excel writes and reads it: ';' separators, UTF-8 with BOM or cp1252."""

import csv
import io
from datetime import date, datetime

from flask import Response
from flask_babel import gettext as _

from .errors import Invalid


def write_csv(rows, header):
    """Rows to bytes that French Excel opens correctly (';', UTF-8 BOM, CRLF)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _format(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _format(value):
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    return value


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


def read_csv(data):
    """Uploaded CSV bytes to (header, rows); rows are lists of stripped strings.

    The separator is ';' (French Excel) unless the header line only has ','.
    """
    if b"\x00" in data[:4096]:
        raise Invalid(_("Ce fichier n'est pas un fichier CSV (contenu binaire)."), code="not_csv")
    text = decode(data)
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
