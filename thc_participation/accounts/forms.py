"""Account forms; the messages are French msgids."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from ..models import AgeBand, Gender
from .erasure import EraseMode
from .passwords import HINT, MIN_LENGTH

REQUIRED = _l("Ce champ est obligatoire.")


def _password(label):
    return PasswordField(
        label,
        validators=[
            DataRequired(REQUIRED),
            Length(min=MIN_LENGTH, max=200,
                   message=_l("Le mot de passe doit compter au moins 12 caractères.")),
        ],
        description=HINT,
    )


class SignupForm(FlaskForm):
    display_name = StringField(
        _l("Nom affiché"),
        validators=[DataRequired(REQUIRED), Length(max=80)],
        description=_l("Visible à côté de vos contributions (un prénom suffit)."),
    )
    email = EmailField(
        _l("Adresse e-mail"),
        validators=[DataRequired(REQUIRED), Email(_l("Cette adresse e-mail n'est pas valide."))],
    )
    password = _password(_l("Mot de passe"))
    confirm = PasswordField(
        _l("Confirmez le mot de passe"),
        validators=[DataRequired(REQUIRED),
                    EqualTo("password", _l("Les deux mots de passe sont différents."))],
    )
    contact_consent = BooleanField(
        _l("J'accepte de recevoir les nouvelles du programme (plan d'action, événements).")
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(REQUIRED)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(REQUIRED)])
    remember = BooleanField(_l("Rester connecté sur cet appareil"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Adresse e-mail"),
        validators=[DataRequired(REQUIRED), Email(_l("Cette adresse e-mail n'est pas valide."))],
    )


class ResetPasswordForm(FlaskForm):
    password = _password(_l("Nouveau mot de passe"))
    confirm = PasswordField(
        _l("Confirmez le mot de passe"),
        validators=[DataRequired(REQUIRED),
                    EqualTo("password", _l("Les deux mots de passe sont différents."))],
    )


class ResendConfirmationForm(FlaskForm):
    email = EmailField(
        _l("Adresse e-mail"),
        validators=[DataRequired(REQUIRED), Email(_l("Cette adresse e-mail n'est pas valide."))],
    )


_YES_NO = [("", _l("Je préfère ne pas répondre")), ("oui", _l("Oui")), ("non", _l("Non"))]


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Nom affiché"), validators=[DataRequired(REQUIRED), Length(max=80)]
    )
    contact_consent = BooleanField(
        _l("J'accepte de recevoir les nouvelles du programme (plan d'action, événements).")
    )
    profile_consent = BooleanField(
        _l("J'accepte que ces informations soient utilisées, de façon anonyme et agrégée, pour "
           "mesurer qui participe (sociologie de la participation).")
    )
    age_band = SelectField(
        _l("Tranche d'âge"),
        choices=[("", _l("Je préfère ne pas répondre"))] + AgeBand.choices(),
        validators=[Optional()],
    )
    gender = SelectField(
        _l("Genre"),
        choices=[("", _l("Je préfère ne pas répondre"))] + Gender.choices(),
        validators=[Optional()],
    )
    neighbourhood = StringField(_l("Quartier"), validators=[Optional(), Length(max=80)])
    is_isolated = RadioField(_l("Vivez-vous seul·e ou isolé·e ?"), choices=_YES_NO, default="")
    is_single_parent = RadioField(_l("Êtes-vous parent isolé ?"), choices=_YES_NO, default="")


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(REQUIRED)])
    password = _password(_l("Nouveau mot de passe"))


class LogOutEverywhereForm(FlaskForm):
    """The network admin ends every session of an account (a lost phone, a departure)."""

    email = EmailField(
        _l("Adresse e-mail du compte"),
        validators=[DataRequired(REQUIRED), Email(_l("Cette adresse e-mail n'est pas valide."))],
        description=_l("Toutes les sessions de ce compte se ferment, y compris « Rester "
                       "connecté » ; la personne devra se reconnecter."),
    )


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
