"""Network admin pages (/admin/): territories of the network."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import require_admin, territory_or_404
from ..errors import Invalid
from ..territories import services
from ..territories.forms import TerritoryForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only():
    require_admin(current_user)


@bp.route("/")
def index():
    return render_template("admin/index.html", territories=services.list_territories())


def _save(form, territory=None):
    fields = {name: form[name].data for name in (
        "name", "slug", "kind", "population", "programme_start", "follows_programme",
        "latitude", "longitude")}
    if territory is None:
        return services.create_territory(current_user, **fields)
    return services.update_territory(current_user, territory, **fields)


@bp.route("/territoires/nouveau", methods=["GET", "POST"])
def create_territory():
    form = TerritoryForm()
    if form.validate_on_submit():
        try:
            territory = _save(form)
        except Invalid as exc:
            (form.slug if exc.code == "slug" else form.name).errors = [exc.message]
        else:
            flash(_("Le territoire « %(name)s » est créé.", name=territory.name), "success")
            return redirect(url_for("territories.manage_roles", slug=territory.slug))
    return render_template("admin/territory_form.html", form=form, territory=None), (
        400 if form.errors else 200
    )


@bp.route("/territoires/<slug>/modifier", methods=["GET", "POST"])
def edit_territory(slug):
    territory = territory_or_404(slug)
    form = TerritoryForm(obj=territory)
    if not form.is_submitted():
        form.kind.data = territory.kind.value
    if form.validate_on_submit():
        try:
            _save(form, territory)
        except Invalid as exc:
            (form.slug if exc.code == "slug" else form.name).errors = [exc.message]
        else:
            flash(_("Le territoire est enregistré."), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/territory_form.html", form=form, territory=territory), (
        400 if form.errors else 200
    )
