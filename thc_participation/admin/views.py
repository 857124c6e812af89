"""Network admin pages (/admin/): territories of the network and their designated members."""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import confirm
from ..access import load, require_admin
from ..accounts import services as accounts
from ..accounts import sessions
from ..accounts.forms import LogOutEverywhereForm
from ..errors import Invalid
from ..models import NetworkMember
from ..territories import network, services
from ..territories.forms import NetworkMemberForm, TerritoryForm
from ..web import done, form_view, territory_for

bp = Blueprint("admin", __name__, url_prefix="/admin")
REVOKE_DESIGNATION = confirm.define(
    "admin.revoke_network_member", _l("Retirer cette désignation ?"),
    _l("La personne perd aussitôt l'accès aux pages du réseau pour ce territoire."),
    _l("Oui, retirer la désignation"))

TERRITORY_FIELDS = ("name", "slug", "kind", "population", "programme_start", "follows_programme",
                    "latitude", "longitude")


@bp.before_request
@login_required
def _admins_only():
    require_admin(current_user)


@bp.route("/")
def index():
    return render_template("admin/index.html", territories=services.list_territories(),
                           logout_form=LogOutEverywhereForm(formdata=None))


@bp.route("/deconnecter-partout", methods=["POST"])
def log_out_everywhere():
    form = LogOutEverywhereForm()

    def log_out():
        user = accounts.find_by_email(accounts.normalise_email(form.email.data))
        if user is None:
            raise Invalid(_("Aucun compte n'utilise cette adresse."), field="email")
        sessions.log_out_everywhere(current_user, user)
        return done(_("Toutes les sessions de %(email)s sont fermées.", email=user.email),
                    url_for("admin.index"))

    return form_view(form, "admin/index.html", log_out, logout_form=form,
                     territories=services.list_territories())


def _fields(form):
    return {name: form[name].data for name in TERRITORY_FIELDS}


@bp.route("/territoires/nouveau", methods=["GET", "POST"])
def create_territory():
    form = TerritoryForm()

    def create():
        territory = services.create_territory(current_user, **_fields(form))
        return done(_("Le territoire « %(name)s » est créé.", name=territory.name),
                    url_for("territories.manage_roles", slug=territory.slug))

    return form_view(form, "admin/territory_form.html", create, territory=None)


@bp.route("/territoires/<slug>/modifier", methods=["GET", "POST"])
def edit_territory(slug):
    territory = territory_for(slug)
    form = TerritoryForm(obj=territory)
    if not form.is_submitted():
        form.kind.data = territory.kind.value

    def save():
        services.update_territory(current_user, territory, **_fields(form))
        return done(_("Le territoire est enregistré."), url_for("admin.index"))

    return form_view(form, "admin/territory_form.html", save, territory=territory)


@bp.route("/territoires/<slug>/reseau", methods=["GET", "POST"])
def network_members(slug):
    """The (at most two) people the authority designated to the network."""
    territory = territory_for(slug)
    form = NetworkMemberForm()
    form.user_id.choices = [(str(u.id), u.display_name) for u in network.candidates(territory)]

    def designate():
        network.designate(current_user, territory, form.user_id.data)
        return done(_("La personne est désignée au réseau."),
                    url_for("admin.network_members", slug=slug))

    return form_view(form, "admin/network_members.html", designate, territory=territory,
                     members=network.members_of(territory), limit=network.MAX_MEMBERS)


@bp.route("/territoires/<slug>/reseau/<int:designation_id>/retirer", methods=["POST"])
def revoke_network_member(slug, designation_id):
    territory = territory_for(slug)
    member = load(NetworkMember, designation_id, territory, _("Cette désignation n'existe pas."))
    if (asked := confirm.ask_first(REVOKE_DESIGNATION,
                                   url_for("admin.network_members", slug=slug),
                                   territory=territory)):
        return asked
    network.revoke(current_user, territory, member)
    return done(_("La désignation est retirée."), url_for("admin.network_members", slug=slug))
