"""Territories and the roles people hold in them."""

import re

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..access import require, require_admin
from ..accounts.services import find_by_email
from ..errors import Invalid, NotFound
from ..extensions import db
from ..models import Membership, Role, Territory, TerritoryKind
from ..text import slugify

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def list_territories():
    return db.session.scalars(db.select(Territory).order_by(Territory.name)).all()


def _apply(territory, name, slug, kind, population, programme_start, follows_programme,
           latitude=None, longitude=None):
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Indiquez le nom du territoire."), code="name")
    slug = (slug or "").strip() or slugify(name)
    if not SLUG_RE.match(slug):
        raise Invalid(
            _("L'identifiant d'adresse ne peut contenir que des minuscules, chiffres et tirets."),
            code="slug",
        )
    if population is None or population < 1:
        raise Invalid(_("La population doit être un nombre entier positif."), code="population")
    if latitude is not None and not -90 <= latitude <= 90 or (
        longitude is not None and not -180 <= longitude <= 180
    ):
        raise Invalid(_("Les coordonnées sont hors limites."), code="coordinates")
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
    db.session.commit()
    return territory


def update_territory(actor, territory, **fields):
    require_admin(actor)
    _apply(territory, **fields)
    _flush_unique_slug()
    audit.record(actor, "territory.update", territory=territory, target=territory)
    db.session.commit()
    return territory


def _flush_unique_slug():
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise Invalid(_("Un territoire utilise déjà cet identifiant d'adresse."), code="slug") from exc


def grant_role(actor, territory, email, role):
    """Give ``role`` in ``territory`` to the account with ``email`` (agents and admins only)."""
    require(actor, territory, Role.AGENT)
    try:
        role = Role(role)
    except ValueError as exc:
        raise Invalid(_("Ce rôle n'existe pas."), code="role") from exc
    user = find_by_email(email or "")
    if user is None:
        raise Invalid(
            _("Aucun compte n'utilise cette adresse : la personne doit d'abord s'inscrire."),
            code="email",
        )
    existing = db.session.scalar(
        db.select(Membership).filter_by(user_id=user.id, territory_id=territory.id, role=role)
    )
    if existing is not None:
        raise Invalid(_("Cette personne a déjà ce rôle."), code="exists")
    membership = Membership(user=user, territory=territory, role=role)
    db.session.add(membership)
    audit.record(actor, "role.grant", territory=territory, target=user, role=role.value)
    db.session.commit()
    return membership


def revoke_role(actor, territory, membership_id):
    require(actor, territory, Role.AGENT)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.territory_id != territory.id:
        raise NotFound(_("Ce rôle n'existe pas dans ce territoire."))
    if membership.user_id == actor.id and membership.role == Role.AGENT and not actor.is_admin:
        raise Invalid(_("Vous ne pouvez pas retirer votre propre rôle d'agent."), code="self")
    audit.record(
        actor, "role.revoke", territory=territory, target=membership.user,
        role=membership.role.value,
    )
    db.session.delete(membership)
    db.session.commit()


def memberships(territory):
    return db.session.scalars(
        db.select(Membership)
        .where(Membership.territory_id == territory.id)
        .order_by(Membership.role, Membership.created_at)
    ).all()
