"""Account pages under /compte/."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import Invalid
from ..extensions import limiter
from . import services
from .forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    SignupForm,
)

bp = Blueprint("accounts", __name__, url_prefix="/compte")

AUTH_LIMIT = "10 per minute;60 per hour"


def _safe_next(default="territories.home"):
    target = request.args.get("next") or request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return url_for(default)


def _field_error(form, exc):
    """Show a service error next to the field it concerns (or on top of the form)."""
    field = {"email": "email", "exists": "email", "password": "password", "name": "display_name"}
    name = field.get(exc.code)
    if name and name in form:
        form[name].errors = [*form[name].errors, exc.message]
    else:
        form.form_errors.append(exc.message)


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("territories.home"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.register(
                form.email.data, form.display_name.data, form.password.data,
                contact_consent=form.contact_consent.data, locale=request.cookies.get("lang", "fr"),
            )
        except Invalid as exc:
            _field_error(form, exc)
        else:
            return render_template("accounts/check_email.html", email=user.email)
    return render_template("accounts/signup.html", form=form), 400 if form.errors else 200


@bp.route("/confirmer/<token>")
def confirm(token):
    try:
        user = services.confirm(token)
    except Invalid as exc:
        return render_template(
            "accounts/resend.html", form=ResendConfirmationForm(), error=exc.message
        ), 400
    flash(_("Merci, votre adresse e-mail est confirmée. Vous pouvez vous connecter."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("accounts.profile"))
    return redirect(url_for("accounts.login"))


@bp.route("/renvoyer-confirmation", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def resend_confirmation():
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        if user is not None and not user.is_confirmed:
            services.send_confirmation(user)
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/resend.html", form=form)


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except Invalid as exc:
            flash(exc.message, "error")
        else:
            login_user(user, remember=form.remember.data)
            flash(_("Bienvenue, %(name)s.", name=user.display_name), "success")
            return redirect(_safe_next())
    return render_template("accounts/login.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/deconnexion", methods=["POST"])
def logout():
    logout_user()
    flash(_("Vous êtes déconnecté·e."), "success")
    return redirect(url_for("territories.home"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(
            _("Si un compte existe pour cette adresse, un lien de réinitialisation vient d'y être "
              "envoyé. Il est valable deux heures."),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/reinitialiser/<token>", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def reset_password(token):
    try:
        services.user_for_reset_token(token)
    except Invalid as exc:
        flash(exc.message, "error")
        return render_template("accounts/forgot.html", form=ForgotPasswordForm()), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except Invalid as exc:
            _field_error(form, exc)
        else:
            flash(_("Votre mot de passe est changé. Vous pouvez vous connecter."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


def _tristate(value):
    return {"oui": True, "non": False}.get(value)


def _profile_form(user, submitted=True):
    """The profile form, filled from the account unless it was just submitted."""
    form = ProfileForm() if submitted else ProfileForm(formdata=None)
    if not (submitted and form.is_submitted()):
        yes_no = {True: "oui", False: "non"}
        form.display_name.data = user.display_name
        form.contact_consent.data = user.contact_consent
        form.profile_consent.data = user.profile_consent_at is not None
        form.age_band.data = user.age_band.value if user.age_band else ""
        form.gender.data = user.gender.value if user.gender else ""
        form.neighbourhood.data = user.neighbourhood or ""
        form.is_isolated.data = yes_no.get(user.is_isolated, "")
        form.is_single_parent.data = yes_no.get(user.is_single_parent, "")
    return form


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile():
    form = _profile_form(current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user,
                profile_consent=form.profile_consent.data,
                display_name=form.display_name.data,
                contact_consent=form.contact_consent.data,
                age_band=form.age_band.data or None,
                gender=form.gender.data or None,
                neighbourhood=(form.neighbourhood.data or "").strip() or None,
                is_isolated=_tristate(form.is_isolated.data),
                is_single_parent=_tristate(form.is_single_parent.data),
            )
        except Invalid as exc:
            _field_error(form, exc)
        else:
            flash(_("Votre profil est enregistré."), "success")
            return redirect(url_for("accounts.profile"))
    status = 400 if form.errors else 200
    return render_template(
        "accounts/profile.html", form=form, password_form=ChangePasswordForm(prefix="pw")
    ), status


@bp.route("/mot-de-passe", methods=["POST"])
@login_required
@limiter.limit(AUTH_LIMIT)
def change_password():
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except Invalid as exc:
            form.current.errors = [exc.message]
        else:
            flash(_("Votre mot de passe est changé."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html", form=_profile_form(current_user, submitted=False), password_form=form
    ), 400


@bp.route("/langue/<code>")
def set_language(code):
    response = redirect(_safe_next())
    if code in ("fr", "en"):
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
