"""One way to confirm an irreversible or collective action (unregistering, cancelling,
hiding, deleting, closing, a draw's steps).

An ``Ask`` is defined once (``confirm.define(key, ...)`` in the module's ``views/asks.py``)
and named by its key in the view and the template. A form that needs it carries
``{{ confirm_attrs(key) }}`` (or the attributes on one of its
buttons): with JavaScript, ``static/confirm.js`` opens the page's one ``<dialog>`` and sends the
form with ``confirmed=1``; without JavaScript the view answers ``confirm.page(...)``: a page
saying what will happen, the submitted values kept as hidden fields and the same button; a
script (JSON) gets ``428 {"error": "confirmation_required", "message", "field": "confirmed"}``
and confirms by sending ``confirmed=1``. The view::

    if not confirm.confirmed():
        return confirm.page(CANCEL_EVENT, back=url, territory=territory, subject=event.title)
"""

from typing import NamedTuple

from flask import jsonify, render_template, request
from markupsafe import Markup, escape

from .errorpages import wants_json

NOT_CARRIED = {"csrf_token", "confirmed"}


class Ask(NamedTuple):
    """What a confirmation says: its question, what can no longer be undone, its button."""
    title: str
    consequence: str
    button: str


ASKS = {}


def define(key, title, consequence, button):
    """Register the confirmation ``key`` (views and templates name it the same way)."""
    ASKS[key] = Ask(title, consequence, button)
    return ASKS[key]


def _ask(ask):
    return ASKS[ask] if isinstance(ask, str) else ask


def confirmed():
    """True when the person confirmed (in the dialog, or on the confirmation page)."""
    return request.form.get("confirmed") == "1"


def attrs(ask):
    """The attributes that make ``static/confirm.js`` ask ``ask`` before sending the form."""
    title, consequence, button = (escape(str(part)) for part in _ask(ask))
    return Markup(f'data-confirm-title="{title}" data-confirm-text="{consequence}" '
                  f'data-confirm-button="{button}"')


def page(ask, back, *, subject=None, details=(), fields=None, territory=None, shown=None):
    """The confirmation page (or the 428 answer of a script). ``fields`` are the values carried
    on (by default every submitted value); ``details`` lines say exactly what will change."""
    ask = _ask(ask)
    if wants_json():
        return jsonify(error="confirmation_required",
                       message=f"{ask.title} {ask.consequence}", field="confirmed"), 428
    if fields is None:
        fields = [(name, value) for name, value in request.form.items(multi=True)
                  if name not in NOT_CARRIED]
    elif isinstance(fields, dict):
        fields = list(fields.items())
    return render_template("confirm.html", ask=ask, back=back, subject=subject,
                           details=list(details), fields=fields, territory=territory,
                           shown=shown, action=request.path)


def ask_first(ask, back, **page_args):
    """None when the person confirmed; otherwise the confirmation page (or the 428 answer)::

        if (asked := confirm.ask_first("consultation.delete_comment", back)):
            return asked
    """
    return None if confirmed() else page(ask, back, **page_args)
