"""The référentiel's forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Email

from ..accounts.forms import REQUIRED


class CollectiveMemberForm(FlaskForm):
    """The network admin names a member of a "collectif ami" (by their account's e-mail)."""

    email = EmailField(
        _l("Adresse e-mail du compte"),
        validators=[DataRequired(REQUIRED), Email(_l("Cette adresse e-mail n'est pas valide."))],
        description=_l("La personne doit déjà avoir un compte. Elle pourra rédiger des fiches "
                       "du référentiel et les proposer à la publication."),
    )
