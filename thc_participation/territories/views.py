"""Site home, the site's icons and web manifest, the roles help page and a territory's
management pages (/t/<slug>/gestion/)."""

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import audit, audit_display, confirm, navigation, now, roles_rules
from ..access import load
from ..errors import Forbidden
from ..models import Membership, Role
from ..web import done, form_view, paginate, territory_for
from . import permissions, services
from .forms import GrantRoleForm

bp = Blueprint("territories", __name__)

AUDIT_PER_PAGE = 50
REVOKE_ROLE = confirm.define(
    "territories.revoke_role", _l("Retirer ce rôle ?"),
    _l("La personne perd aussitôt les droits de ce rôle dans le territoire."),
    _l("Oui, retirer le rôle"))


@bp.route("/")
def home():
    return render_template("territories/home.html", territories=services.list_territories(),
                           now=now.now_for(current_user))


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: answer it (no 404 in the logs)."""
    response = send_from_directory(current_app.static_folder, "icons/favicon.ico",
                                   mimetype="image/vnd.microsoft.icon", max_age=7 * 86400)
    return response


@bp.route("/manifest.webmanifest")
def web_manifest():
    """The web manifest: name and icons when the site is added to a phone's home screen."""
    icons = [{"src": url_for("static", filename=f"icons/icon-{size}.png"),
              "sizes": f"{size}x{size}", "type": "image/png"} for size in (192, 512)]
    icons.append({"src": url_for("static", filename="icons/favicon.svg"), "sizes": "any",
                  "type": "image/svg+xml"})
    response = jsonify({
        "name": _("THC Participation"), "short_name": _("THC"),
        "description": _("Participer à la vie démocratique des Territoires Hautement "
                         "Citoyens"),
        "lang": "fr", "start_url": url_for("territories.home"), "display": "browser",
        "background_color": "#ffffff", "theme_color": "#1d3f8f", "icons": icons,
    })
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/aide/roles")
def roles_help():
    return render_template("territories/roles_help.html", roles=Role, grants=roles_rules.grants)


@bp.route("/t/<slug>/gestion/")
@login_required
def manage_home(slug):
    """Each role sees the management parts it may use (a facilitator: the live workshops);
    someone with none is refused."""
    territory = territory_for(slug)
    parts = navigation.management_parts(current_user, territory)
    if not parts:
        raise Forbidden(_("Vous n'avez pas le rôle nécessaire dans ce territoire."))
    return render_template("territories/manage_home.html", territory=territory, parts=parts)


@bp.route("/t/<slug>/gestion/roles", methods=["GET", "POST"])
@login_required
def manage_roles(slug):
    territory = territory_for(slug, permissions.require_manage)
    form = GrantRoleForm()
    form.role.choices = Role.choices(permissions.grantable_roles(current_user))

    def grant():
        membership = services.grant_role(current_user, territory, form.email.data, form.role.data)
        return done(
            _("%(name)s a maintenant le rôle « %(role)s ».",
              name=membership.user.display_name, role=membership.role.label),
            url_for("territories.manage_roles", slug=slug),
        )

    return form_view(form, "territories/roles.html", grant, territory=territory,
                     memberships=services.memberships(territory),
                     may_revoke=lambda m: permissions.may_revoke(current_user, m))


@bp.route("/t/<slug>/gestion/roles/<int:membership_id>/retirer", methods=["POST"])
@login_required
def revoke_role(slug, membership_id):
    territory = territory_for(slug, permissions.require_manage)
    membership = load(Membership, membership_id, territory,
                      _("Ce rôle n'existe pas dans ce territoire."))
    # Asked only when it may happen: a refusal comes at once, without a question first.
    if permissions.may_revoke(current_user, membership) and (asked := confirm.ask_first(
            REVOKE_ROLE, url_for("territories.manage_roles", slug=slug), territory=territory,
            details=[f"{membership.user.display_name} — {membership.role.label}"])):
        return asked
    services.revoke_role(current_user, territory, membership)
    return done(_("Le rôle a été retiré."), url_for("territories.manage_roles", slug=slug))


@bp.route("/t/<slug>/gestion/journal")
@login_required
def audit_log(slug):
    territory = territory_for(slug, permissions.require_manage)
    entries = paginate(audit.entries_of(territory), AUDIT_PER_PAGE)
    return render_template("territories/audit_log.html", territory=territory, entries=entries,
                           rows=audit_display.rows(entries.items),
                           retention_days=current_app.config["THC_AUDIT_RETENTION_DAYS"])
