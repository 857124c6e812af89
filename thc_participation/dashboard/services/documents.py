"""Published documents (letters, minutes, reports, the evaluation group's reports, schemas)
and the commitment video. Who publishes which kind: ``permissions.PUBLISHER``."""

from datetime import date

from flask_babel import gettext as _

from ... import audit, uploads
from ...access import require_in
from ...errors import Invalid
from ...extensions import db
from ...text import clean_text
from ...timeutil import utcnow
from ...transaction import after_commit
from .. import permissions
from ..models import Document, DocumentKind
from .common import http_url, remove_file, upload_path
from .queries import programme_of

PDF, IMAGES = ("pdf",), ("jpeg", "png")

# The files each kind takes, and the kinds whose text may be written in the page instead.
FILE_KINDS = {kind: PDF for kind in DocumentKind} | {
    DocumentKind.SCHEMA_BEFORE: IMAGES, DocumentKind.SCHEMA_AFTER: IMAGES,
}
TEXT_ALLOWED = {DocumentKind.MINUTES, DocumentKind.EVALUATION_REPORT,
                DocumentKind.FINAL_ASSESSMENT}


def publish_document(user, territory, kind, title, document_date, file=None, body=None,
                     reserved=False):
    """Publish a document; ``reserved``: an evaluation report the group keeps to itself until
    it publishes it (``evaluation.publish_report``)."""
    kind = DocumentKind.parse(kind, "kind", _("Choisissez un type de document."))
    permissions.require_publish(user, territory, kind)
    text_allowed = kind in TEXT_ALLOWED
    title = clean_text(title, 200, _("Le titre"), field="title")
    if not isinstance(document_date, date):
        raise Invalid(_("Indiquez la date du document."), code="date", field="document_date")
    body = (body or "").strip() or None
    has_file = file is not None and bool(getattr(file, "filename", ""))
    if not has_file and not (text_allowed and body):
        if text_allowed:
            raise Invalid(_("Joignez un fichier PDF ou rédigez le texte."), code="no_file",
                          field="file")
        raise Invalid(_("Joignez le fichier du document."), code="no_file", field="file")
    if body:
        body = clean_text(body, 50_000, _("Le texte"), field="body")
    upload = uploads.store(file, kinds=FILE_KINDS[kind], uploader=user) if has_file else None
    document = Document(
        territory_id=territory.id, kind=kind, title=title, document_date=document_date,
        body=body if text_allowed else None, upload=upload, author_id=user.id,
        published_at=None if reserved and kind == DocumentKind.EVALUATION_REPORT else utcnow(),
    )
    db.session.add(document)
    db.session.flush()
    audit.record(user, "document.publish", territory, document, kind=kind.value)
    return document


def delete_document(user, territory, document):
    """Delete a document and its file (the file once the deletion is committed)."""
    require_in(territory, document)
    permissions.require_publish(user, territory, document.kind)
    audit.record(user, "document.delete", territory, document, kind=document.kind.value)
    upload = document.upload
    db.session.delete(document)
    if upload is not None:
        db.session.delete(upload)
        after_commit(remove_file, upload_path(upload))
    db.session.flush()


def update_video(user, territory, url, video_date):
    permissions.require_manage(user, territory)
    url = http_url(url, _("Le lien de la vidéo"), "video_url")
    if url and not isinstance(video_date, date):
        raise Invalid(_("Indiquez la date de la vidéo d'engagement."), code="date",
                      field="video_date")
    programme = programme_of(territory)
    programme.video_url, programme.video_date = url, video_date if url else None
    db.session.add(programme)
    db.session.flush()
    audit.record(user, "programme.video", territory)
    return programme
