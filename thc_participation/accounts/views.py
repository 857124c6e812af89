"""Account pages under /compte/."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..errorpages import service_error_response, wants_json
from ..extensions import limiter
from ..urls import local_path
from ..web import done, form_view
from . import consents, data_rights, erasure, services, sessions
from .forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    SignupForm,
)

bp = Blueprint("accounts", __name__, url_prefix="/compte")

AUTH_LIMIT = "10 per minute;60 per hour"
# Per account (the submitted address), whatever the client address: guesses spread over
# many addresses still count against the account.
ACCOUNT_LIMIT = "10 per minute;30 per hour"


def _submitted_email():
    """The rate-limit key of the account a form names."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def _limited_per_account(view):
    return limiter.limit(ACCOUNT_LIMIT, key_func=_submitted_email, methods=["POST"])(view)


def _next_path():
    """The local page the person was on (``next``), or None (see ``urls.local_path``)."""
    return local_path(request.args.get("next") or request.form.get("next") or "")


def _safe_next(default="territories.home"):
    return _next_path() or url_for(default)


@bp.errorhandler(services.BadLink)
def _bad_link(exc):
    """A confirmation or reset link that no longer works: the page that sends a new one."""
    if wants_json():
        return service_error_response(exc)
    if request.endpoint == "accounts.confirm":
        form, template = ResendConfirmationForm(formdata=None), "accounts/resend.html"
    else:
        form, template = ForgotPasswordForm(formdata=None), "accounts/forgot.html"
    return render_template(template, form=form, error=exc.message), exc.status


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
@_limited_per_account
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("territories.home"))
    form = SignupForm()

    def create():
        services.register(
            form.email.data, form.display_name.data, form.password.data,
            contact_consent=form.contact_consent.data, locale=request.cookies.get("lang", "fr"),
            next_path=_next_path(),
        )
        # The same page whether the address had an account or not (its owner is e-mailed).
        return render_template("accounts/check_email.html",
                               email=services.normalise_email(form.email.data))

    return form_view(form, "accounts/signup.html", create, next_path=_next_path())


@bp.route("/confirmer/<token>")
def confirm(token):
    """The e-mail's link; ``next`` (the page where the person signed up) is kept: they are
    sent to log in and then back there."""
    user = services.confirm(token)
    flash(_("Merci, votre adresse e-mail est confirmée. Vous pouvez vous connecter."), "success")
    target = _next_path()
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(target or url_for("accounts.profile"))
    return redirect(url_for("accounts.login", next=target))


@bp.route("/renvoyer-confirmation", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def resend_confirmation():
    form = ResendConfirmationForm()

    def resend():
        user = services.find_by_email(form.email.data)
        if user is not None and not user.is_confirmed:
            services.send_confirmation(user, _next_path())
        return render_template("accounts/check_email.html", email=form.email.data)

    return form_view(form, "accounts/resend.html", resend, next_path=_next_path())


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
@_limited_per_account
def login():
    form = LoginForm()

    def sign_in():
        user = services.authenticate(form.email.data, form.password.data)
        sessions.sign_in(user, remember=form.remember.data)
        flash(_("Bienvenue, %(name)s.", name=user.display_name), "success")
        return redirect(_safe_next())

    return form_view(form, "accounts/login.html", sign_in, next_path=_next_path())


@bp.route("/deconnexion", methods=["POST"])
def logout():
    sessions.sign_out(current_user)
    flash(_("Vous êtes déconnecté·e."), "success")
    return redirect(url_for("territories.home"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
@_limited_per_account
def forgot_password():
    form = ForgotPasswordForm()

    def send_link():
        services.request_password_reset(form.email.data)
        flash(
            _("Si un compte existe pour cette adresse, un lien de réinitialisation vient d'y être "
              "envoyé. Il est valable deux heures."),
            "success",
        )
        return redirect(url_for("accounts.login"))

    return form_view(form, "accounts/forgot.html", send_link)


@bp.route("/reinitialiser/<token>", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def reset_password(token):
    services.user_for_reset_token(token)
    form = ResetPasswordForm()

    def reset():
        services.reset_password(token, form.password.data)
        flash(_("Votre mot de passe est changé. Vous pouvez vous connecter."), "success")
        return redirect(url_for("accounts.login"))

    return form_view(form, "accounts/reset.html", reset)


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

    def save():
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
        flash(_("Votre profil est enregistré."), "success")
        return redirect(url_for("accounts.profile"))

    return form_view(form, "accounts/profile.html", save, profile_form=form,
                     password_form=ChangePasswordForm(prefix="pw", formdata=None))


@bp.route("/mot-de-passe", methods=["POST"])
@login_required
@limiter.limit(AUTH_LIMIT)
def change_password():
    form = ChangePasswordForm(prefix="pw")

    def change():
        services.change_password(current_user, form.current.data, form.password.data)
        sessions.renew(current_user)  # this browser stays signed in, every other one is not
        flash(_("Votre mot de passe est changé."), "success")
        return redirect(url_for("accounts.profile"))

    return form_view(form, "accounts/profile.html", change, password_form=form,
                     profile_form=_profile_form(current_user, submitted=False))


@bp.route("/deconnexion-partout", methods=["POST"])
@login_required
def logout_everywhere():
    sessions.log_out_everywhere(current_user, current_user)
    sessions.sign_out(current_user)
    return done(_("Vous êtes déconnecté·e de tous vos appareils."), url_for("accounts.login"))


@bp.route("/langue/<code>")
def set_language(code):
    response = redirect(_safe_next())
    if code in ("fr", "en"):
        # Secure like the session cookie (HTTPS only in production).
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


# --- data rights: download one's data, delete one's account ---------------------------

@bp.app_template_global("consent_history")
def consent_history(user):
    return consents.history(user)


@bp.route("/mes-donnees.zip")
@login_required
@limiter.limit("10 per hour")
def download_data():
    archive = data_rights.build_archive(current_user)
    response = send_file(archive, mimetype="application/zip", as_attachment=True,
                         download_name="mes-donnees-thc.zip", max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/supprimer", methods=["GET", "POST"])
@login_required
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def delete_account():
    form = DeleteAccountForm()

    def erase():
        erasure.delete_own_account(current_user, form.password.data, form.mode.data)
        logout_user()
        flash(_("Votre compte est supprimé, et avec lui vos données personnelles."), "success")
        return redirect(url_for("territories.home"))

    return form_view(form, "accounts/delete.html", erase)
