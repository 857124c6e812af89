"""Territories and the roles people hold in them (services flush; the boundary commits)."""

import re

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..access import require_admin, require_in
from ..accounts.services import find_by_email
from ..errors import Invalid
from ..extensions import db
from ..models import Membership, Role, Territory, TerritoryKind
from ..text import slugify
from .permissions import may_revoke, require_grant, require_manage

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug_taken():
    return Invalid(_("Un territoire utilise déjà cet identifiant d'adresse."), field="slug")


def list_territories():
    return db.session.scalars(db.select(Territory).order_by(Territory.name)).all()


def _apply(territory, name, slug, kind, population, programme_start, follows_programme,
           latitude=None, longitude=None):
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Indiquez le nom du territoire."), field="name")
    slug = (slug or "").strip() or slugify(name)
    if not SLUG_RE.match(slug):
        raise Invalid(
            _("L'identifiant d'adresse ne peut contenir que des minuscules, chiffres et tirets."),
            field="slug",
        )
    taken = db.select(Territory.id).where(Territory.slug == slug, Territory.id != territory.id)
    if db.session.scalar(taken) is not None:
        raise _slug_taken()
    if population is None or population < 1:
        raise Invalid(_("La population doit être un nombre entier positif."), field="population")
    if latitude is not None and not -90 <= latitude <= 90 or (
        longitude is not None and not -180 <= longitude <= 180
    ):
        raise Invalid(_("Les coordonnées sont hors limites."), field="latitude")
    territory.name = name
    territory.slug = slug
    territory.kind = TerritoryKind(kind)
    territory.population = population
    territory.programme_start = programme_start
    territory.follows_programme = follows_programme
    territory.latitude = latitude
    territory.longitude = longitude


def create_territory(actor, **fields):
    require_admin(actor)
    territory = Territory()
    _apply(territory, **fields)
    db.session.add(territory)
    _flush_unique_slug()
    audit.record(actor, "territory.create", territory=territory, target=territory)
    return territory


def update_territory(actor, territory, **fields):
    require_admin(actor)
    _apply(territory, **fields)
    _flush_unique_slug()
    audit.record(actor, "territory.update", territory=territory, target=territory)
    return territory


def _flush_unique_slug():
    error = _slug_taken()  # translated now: the session is unusable after a failed flush
    try:
        db.session.flush()
    except IntegrityError as exc:  # taken a moment ago; the boundary rolls everything back
        raise error from exc


def grant_role(actor, territory, email, role):
    """Give ``role`` in ``territory`` to the account with ``email`` (agents and admins only)."""
    require_manage(actor, territory)
    try:
        role = Role(role)
    except ValueError as exc:
        raise Invalid(_("Ce rôle n'existe pas."), field="role") from exc
    require_grant(actor, role)
    user = find_by_email(email or "")
    if user is None:
        raise Invalid(
            _("Aucun compte n'utilise cette adresse : la personne doit d'abord s'inscrire."),
            field="email",
        )
    existing = db.session.scalar(
        db.select(Membership).filter_by(user_id=user.id, territory_id=territory.id, role=role)
    )
    if existing is not None:
        raise Invalid(_("Cette personne a déjà ce rôle."), field="email")
    membership = Membership(user=user, territory=territory, role=role)
    db.session.add(membership)
    audit.record(actor, "role.grant", territory=territory, target=user, role=role.value)
    db.session.flush()
    return membership


def revoke_role(actor, territory, membership):
    """Take ``membership`` (a role held in ``territory``) away."""
    require_in(territory, membership)
    require_manage(actor, territory)
    if not may_revoke(actor, membership):
        raise Invalid(_("Vous ne pouvez pas retirer votre propre rôle d'agent."), code="self")
    audit.record(
        actor, "role.revoke", territory=territory, target=membership.user,
        role=membership.role.value,
    )
    db.session.delete(membership)
    db.session.flush()


def memberships(territory):
    return db.session.scalars(
        db.select(Membership)
        .where(Membership.territory_id == territory.id)
        .order_by(Membership.role, Membership.created_at)
    ).all()
