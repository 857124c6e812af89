"""Site home, the roles help page and a territory's management pages (/t/<slug>/gestion/)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import audit
from ..access import require, territory_or_404
from ..errors import Invalid
from ..models import Role
from . import services
from .forms import GrantRoleForm

bp = Blueprint("territories", __name__)


@bp.route("/")
def home():
    return render_template("territories/home.html", territories=services.list_territories())


@bp.route("/aide/roles")
def roles_help():
    return render_template("territories/roles_help.html", roles=Role)


def _managed(slug):
    """Load the territory and check that the current user is one of its agents."""
    territory = territory_or_404(slug)
    require(current_user, territory, Role.AGENT)
    return territory


@bp.route("/t/<slug>/gestion/")
@login_required
def manage_home(slug):
    return render_template("territories/manage_home.html", territory=_managed(slug))


@bp.route("/t/<slug>/gestion/roles", methods=["GET", "POST"])
@login_required
def manage_roles(slug):
    territory = _managed(slug)
    form = GrantRoleForm()
    if form.validate_on_submit():
        try:
            membership = services.grant_role(current_user, territory, form.email.data, form.role.data)
        except Invalid as exc:
            form.email.errors = [exc.message]
        else:
            flash(
                _("%(name)s a maintenant le rôle « %(role)s ».",
                  name=membership.user.display_name, role=membership.role.label),
                "success",
            )
            return redirect(url_for("territories.manage_roles", slug=slug))
    return render_template(
        "territories/roles.html", territory=territory, form=form,
        memberships=services.memberships(territory),
    ), 400 if form.errors else 200


@bp.route("/t/<slug>/gestion/roles/<int:membership_id>/retirer", methods=["POST"])
@login_required
def revoke_role(slug, membership_id):
    territory = _managed(slug)
    try:
        services.revoke_role(current_user, territory, membership_id)
    except Invalid as exc:
        flash(exc.message, "error")
    else:
        flash(_("Le rôle a été retiré."), "success")
    return redirect(url_for("territories.manage_roles", slug=slug))


@bp.route("/t/<slug>/gestion/journal")
@login_required
def audit_log(slug):
    territory = _managed(slug)
    page = request.args.get("page", 1, type=int)
    return render_template(
        "territories/audit_log.html", territory=territory,
        entries=audit.entries_for(territory, page=page),
    )
