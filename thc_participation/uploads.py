"""Uploads: PDF, JPEG and PNG by default; office documents (OpenDocument, Office Open XML)
and CSV where a caller accepts them (the programme's resources). Every kind is recognised by
its content, never by its name, and stored under a safe name."""

import io
import secrets
import zipfile
from pathlib import Path

from flask import current_app, send_file
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from .errors import Invalid
from .extensions import db
from .models import Upload

MIMETYPES = {
    "pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "odt": "odt", "ods": "ods",
              "odp": "odp", "docx": "docx", "xlsx": "xlsx", "csv": "csv"}
# Office documents are ZIP archives: the OpenDocument ``mimetype`` entry, or the Office Open
# XML part that names the document's kind.
ODF_MIMETYPES = {MIMETYPES[kind].encode(): kind for kind in ("odt", "ods", "odp")}
OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
DOCUMENTS = ("pdf", "odt", "ods", "odp", "docx", "xlsx", "csv")


def sniff(head):
    """The kind of a file from its first bytes, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def _office_kind(data):
    """The kind of an office document (a ZIP archive), or None: only the archive's directory
    and its small ``mimetype`` entry are read, never the compressed content."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
            return ODF_MIMETYPES.get(archive.read("mimetype").strip())
        if "[Content_Types].xml" in names:
            return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    return None


def _is_csv(data):
    """UTF-8 text without NUL or other control characters, in lines of ``;`` or ``,``."""
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return False
    first = text.split("\n", 1)[0]
    return ";" in first or "," in first


def sniff_content(data, kinds):
    """The kind of a whole file among ``kinds``, or None."""
    kind = sniff(data[:16])
    if kind is None and data.startswith(b"PK\x03\x04") and set(kinds) & {
            "odt", "ods", "odp", "docx", "xlsx"}:
        kind = _office_kind(data)
    if kind is None and "csv" in kinds and _is_csv(data):
        kind = "csv"
    return kind


def store(file_storage, kinds=("pdf", "jpeg", "png"), uploader=None, field="file"):
    """Check and save an uploaded file; return the (uncommitted) Upload row.

    A refusal is ``Invalid`` on ``field``, the form field the file came from."""
    if file_storage is None or not file_storage.filename:
        raise Invalid(_("Aucun fichier n'a été envoyé."), code="no_file", field=field)
    data = file_storage.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    if len(data) > current_app.config["MAX_UPLOAD_BYTES"]:
        raise Invalid(
            _(
                "Le fichier dépasse la taille maximale de %(mb)d Mo.",
                mb=current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024),
            ),
            code="too_large",
            field=field,
        )
    kind = sniff_content(data, kinds)
    if kind not in kinds:
        allowed = ", ".join(k.upper() for k in kinds)
        raise Invalid(
            _("Ce fichier n'est pas un %(kinds)s valide (contenu vérifié).", kinds=allowed),
            code="bad_type",
            field=field,
        )
    stored = f"{secrets.token_hex(16)}.{EXTENSIONS[kind]}"
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    upload = Upload(
        stored_name=stored,
        original_name=secure_filename(file_storage.filename)[:255] or stored,
        kind=kind,
        size=len(data),
        uploader_id=getattr(uploader, "id", None),
    )
    db.session.add(upload)
    return upload


def send_upload(upload, as_attachment=False):
    """Serve a stored upload with its real type, no sniffing, and a safe name."""
    path = Path(current_app.config["UPLOAD_DIR"]) / upload.stored_name
    response = send_file(
        path,
        mimetype=MIMETYPES[upload.kind],
        as_attachment=as_attachment,
        download_name=upload.original_name,
        conditional=True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
