"""The "collectif ami" account role: members of Démocratie Ouverte's friendly collectives
draft and propose référentiel cards. Only the network admin names or withdraws them."""

from flask_babel import gettext as _

from ... import audit
from ...access import require_admin
from ...accounts import services as accounts
from ...errors import Invalid
from ...extensions import db
from ...models import User


def collective_members():
    return db.session.scalars(db.select(User).where(User.is_collective_member.is_(True))
                              .order_by(User.display_name, User.id)).all()


def grant(actor, email):
    """Give the role to the account of ``email``; returns the account."""
    require_admin(actor)
    user = accounts.find_by_email(accounts.normalise_email(email))
    if user is None:
        raise Invalid(_("Aucun compte n'utilise cette adresse."), field="email")
    if not user.is_collective_member:
        user.is_collective_member = True
        db.session.flush()
        audit.record(actor, "referentiel.collective.grant", None, user)
    return user


def withdraw(actor, user):
    require_admin(actor)
    if user.is_collective_member:
        user.is_collective_member = False
        db.session.flush()
        audit.record(actor, "referentiel.collective.withdraw", None, user)
