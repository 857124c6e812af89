"""Forms of the data-rights pages (download, deletion)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField
from wtforms.validators import DataRequired, InputRequired

from .erasure import EraseMode
from .forms import REQUIRED


class DeleteAccountForm(FlaskForm):
    mode = RadioField(
        _l("Que deviennent vos contributions ?"),
        choices=EraseMode.choices(),
        validators=[InputRequired(_l("Choisissez ce que deviennent vos contributions."))],
    )
    password = PasswordField(
        _l("Votre mot de passe"), validators=[DataRequired(REQUIRED)],
        description=_l("Pour confirmer que c'est bien vous."),
    )
