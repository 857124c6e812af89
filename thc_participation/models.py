"""Core models: accounts, territories, per-territory roles and the audit log."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, Enum, UniqueConstraint
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .labels import LabelledEnum
from .offload import in_native_thread
from .timeutil import utcnow


class Role(LabelledEnum):
    AGENT = "agent", _l("Agent de la collectivité")
    ELU = "elu", _l("Élu·e")
    FACILITATOR = "facilitator", _l("Animateur·rice d'atelier")
    STEERING = "steering", _l("Membre du comité de pilotage")
    EVALUATION = "evaluation", _l("Membre du groupe d'évaluation")


class TerritoryKind(LabelledEnum):
    COMMUNE = "commune", _l("Commune")
    INTERCOMMUNALITE = "intercommunalite", _l("Intercommunalité")
    DEPARTEMENT = "departement", _l("Département")
    REGION = "region", _l("Région")


class AgeBand(LabelledEnum):
    UNDER_18 = "moins-18", _l("Moins de 18 ans")
    FROM_18_TO_24 = "18-24", _l("18 à 24 ans")
    FROM_25_TO_34 = "25-34", _l("25 à 34 ans")
    FROM_35_TO_49 = "35-49", _l("35 à 49 ans")
    FROM_50_TO_64 = "50-64", _l("50 à 64 ans")
    FROM_65 = "65-plus", _l("65 ans et plus")


class Gender(LabelledEnum):
    WOMAN = "femme", _l("Femme")
    MAN = "homme", _l("Homme")
    OTHER = "autre", _l("Autre")


def enum_column(cls):
    """A string column holding the values of a StrEnum (portable: no native enum type)."""
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False, length=32)


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    display_name = db.Column(db.String(80), nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    confirmed_at = db.Column(db.DateTime)
    is_admin = db.Column(db.Boolean, nullable=False, default=False)
    # A member of a "collectif ami" of Démocratie Ouverte: drafts and proposes référentiel
    # cards (``referentiel.permissions``); set by the network admin on the account's page.
    is_collective_member = db.Column(db.Boolean, nullable=False, default=False)
    is_active_account = db.Column(db.Boolean, nullable=False, default=True)
    locale = db.Column(db.String(5))
    # Optional profile, declared with consent, used only in aggregate (sociology of participation).
    profile_consent_at = db.Column(db.DateTime)
    age_band = db.Column(enum_column(AgeBand))
    gender = db.Column(enum_column(Gender))
    neighbourhood = db.Column(db.String(80))
    is_isolated = db.Column(db.Boolean)
    is_single_parent = db.Column(db.Boolean)
    # Agreed to receive programme news (e.g. the action plan mailing).
    contact_consent = db.Column(db.Boolean, nullable=False, default=False)

    memberships = db.relationship(
        "Membership", back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self):
        return self.is_active_account

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def set_password(self, password):
        self.password_hash = in_native_thread(
            generate_password_hash, password, current_app.config["PASSWORD_HASH_METHOD"]
        )

    def check_password(self, password):
        return in_native_thread(check_password_hash, self.password_hash, password)

    # The server-side session this object was loaded for (``accounts.sessions``): Flask-Login
    # stores ``get_id()`` in the session cookie and the remember cookie, so both name one
    # ``UserSession`` row that can be revoked, never the bare account id.
    session_token = None

    # Flask-Login's UserMixin compares get_id(), which is now per session: compare accounts.
    def __eq__(self, other):
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = object.__hash__

    def get_id(self):
        if self.session_token is None:
            raise RuntimeError("sign in through accounts.sessions.sign_in")
        return self.session_token

    def roles_in(self, territory):
        return {m.role for m in self.memberships if m.territory_id == territory.id}

    def __repr__(self):
        return f"<User {self.id}>"


class UserSession(db.Model):
    """One sign-in on one device: the session and remember cookies carry its id and a random
    key (only the key's SHA-256 is stored). Logout revokes it; a password change or reset and
    "log out everywhere" revoke all of the account's sessions."""

    __tablename__ = "user_session"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    key_hash = db.Column(db.String(64), nullable=False, unique=True)
    remember = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_seen_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False, index=True)
    revoked_at = db.Column(db.DateTime)

    user = db.relationship("User")


class Territory(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    kind = db.Column(enum_column(TerritoryKind), nullable=False)
    population = db.Column(db.Integer, nullable=False)
    programme_start = db.Column(db.Date)
    follows_programme = db.Column(db.Boolean, nullable=False, default=True)
    latitude = db.Column(db.Float)
    longitude = db.Column(db.Float)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    memberships = db.relationship(
        "Membership", back_populates="territory", cascade="all, delete-orphan"
    )

    def __repr__(self):
        return f"<Territory {self.slug}>"


class Membership(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "territory_id", "role"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role = db.Column(enum_column(Role), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User", back_populates="memberships")
    territory = db.relationship("Territory", back_populates="memberships", lazy="joined")


class NetworkMember(db.Model):
    """One of the (at most two) agents or elected officials an authority designates to the
    Réseau de la transition démocratique; the network admin changes them."""

    __tablename__ = "network_member"
    __table_args__ = (UniqueConstraint("user_id", "territory_id"),)
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User", lazy="joined")
    territory = db.relationship("Territory", lazy="joined")


class AuditEntry(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    actor_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), index=True)
    action = db.Column(db.String(64), nullable=False)
    target_type = db.Column(db.String(64))
    target_id = db.Column(db.Integer)
    details = db.Column(JSON, nullable=False, default=dict)

    actor = db.relationship("User", lazy="joined")
    territory = db.relationship("Territory")


class Upload(db.Model):
    """A file sent by a user, checked by content and stored outside static/."""

    id = db.Column(db.Integer, primary_key=True)
    stored_name = db.Column(db.String(64), nullable=False, unique=True)
    original_name = db.Column(db.String(255), nullable=False)
    kind = db.Column(db.String(8), nullable=False)  # pdf, jpeg or png
    size = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    uploader_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
