"""Uploads: PDF, JPEG and PNG only, recognised by their content, stored under safe names."""

import secrets
from pathlib import Path

from flask import current_app, send_file
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from .errors import Invalid
from .extensions import db
from .models import Upload

MIMETYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def sniff(head):
    """The kind of a file from its first bytes, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


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
    kind = sniff(data[:16])
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
