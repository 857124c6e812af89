"""Demo data: the fictional commune of Saint-Exemple-sur-Loire, one account per role.

Loaded once by ``thc demo`` (idempotent), never in production. The passwords are in the
README.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from flask import current_app

from . import search
from .app import demo_modules
from .extensions import db
from .models import (
    AgeBand,
    Gender,
    Membership,
    NetworkMember,
    Role,
    Territory,
    TerritoryKind,
    User,
)
from .text import slugify
from .timeutil import to_paris, utcnow

DEMO_SLUG = "saint-exemple-sur-loire"
DEMO_PASSWORD = "demo-thc-2026"
ACCOUNTS = (
    # key, e-mail, display name, role in the territory (None: none), network admin
    ("admin", "admin@demo.thc.fr", "Claire Démocratie-Ouverte", None, True),
    ("agent", "agent@demo.thc.fr", "Karim Benali", Role.AGENT, False),
    ("elu", "elu@demo.thc.fr", "Monique Lefèvre", Role.ELU, False),
    ("facilitator", "animation@demo.thc.fr", "Julien Moreau", Role.FACILITATOR, False),
    ("steering", "copil@demo.thc.fr", "Sophie Garnier", Role.STEERING, False),
    ("evaluation", "evaluation@demo.thc.fr", "Lucas Petit", Role.EVALUATION, False),
    ("citizen", "citoyen@demo.thc.fr", "Camille Durand", None, False),
)
FIRST_NAMES = (
    "Léa", "Hugo", "Chloé", "Louis", "Manon", "Gabriel", "Inès", "Arthur", "Jade", "Raphaël",
    "Louise", "Nathan", "Emma", "Tom", "Zoé", "Yanis", "Lina", "Ethan", "Sarah", "Noah",
)
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier",
    "Girard", "Bonnet",
)
NEIGHBOURHOODS = ("Centre-bourg", "Les Varennes", "La Gare", "Bords de Loire", "Le Clos Fleuri")


@dataclass(frozen=True)
class Calendar:
    """Every date of the demo, from the launch day J, following the guide's calendar: the
    steering committee is complete before J (its citizens drawn a month before), the
    evaluation group is drawn at the launch, the diagnostic is restituted within J+2, then the
    summit, the consultation and the plan, in that order, within J+2..J+5. Every module's demo
    takes its dates from here; ``tests/dashboard/test_demo_calendar.py`` checks the rules."""

    start: date  # J, the launch
    today: date

    @classmethod
    def for_today(cls, today):
        """The demo is always eight months into its programme (phase 4, implementation)."""
        return cls(today - relativedelta(months=DEMO_MONTH), today)

    def months(self, n, days=0):
        return self.start + relativedelta(months=n, days=days)

    @property
    def assessment(self):  # the entry assessment with Démocratie Ouverte
        return self.start - timedelta(days=60)

    @property
    def steering_draw(self):
        return self.start - timedelta(days=30)

    @property
    def declaration(self):
        return self.start - timedelta(days=20)

    @property
    def team_complete(self):
        return self.start - timedelta(days=15)

    @property
    def convention(self):
        return self.start - timedelta(days=8)

    @property
    def video(self):
        return self.start - timedelta(days=5)

    @property
    def launch(self):  # the launch meeting, and the evaluation group's draw in public
        return self.start

    @property
    def evaluation_draw(self):
        return self.start

    @property
    def diagnostic_report(self):
        return self.months(2) - timedelta(days=12)

    @property
    def diagnostic_restitution(self):  # the public meeting that presents the diagnostic
        return self.months(2) - timedelta(days=6)

    @property
    def summit(self):  # a Saturday after J+2
        day = self.months(2, days=14)
        return day + timedelta(days=(5 - day.weekday()) % 7)

    @property
    def summit_report(self):
        return self.summit + timedelta(days=10)

    @property
    def consultation_opens(self):
        return self.summit + timedelta(days=14)

    @property
    def consultation_closes(self):
        return self.consultation_opens + timedelta(days=28)

    @property
    def plan_adopted(self):  # the council adopts the plan after the consultation, before J+5
        return self.consultation_closes + timedelta(days=14)

    def summit_label(self):
        """The summit as every demo text names it ("du samedi 13 mars 2027")."""
        return f"{self.summit.day} {MONTHS[self.summit.month - 1]} {self.summit.year}"


DEMO_MONTH = 8
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


@dataclass
class Demo:
    territory: Territory
    users: dict
    now: datetime
    citizens: list = field(default_factory=list)

    @property
    def calendar(self):
        """The demo's dates (the territory's programme starts on ``calendar.start``)."""
        return Calendar.for_today(to_paris(self.now).date())


def _user(email, name, admin=False):
    user = User(email=email, display_name=name, is_admin=admin, confirmed_at=utcnow(),
                contact_consent=True)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user


def _citizens():
    bands = list(AgeBand)
    genders = (Gender.WOMAN, Gender.MAN)
    people = []
    for i in range(40):
        first, last = FIRST_NAMES[i % 20], LAST_NAMES[(i * 7) % 20]
        user = _user(f"{slugify(first)}.{slugify(last)}{i}@demo.thc.fr", f"{first} {last[0]}.")
        if i % 4:  # three in four declare their profile
            user.profile_consent_at = utcnow()
            user.age_band = bands[i % len(bands)]
            user.gender = genders[i % 2]
            user.neighbourhood = NEIGHBOURHOODS[i % len(NEIGHBOURHOODS)]
            user.is_isolated = i % 5 == 0
            user.is_single_parent = i % 6 == 0
        people.append(user)
    return people


def load_demo():
    if current_app.config["THC_ENV"] == "production":
        raise RuntimeError("Demo data is never loaded in production.")
    if db.session.scalar(db.select(Territory).where(Territory.slug == DEMO_SLUG)):
        return "Demo data already present: nothing to do."
    now = utcnow()
    today = to_paris(now).date()
    territory = Territory(
        name="Saint-Exemple-sur-Loire", slug=DEMO_SLUG, kind=TerritoryKind.COMMUNE,
        population=12_240, programme_start=Calendar.for_today(today).start,
        follows_programme=True, latitude=47.392, longitude=0.688,
    )
    db.session.add(territory)
    db.session.add(Territory(
        name="Val-de-Brume Agglomération", slug="val-de-brume", kind=TerritoryKind.INTERCOMMUNALITE,
        population=86_400, programme_start=today - relativedelta(months=15),
        follows_programme=True, latitude=45.76, longitude=4.84,
    ))
    network_only = Territory(
        name="Pont-Aven-les-Bois", slug="pont-aven-les-bois", kind=TerritoryKind.COMMUNE,
        population=3_100, follows_programme=False, latitude=47.85, longitude=-3.75,
    )
    db.session.add(network_only)
    users = {}
    for key, email, name, role, admin in ACCOUNTS:
        users[key] = _user(email, name, admin)
        if role is not None:
            db.session.add(Membership(user=users[key], territory=territory, role=role))
    # Each authority designates (at most) two people to the network.
    for key in ("agent", "elu"):
        db.session.add(NetworkMember(user=users[key], territory=territory))
    member = _user("reseau@demo.thc.fr", "Yann Le Goff")
    db.session.add(Membership(user=member, territory=network_only, role=Role.ELU))
    db.session.add(NetworkMember(user=member, territory=network_only))
    demo = Demo(territory=territory, users=users, now=now, citizens=_citizens())
    # A loader's boundary of its own (``thc demo`` is @transactional too): it commits the core
    # data, then each module's, so that a module that fails leaves the others loaded.
    db.session.commit()
    for module in demo_modules():
        module.populate(demo)
        db.session.commit()
    # The writes above are indexed as they commit; a rebuild also covers rows a loader
    # inserted below the ORM.
    search.reindex()
    db.session.commit()
    return "Demo data loaded: Saint-Exemple-sur-Loire."
