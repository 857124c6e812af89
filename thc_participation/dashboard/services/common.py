"""Helpers shared by the dashboard's services: checked text fields (each error names its form
field), Paris dates, and work that must wait for the operation's commit."""

from pathlib import Path
from urllib.parse import urlparse

from flask import current_app
from flask_babel import gettext as _

from ... import audit
from ...access import require_in
from ...errors import Invalid
from ...extensions import db
from ...text import clean_text
from ...timeutil import to_paris, utcnow
from .. import permissions


def optional_text(value, max_len, label, field):
    value = (value or "").strip()
    return clean_text(value, max_len, label, field=field) if value else None


def http_url(value, label, field):
    value = (value or "").strip()
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 300:
        raise Invalid(_("%(field)s doit être une adresse web commençant par https://.",
                        field=label), code="url", field=field)
    return value


def remove(user, territory, obj, action, **details):
    """An agent deletes ``obj`` of ``territory`` (refused, as not found, if it belongs to
    another territory), recorded in the audit log as ``action``."""
    require_in(territory, obj)
    permissions.require_manage(user, territory)
    audit.record(user, action, territory, obj, **details)
    db.session.delete(obj)
    db.session.flush()


def paris_date(dt):
    return to_paris(dt).date() if dt else None


def today_paris():
    return paris_date(utcnow())


def upload_path(upload):
    return Path(current_app.config["UPLOAD_DIR"]) / upload.stored_name


def remove_file(path):
    path.unlink(missing_ok=True)
