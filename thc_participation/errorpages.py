"""French error pages, or JSON errors for API and export clients."""

from urllib.parse import urlsplit

from flask import flash, g, jsonify, make_response, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from .errors import ServiceError
from .extensions import db

MESSAGES = {
    400: ("bad_request", _l("La requête est incomplète ou mal formée.")),
    403: ("forbidden", _l("Vous n'avez pas accès à cette page.")),
    404: ("not_found", _l("Cette page n'existe pas ou a été déplacée.")),
    405: ("method_not_allowed", _l("Cette action n'est pas possible ici.")),
    413: ("too_large", _l("Le fichier ou le formulaire envoyé est trop volumineux.")),
    429: ("rate_limited", _l("Trop de demandes en peu de temps : réessayez dans quelques minutes.")),
    500: ("server_error", _l("Une erreur inattendue s'est produite. L'équipe a été prévenue.")),
    503: ("unavailable", _l("Le service est momentanément indisponible : réessayez dans un instant.")),
}
# Any other status: werkzeug's description is English, so a French message of its class.
OTHER_CLIENT_ERROR = ("error", _l("Cette demande ne peut pas aboutir."))
OTHER_SERVER_ERROR = MESSAGES[500]


def wants_json():
    if request.path.endswith(".json") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status, code, message, **extra):
    if wants_json():
        return jsonify(error=code, message=message, **extra), status
    return render_template("errors/error.html", status=status, message=message), status


def back_to_form():
    """The page of this site a browser's refused POST came from (its form), or None."""
    if request.method != "POST" or not request.referrer:
        return None
    came_from, here = urlsplit(request.referrer), urlsplit(request.host_url)
    if (came_from.scheme, came_from.netloc) != (here.scheme, here.netloc):
        return None
    target = came_from.path + (f"?{came_from.query}" if came_from.query else "")
    return None if target == request.full_path.rstrip("?") else target


def service_error_response(exc):
    """The answer to a ``ServiceError`` no form took: its JSON body (``{"error", "message",
    "field"}``); for a browser's action button, back to the page of its form with the reason
    (no dead end); otherwise the French error page."""
    if wants_json():
        return jsonify(exc.as_dict()), exc.status
    back = back_to_form()
    if back is not None:
        flash(exc.message, "error")
        return redirect(back, 303)
    return error_response(exc.status, exc.code, exc.message)


def register(app):
    @app.errorhandler(ServiceError)
    def _service_error(exc):
        db.session.rollback()
        return service_error_response(exc)

    @app.errorhandler(CSRFError)
    def _csrf_error(_exc):
        return error_response(
            400,
            "csrf",
            _("Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez."),
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc):
        other = OTHER_SERVER_ERROR if exc.code >= 500 else OTHER_CLIENT_ERROR
        code, message = MESSAGES.get(exc.code, other)
        message = str(message)
        if exc.code == 413:
            limit = app.config.get("MAX_UPLOAD_BYTES") or app.config.get("MAX_CONTENT_LENGTH")
            message += " " + _("La limite est de %(mb)s Mo.", mb=(limit or 0) // (1024 * 1024))
        response = make_response(error_response(exc.code, code, message))
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(PoolTimeout)
    @app.errorhandler(OperationalError)
    def _database_unavailable(exc):
        """The database is restarting, or every connection of this process is busy (a peak):
        a temporary state, said as such, that clients may retry."""
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001, S110 - the connection may already be gone
            pass
        app.logger.warning("Database unavailable on %s %s: %s", request.method, request.path,
                           str(exc).splitlines()[0])
        # The page must not need the database: render it for an anonymous visitor (loading
        # the signed-in user would fail again, and end as a 500).
        g._login_user = app.login_manager.anonymous_user()
        code, message = MESSAGES[503]
        response = make_response(error_response(503, code, str(message)))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc):
        db.session.rollback()
        app.logger.exception("Unexpected error on %s %s", request.method, request.path)
        code, message = MESSAGES[500]
        return error_response(500, code, str(message))
