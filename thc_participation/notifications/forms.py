"""The e-mail choice form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from .models import EmailMode


class EmailModeForm(FlaskForm):
    email_mode = RadioField(_l("Recevoir mes notifications par e-mail"),
                            choices=EmailMode.choices(), default=EmailMode.IMMEDIATE.value)
