"""Pools of candidates, the people in them, draws, their seats and substitutions."""

import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import UniqueConstraint

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class DrawPurpose(LabelledEnum):
    STEERING = "steering", _l("Comité de pilotage (3 sièges citoyens)")
    CONTINUOUS = "evaluation-continue", _l("Groupe d'évaluation continue")
    FINAL = "evaluation-finale", _l("Groupe d'évaluation finale")


class DrawState(LabelledEnum):
    PREPARED = "prepared", _l("En préparation")
    FROZEN = "frozen", _l("Gelé, en attente de l'aléa public")
    RANDOMNESS = "randomness", _l("Aléa public saisi")
    DRAWN = "drawn", _l("Tiré")


class SeatStatus(LabelledEnum):
    PENDING = "pending", _l("En attente de réponse")
    ACCEPTED = "accepted", _l("A accepté")
    DECLINED = "declined", _l("A décliné")


class PersonSource(LabelledEnum):
    """How a person entered a pool (stored as a plain string in ``Person.source``)."""

    FORM = "form", _l("formulaire")
    IMPORT = "import", _l("import")


class Pool(db.Model):
    """Candidates for draws: volunteers who signed up, or rows imported from a CSV file."""

    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    name = db.Column(db.String(120), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    # [{"name": "genre", "values": ["femme", "homme"]}, ...] in name order.
    categories = db.Column(db.JSON, nullable=False, default=list)
    signup_open = db.Column(db.Boolean, nullable=False, default=False)
    retention_days = db.Column(db.Integer, nullable=False, default=365)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    territory = db.relationship("Territory")
    people = db.relationship("Person", back_populates="pool", cascade="all, delete-orphan",
                             lazy="dynamic")

    @property
    def category_names(self):
        return [c["name"] for c in self.categories]


class Person(db.Model):
    """One candidate. Draws only ever see the pseudonym and the category values."""

    __table_args__ = (UniqueConstraint("pool_id", "pseudonym"),)

    id = db.Column(db.Integer, primary_key=True)
    pool_id = db.Column(db.ForeignKey("pool.id", ondelete="CASCADE"), nullable=False, index=True)
    pseudonym = db.Column(db.String(24), nullable=False)
    receipt = db.Column(db.String(40))   # private; the pseudonym is derived from it
    values = db.Column(db.JSON, nullable=False, default=dict)   # category name -> value
    source = db.Column(db.String(16), nullable=False)            # a PersonSource value
    # Personal data, purged after the pool's retention period (None once purged).
    first_name = db.Column(db.String(80))
    last_name = db.Column(db.String(80))
    email = db.Column(db.String(254), index=True)
    phone = db.Column(db.String(40))
    consent_at = db.Column(db.DateTime)
    publish_name = db.Column(db.Boolean, nullable=False, default=False)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    purged_at = db.Column(db.DateTime)

    pool = db.relationship("Pool", back_populates="people")
    user = db.relationship("User")

    @property
    def territory_id(self):
        return self.pool.territory_id

    @property
    def origin(self):
        return PersonSource(self.source)

    @property
    def public_name(self):
        if self.publish_name and self.first_name and not self.purged_at:
            return f"{self.first_name} {(self.last_name or '')[:1]}.".strip()
        return None


class PoolImport(db.Model):
    """An uploaded CSV waiting for the agent's mapping and confirmation (all or nothing)."""

    id = db.Column(db.Integer, primary_key=True)
    pool_id = db.Column(db.ForeignKey("pool.id", ondelete="CASCADE"), nullable=False)
    filename = db.Column(db.String(255), nullable=False)
    data = db.Column(db.LargeBinary, nullable=False)
    created_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    pool = db.relationship("Pool")

    @property
    def territory_id(self):
        return self.pool.territory_id


class Draw(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    pool_id = db.Column(db.ForeignKey("pool.id", ondelete="RESTRICT"), nullable=False)
    title = db.Column(db.String(160), nullable=False)
    purpose = db.Column(enum_column(DrawPurpose), nullable=False)
    panel_size = db.Column(db.Integer, nullable=False)
    quotas = db.Column(db.JSON, nullable=False, default=dict)  # category -> value -> [min, max]
    randomness_source = db.Column(db.Text, nullable=False, default="")
    # Announced with the source: the earliest moment the randomness may be entered (UTC).
    randomness_not_before = db.Column(db.DateTime)
    state = db.Column(enum_column(DrawState), nullable=False, default=DrawState.PREPARED)
    commitment_json = db.Column(db.Text)   # canonical JSON, as fingerprinted
    fingerprint = db.Column(db.String(64))
    # The transparency report's figures (``bundles.report``), computed once by the freeze job:
    # pages never parse a 100,000-person commitment.
    report_json = db.Column(db.JSON)
    frozen_at = db.Column(db.DateTime)
    randomness = db.Column(db.String(200))
    randomness_at = db.Column(db.DateTime)
    result_json = db.Column(db.Text)
    drawn_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    territory = db.relationship("Territory")
    pool = db.relationship("Pool")
    seats = db.relationship("Seat", back_populates="draw", cascade="all, delete-orphan",
                            order_by="Seat.id")
    substitutions = db.relationship("Substitution", cascade="all, delete-orphan",
                                    order_by="Substitution.id")

    @property
    def commitment(self):
        return json.loads(self.commitment_json) if self.commitment_json else None

    @property
    def result(self):
        return json.loads(self.result_json) if self.result_json else None


class Seat(db.Model):
    """A seat on the panel, held by one drawn person (or a substitute after a decline)."""

    id = db.Column(db.Integer, primary_key=True)
    draw_id = db.Column(db.ForeignKey("draw.id", ondelete="CASCADE"), nullable=False, index=True)
    pseudonym = db.Column(db.String(24), nullable=False)
    type_index = db.Column(db.Integer, nullable=False)
    is_substitute = db.Column(db.Boolean, nullable=False, default=False)
    status = db.Column(enum_column(SeatStatus), nullable=False, default=SeatStatus.PENDING)
    decided_at = db.Column(db.DateTime)

    draw = db.relationship("Draw", back_populates="seats")

    @property
    def territory_id(self):
        return self.draw.territory_id


class Substitution(db.Model):
    """A decline and who took the seat: the next substitute of the same type, or nobody."""

    id = db.Column(db.Integer, primary_key=True)
    draw_id = db.Column(db.ForeignKey("draw.id", ondelete="CASCADE"), nullable=False, index=True)
    declined = db.Column(db.String(24), nullable=False)
    replacement = db.Column(db.String(24))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
