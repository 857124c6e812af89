"""Membership of the Réseau de la transition démocratique: each authority designates at most
two of its agents or elected officials; the network admin (Démocratie Ouverte) records and
changes them. Only they (and the admins) are network members: they see the network's events
(learning visits, peer seminars, private calls)."""

from flask_babel import gettext as _

from .. import audit
from ..access import parse_id, require_admin, require_in
from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Membership, NetworkMember, Role, User

MAX_MEMBERS = 2
DESIGNABLE_ROLES = (Role.AGENT, Role.ELU)


def members_of(territory):
    return db.session.scalars(
        db.select(NetworkMember).filter_by(territory_id=territory.id)
        .order_by(NetworkMember.created_at, NetworkMember.id)).all()


def candidates(territory):
    """The territory's agents and elected officials who are not designated yet."""
    taken = db.select(NetworkMember.user_id).filter_by(territory_id=territory.id)
    return db.session.scalars(
        db.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.territory_id == territory.id, Membership.role.in_(DESIGNABLE_ROLES),
               User.id.not_in(taken))
        .distinct().order_by(User.display_name)).all()


def designate(admin, territory, user_id):
    require_admin(admin)
    user_id = parse_id(user_id)
    user = db.session.get(User, user_id) if user_id else None
    if user is None or user not in candidates(territory):
        raise Invalid(_("Choisissez un agent ou un élu de la collectivité qui n'est pas déjà "
                        "désigné."), field="user_id")
    if len(members_of(territory)) >= MAX_MEMBERS:
        raise Conflict(_("La collectivité a déjà désigné ses deux membres du réseau : retirez-en "
                         "un d'abord."), field="user_id")
    member = NetworkMember(territory_id=territory.id, user_id=user.id)
    db.session.add(member)
    db.session.flush()
    audit.record(admin, "network.designate", territory, member, name=user.display_name)
    return member


def revoke(admin, territory, member):
    require_in(territory, member)
    require_admin(admin)
    audit.record(admin, "network.revoke", territory, member, name=member.user.display_name)
    db.session.delete(member)
    db.session.flush()

