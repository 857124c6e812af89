"""The network admin's page of the "collectifs amis" members (``/admin/collectifs-amis``)."""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...access import load, require_admin, require_signed_in
from ...models import User
from ...web import done, form_view
from ..forms import CollectiveMemberForm
from ..services import members


def _admin():
    require_signed_in(current_user)
    require_admin(current_user)


def collective_members():
    _admin()
    form = CollectiveMemberForm()

    def grant():
        user = members.grant(current_user, form.email.data)
        return done(_("%(name)s est membre d'un collectif ami.", name=user.display_name),
                    url_for("referentiel.collective_members"))

    return form_view(form, "referentiel/collective_members.html", grant,
                     members=members.collective_members())


def withdraw_collective_member(user_id):
    _admin()
    user = load(User, user_id, message=_("Ce compte n'existe pas."))
    members.withdraw(current_user, user)
    return done(_("%(name)s n'est plus membre d'un collectif ami.", name=user.display_name),
                url_for("referentiel.collective_members"))
