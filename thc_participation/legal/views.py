"""The pages the law requires, linked from every footer, and their editing by the network admin.

Public: ``/mentions-legales``, ``/t/<slug>/mentions-legales``, ``/donnees-personnelles``,
``/accessibilite``. Network admin: ``/admin/mentions-legales``,
``/admin/territoires/<slug>/mentions-legales``."""

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..web import done, form_view, territory_for
from . import permissions, services
from .forms import NetworkNoticeForm, TerritoryNoticeForm
from .processing import activities

bp = Blueprint("legal", __name__)


@bp.route("/mentions-legales")
def notice():
    return render_template("legal/notice.html", network=services.notice_of(),
                           local=None, territories=services.territory_notices(),
                           can_edit=permissions.may_edit(current_user))


@bp.route("/t/<slug>/mentions-legales")
def territory_notice(slug):
    territory = territory_for(slug)
    return render_template("legal/notice.html", network=services.notice_of(),
                           local=services.notice_of(territory), territory=territory,
                           territories=(), can_edit=permissions.may_edit(current_user))


@bp.route("/donnees-personnelles")
def privacy():
    return render_template(
        "legal/privacy.html", network=services.notice_of(),
        territories=services.territory_notices(),
        activities=activities(current_app.config),
        rights_links=_rights_links(), can_edit=permissions.may_edit(current_user))


@bp.route("/accessibilite")
def accessibility():
    return render_template("legal/accessibility.html", audit=services.accessibility_audit(),
                           network=services.notice_of())


def _rights_links():
    """The profile pages where a person exercises their rights, when the app has them."""
    pages = (("accounts.download_data", _("Télécharger mes données")),
             ("accounts.delete_account", _("Supprimer mon compte")),
             ("accounts.profile", _("Modifier mon profil")))
    return [(url_for(endpoint), label) for endpoint, label in pages
            if endpoint in current_app.view_functions]


@bp.route("/admin/mentions-legales", methods=["GET", "POST"])
@login_required
def edit_network():
    permissions.require_edit(current_user)
    form = NetworkNoticeForm(obj=services.notice_of())

    def save():
        services.save_notice(current_user, None, **form.data)
        return done(_("Les mentions légales du réseau sont enregistrées."),
                    url_for("legal.notice"))

    return form_view(form, "legal/edit.html", save, edited=None)


@bp.route("/admin/territoires/<slug>/mentions-legales", methods=["GET", "POST"])
@login_required
def edit_territory(slug):
    territory = territory_for(slug, lambda user, _territory: permissions.require_edit(user))
    form = TerritoryNoticeForm(obj=services.notice_of(territory))

    def save():
        services.save_notice(current_user, territory, **form.data)
        return done(_("Les mentions légales de %(name)s sont enregistrées.", name=territory.name),
                    url_for("legal.territory_notice", slug=territory.slug))

    return form_view(form, "legal/edit.html", save, edited=territory)
