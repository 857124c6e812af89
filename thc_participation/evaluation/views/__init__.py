"""Random draws: public pages (/t/<slug>/tirages/...) and management (/t/<slug>/gestion/tirages/...).

``public`` (the list, a draw's page, sign-up), ``pools`` (pools and CSV imports) and ``draws``
(settings and the steps). Views load what the URL names (scoped to the territory, ``common``),
check access through ``permissions``, call one service or start one job and render; a refused
operation is shown by ``web.form_view`` next to its field or above the form. Endpoint names
are the function names (``url_for("evaluation.manage_draw", ...)``).
"""

from . import draws, pools, public  # noqa: F401 - registers the routes
from .common import bp

__all__ = ["bp"]
