"""Accounts: sign-up, confirmation, login, password reset, profile.

Services flush; the operation's boundary (the request, ``thc create-admin``) commits."""

import functools
import hashlib
import logging

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .. import audit, mail
from ..errors import Invalid
from ..extensions import db
from ..models import User
from ..offload import in_native_thread
from ..timeutil import utcnow
from ..tokens import TokenError, make_token, read_token
from ..transaction import after_commit
from ..urls import absolute_url
from . import passwords, sessions

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
CONFIRM_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 2 * 3600


class BadLink(Invalid):
    """A link from an e-mail that has expired, has served or was never ours: the page that
    answers it offers a new one."""

    code = "bad_link"


def normalise_email(email):
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise Invalid(_("Cette adresse e-mail n'est pas valide."), field="email") from exc


def check_password_strength(password, email=None):
    passwords.check(password, email)


@functools.cache
def _dummy_hash(method):
    return generate_password_hash("no account has this password", method=method)


def _check_dummy_password(password):
    """Spend the time a real check takes, so that an unknown address answers as slowly as a
    known one (login timing must not reveal who has an account)."""
    in_native_thread(check_password_hash, _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]),
                     password)


def find_by_email(email):
    return db.session.scalar(db.select(User).where(User.email == email.strip().lower()))


def register(email, display_name, password, contact_consent=False, locale="fr",
             next_path=None):
    """Create an unconfirmed account and e-mail its confirmation link; returns the account,
    or None when the address already had one.

    Whether the address already has an account is never shown: the same page answers, and
    the owner receives an e-mail instead (or a new confirmation link if never confirmed).
    If the confirmation e-mail cannot be sent, nothing is created. ``next_path`` (a local
    path, checked by the view) is carried by the confirmation link.
    """
    email = normalise_email(email)
    check_password_strength(password, email)
    display_name = (display_name or "").strip()
    if not display_name:
        raise Invalid(_("Indiquez le nom affiché."), field="display_name")
    existing = find_by_email(email)
    if existing is not None:
        _check_dummy_password(password)  # as long as hashing a new password
        _tell_owner_of_signup(existing, next_path)
        return None
    user = User(
        email=email, display_name=display_name, contact_consent=contact_consent, locale=locale
    )
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same address signed up a moment ago
        raise Invalid(_("L'inscription n'a pas pu aboutir. Réessayez dans un instant."),
                      code="retry") from exc
    audit.record(user, "account.register", target=user)
    try:
        send_confirmation(user, next_path)
    except mail.MailError as exc:  # the boundary rolls the new account back
        raise Invalid(
            _("L'e-mail de confirmation n'a pas pu être envoyé. Réessayez dans un instant."),
            code="mail",
        ) from exc
    return user


def _tell_owner_of_signup(user, next_path=None):
    """Someone signed up with an address that has an account: its owner is told (or, if never
    confirmed, receives a new confirmation link). Written now, sent after the commit."""
    if user.is_confirmed:
        subject = _("Tentative d'inscription avec votre adresse")
        text = render_template("accounts/mail_signup_attempt.txt", user=user,
                               login=absolute_url("accounts.login", next=next_path),
                               forgot=absolute_url("accounts.forgot_password"))
    else:
        subject, text = _confirmation_mail(user, next_path)
    after_commit(_deliver_quietly, user.email, subject, text)


def _deliver_quietly(to, subject, text):
    try:
        mail.send(to, subject, text)
    except (mail.MailError, OSError):
        log.warning("sign-up notice not sent")


def _confirmation_mail(user, next_path=None):
    token = make_token("confirm", {"id": user.id, "email": user.email})
    link = absolute_url("accounts.confirm", token=token, next=next_path)
    return (_("Confirmez votre adresse e-mail"),
            render_template("accounts/mail_confirm.txt", user=user, link=link))


def send_confirmation(user, next_path=None):
    mail.send(user.email, *_confirmation_mail(user, next_path))


def confirm(token):
    try:
        data = read_token("confirm", token, CONFIRM_MAX_AGE)
    except TokenError as exc:
        raise BadLink(
            _("Ce lien de confirmation a expiré : demandez-en un nouveau.")
            if exc.expired
            else _("Ce lien de confirmation n'est pas valide.")
        ) from exc
    user = db.session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        raise BadLink(_("Ce lien de confirmation n'est pas valide."))
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()
        audit.record(user, "account.confirm", target=user)
        db.session.flush()
    return user


def authenticate(email, password):
    """The account for these credentials; the same message whatever was wrong."""
    user = find_by_email(email or "")
    if user is None:
        _check_dummy_password(password or "")
    if user is None or not user.check_password(password or "") or not user.is_active:
        raise Invalid(_("Adresse e-mail ou mot de passe incorrect."), code="credentials")
    if not user.is_confirmed:
        raise Invalid(
            _("Confirmez d'abord votre adresse e-mail avec le lien reçu (pensez aux indésirables)."),
            code="unconfirmed",
        )
    return user


def _password_fingerprint(user):
    # Changes when the password changes, so a reset link works only once.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email):
    """E-mail a reset link if the account exists; say nothing either way."""
    try:
        user = find_by_email(normalise_email(email))
    except Invalid:
        return
    if user is None or not user.is_active:
        return
    token = make_token("reset", {"id": user.id, "fp": _password_fingerprint(user)})
    mail.send(
        user.email,
        _("Réinitialisation de votre mot de passe"),
        render_template(
            "accounts/mail_reset.txt",
            user=user,
            link=absolute_url("accounts.reset_password", token=token),
        ),
    )


def user_for_reset_token(token):
    try:
        data = read_token("reset", token, RESET_MAX_AGE)
    except TokenError as exc:
        raise BadLink(
            _("Ce lien a expiré : demandez-en un nouveau.")
            if exc.expired
            else _("Ce lien n'est pas valide.")
        ) from exc
    user = db.session.get(User, data.get("id"))
    if user is None or data.get("fp") != _password_fingerprint(user):
        raise BadLink(_("Ce lien a déjà servi ou n'est pas valide."))
    return user


def reset_password(token, password):
    user = user_for_reset_token(token)
    check_password_strength(password, user.email)
    user.set_password(password)
    sessions.revoke_all(user)
    if user.confirmed_at is None:  # the link proves the address
        user.confirmed_at = utcnow()
    audit.record(user, "account.password_reset", target=user)
    db.session.flush()
    return user


PROFILE_FIELDS = (
    "display_name", "contact_consent", "age_band", "gender", "neighbourhood",
    "is_isolated", "is_single_parent",
)
DECLARED_FIELDS = ("age_band", "gender", "neighbourhood", "is_isolated", "is_single_parent")


def update_profile(user, profile_consent, **values):
    """Save the profile; the sociological fields are kept only with consent."""
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise Invalid(_("Champ inconnu."))
    name = (values.get("display_name") or "").strip()
    if not name:
        raise Invalid(_("Indiquez le nom affiché."), field="display_name")
    for field, value in values.items():
        setattr(user, field, value)
    user.display_name = name
    if profile_consent:
        user.profile_consent_at = user.profile_consent_at or utcnow()
    else:
        user.profile_consent_at = None
        for field in DECLARED_FIELDS:
            setattr(user, field, None)
    audit.record(user, "account.profile", target=user)
    db.session.flush()
    return user


def change_password(user, current, new):
    if not user.check_password(current or ""):
        raise Invalid(_("Le mot de passe actuel est incorrect."), field="current")
    check_password_strength(new, user.email)
    user.set_password(new)
    sessions.revoke_all(user)
    audit.record(user, "account.password_change", target=user)
    db.session.flush()


def create_admin(email, display_name, password):
    email = normalise_email(email)
    check_password_strength(password, email)
    user = find_by_email(email)
    if user is None:
        user = User(email=email, display_name=display_name.strip() or email)
        db.session.add(user)
    else:  # a new password: the account's open sessions end
        sessions.revoke_all(user)
    user.set_password(password)
    user.is_admin = True
    user.confirmed_at = user.confirmed_at or utcnow()
    db.session.flush()
    audit.record(None, "account.make_admin", target=user)
    return user
