"""Who may do what: roles are held per territory; network admins may do everything."""

from flask_babel import gettext as _

from .errors import Forbidden, NotFound
from .extensions import db
from .models import Membership, NetworkMember, Role, Territory


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
    """Network admins and the (at most two) agents or elected officials each authority
    designated to the network (``territories.network``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    territories = {m.territory_id for m in user.memberships if m.role in (Role.AGENT, Role.ELU)}
    if not territories:  # a designation lapses when its holder leaves these roles
        return False
    return db.session.scalar(
        db.select(NetworkMember.id).where(NetworkMember.user_id == user.id,
                                          NetworkMember.territory_id.in_(territories))
        .limit(1)) is not None


def managed_territories(user):
    """Territories whose management pages ``user`` may open."""
    if user.is_admin:
        return db.session.scalars(db.select(Territory).order_by(Territory.name)).all()
    return sorted(
        {m.territory for m in user.memberships if m.role == Role.AGENT}, key=lambda t: t.name
    )


MAX_ID = 2**63 - 1  # ids are signed 64-bit integers on every database
MAX_ID_DIGITS = len(str(MAX_ID))  # longer strings are not read at all (int() of them is slow)


def parse_id(value):
    """``value`` (from a URL, a form or a socket payload) as a row id, or None if it is not one.

    Booleans are never ids, and neither is a number outside 1..2^63-1."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isascii() or not value.isdigit() or len(value) > MAX_ID_DIGITS:
            return None
        value = int(value)
    if not isinstance(value, int) or not 0 < value <= MAX_ID:
        return None
    return value


def load(model, ident, territory=None, message=None):
    """The ``model`` row ``ident``, scoped to ``territory`` when one is given.

    The one way to load an object named by a user: a malformed id, a missing row or a row of
    another territory is ``NotFound`` (a 404 page, a JSON 404 or an error acknowledgement).
    Models reachable through a parent expose ``territory_id`` as a property."""
    ident = parse_id(ident)
    obj = db.session.get(model, ident) if ident is not None else None
    if obj is None or (territory is not None and obj.territory_id != territory.id):
        raise NotFound(message or _("Cet élément n'existe pas ou a été supprimé."))
    return obj


def require_in(territory, *objects):
    """Refuse, as not found, any object that does not belong to ``territory``.

    Services that take a territory and an object call it first, so that acting on territory A
    never touches an object of territory B, whichever way the object was loaded."""
    for obj in objects:
        if obj is not None and obj.territory_id != territory.id:
            raise NotFound(_("Cet élément n'existe pas dans ce territoire."))


def territory_or_404(slug):
    territory = db.session.scalar(db.select(Territory).where(Territory.slug == slug))
    if territory is None:
        raise NotFound(_("Ce territoire n'existe pas."))
    return territory


def members_with_role(territory, role):
    return db.session.scalars(
        db.select(Membership)
        .where(Membership.territory_id == territory.id, Membership.role == Role(role))
        .order_by(Membership.created_at)
    ).all()
