"""Jinja filters and globals: French dates, navigation, forms."""

from flask import request
from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_login import current_user

from . import navigation
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
            "current_locale": str(get_locale() or "fr"),
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
