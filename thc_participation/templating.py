"""Jinja filters and globals: French dates, navigation, forms; versioned static URLs."""

import hashlib
import os
from functools import lru_cache

from flask import request
from flask_babel import format_date, format_datetime, format_time, get_locale, ngettext
from flask_login import current_user

from . import confirm, navigation
from .access import can, is_network_member
from .labels import label_filter
from .text import render_markdown


def register(app):
    app.jinja_env.filters["datetime_fr"] = lambda dt, fmt="d MMMM y 'à' HH:mm": (
        format_datetime(dt, fmt) if dt else ""
    )
    app.jinja_env.filters["date_fr"] = lambda d, fmt="d MMMM y": format_date(d, fmt) if d else ""
    app.jinja_env.filters["time_fr"] = lambda dt, fmt="HH:mm": format_time(dt, fmt) if dt else ""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["label"] = label_filter
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["plural_forms"] = plural_forms  # macros imported without context too
    app.jinja_env.globals["confirm_attrs"] = confirm.attrs
    app.url_defaults(_static_version(app))

    @app.context_processor
    def _globals():
        return {
            "can": lambda territory, *roles: can(current_user, territory, *roles),
            "is_network_member": lambda: is_network_member(current_user),
            "territory_nav": lambda territory=None: navigation.available(
                navigation.TERRITORY_NAV, territory),
            "management_nav": lambda territory: navigation.management_parts(current_user,
                                                                            territory),
            "workshop_territories": lambda: navigation.workshop_territories(current_user),
            "brand": navigation.brand,
            "page_title": navigation.page_title,
            "current_locale": str(get_locale() or "fr"),
            "current_path": request.full_path.rstrip("?") if request else "/",
        }


def plural_forms(singular, plural):
    """A plural message for a script, in the current language: {"0": …, "1": …, "n": …}
    (French says "0 gommette", English "0 dots"); ``fmt`` in static/boards/board.js picks
    the form by ``count``. Extracted like ``ngettext`` (``-k plural_forms:1,2``)."""
    return {"0": ngettext(singular, plural, 0), "1": ngettext(singular, plural, 1),
            "n": ngettext(singular, plural, 2)}


@lru_cache(maxsize=1024)
def _file_version(path, mtime_ns):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:10]


def _static_version(app):
    """``url_for('static', filename=...)`` gets ``?v=<content hash>``: nginx lets browsers
    keep such a URL for a year (deploy/nginx.conf.j2), and a changed file gets a new URL."""

    def add_version(endpoint, values):
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        path = os.path.join(app.static_folder, values["filename"])
        try:
            values["v"] = _file_version(path, os.stat(path).st_mtime_ns)
        except OSError:  # a missing file: its URL stays as it is (and answers 404)
            pass

    return add_version
