"""What every view does the same way: load a territory it may act in, handle a form, answer a
small action, read a page number.

The one form idiom::

    form = ProposalForm()
    return form_view(form, "consultation/proposal.html",
                     lambda: _created(services.create_proposal(current_user, phase, ...)),
                     territory=territory, phase=phase)

``on_valid`` runs only for a valid submission and returns the response (usually a redirect).
A ``ServiceError`` it raises lands on its field (or above the form), the input is kept and the
page answers with the error's status; a JSON client gets ``{"error", "message", "field"}``.
"""

from flask import flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .access import territory_or_404
from .errorpages import wants_json
from .errors import ServiceError
from .extensions import db

MAX_PAGE = 100_000


def territory_for(slug, require=None):
    """The territory of ``slug`` (404 otherwise), after ``require(current_user, territory)``."""
    territory = territory_or_404(slug)
    if require is not None:
        require(current_user, territory)
    return territory


def show_error(form, exc):
    """Put a service error next to its field, or above the form."""
    if exc.field and exc.field in form:
        form[exc.field].errors = [*form[exc.field].errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def form_view(form, template, on_valid, **context):
    """Render ``template`` with ``form``; on a valid submission return ``on_valid()``."""
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                return on_valid()
            except ServiceError as exc:
                db.session.rollback()
                if wants_json():
                    raise
                show_error(form, exc)
                status = exc.status
        else:
            status = 400
            if wants_json():
                return jsonify(error="invalid", message=_("Le formulaire contient des erreurs."),
                               fields=form.errors), 400
    return render_template(template, form=form, **context), status


def done(message, target, status=200, **payload):
    """Success of a small action: JSON for scripts, a flash and a redirect for a browser."""
    if wants_json():
        return jsonify(ok=True, message=message, **payload), status
    flash(message, "success")
    return redirect(target)


def page_number(name="page"):
    """The page asked for in the query string: 1 when absent or malformed, never huge."""
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(MAX_PAGE))):
        return 1
    return int(value) if 0 < int(value) <= MAX_PAGE else 1


def paginate(query, per_page, name="page"):
    """One page of ``query`` (a Flask-SQLAlchemy Pagination) for the page in the query string;
    templates show it with ``pagination(page, endpoint, **args)`` from ``_pagination.html``."""
    return db.paginate(query, page=page_number(name), per_page=per_page, error_out=False)
