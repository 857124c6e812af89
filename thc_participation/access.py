"""Who may do what: roles are held per territory; network admins may do everything."""

from flask import abort
from flask_babel import gettext as _

from .errors import Forbidden
from .extensions import db
from .models import Membership, Role, Territory


def can(user, territory, *roles):
    """True if ``user`` holds one of ``roles`` in ``territory`` (or is a network admin)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    wanted = {Role(r) for r in roles}
    return any(m.territory_id == territory.id and m.role in wanted for m in user.memberships)


def require(user, territory, *roles):
    if not can(user, territory, *roles):
        raise Forbidden(_("Vous n'avez pas le rôle nécessaire dans ce territoire."))


def require_signed_in(user):
    if user is None or not getattr(user, "is_authenticated", False):
        raise Forbidden(_("Connectez-vous pour continuer."), code="login_required")


def require_admin(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_admin:
        raise Forbidden(_("Cette page est réservée aux administrateurs du réseau."))


def is_network_member(user):
    """Network admins and the agents and elected officials of any territory."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or any(m.role in (Role.AGENT, Role.ELU) for m in user.memberships)


def managed_territories(user):
    """Territories whose management pages ``user`` may open."""
    if user.is_admin:
        return db.session.scalars(db.select(Territory).order_by(Territory.name)).all()
    return sorted(
        {m.territory for m in user.memberships if m.role == Role.AGENT}, key=lambda t: t.name
    )


def territory_or_404(slug):
    territory = db.session.scalar(db.select(Territory).where(Territory.slug == slug))
    if territory is None:
        abort(404)
    return territory


def members_with_role(territory, role):
    return db.session.scalars(
        db.select(Membership)
        .where(Membership.territory_id == territory.id, Membership.role == Role(role))
        .order_by(Membership.created_at)
    ).all()
