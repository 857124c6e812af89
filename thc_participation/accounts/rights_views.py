"""Data rights in the profile: download one's data, delete one's account (on the accounts
blueprint, under /compte/)."""

from flask import flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..extensions import limiter
from ..web import form_view
from . import consents, data_rights, erasure
from .rights_forms import DeleteAccountForm
from .views import AUTH_LIMIT, bp


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
