"""Demo data: the fictional commune of Saint-Exemple-sur-Loire, one account per role.

Loaded once by ``thc demo`` (idempotent), never in production. The passwords are in the
README.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from flask import current_app

from .app import demo_modules
from .extensions import db
from .models import AgeBand, Gender, Membership, Role, Territory, TerritoryKind, User
from .text import slugify
from .timeutil import utcnow

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


@dataclass
class Demo:
    territory: Territory
    users: dict
    now: datetime
    citizens: list = field(default_factory=list)


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
    today = date.today()
    territory = Territory(
        name="Saint-Exemple-sur-Loire", slug=DEMO_SLUG, kind=TerritoryKind.COMMUNE,
        population=12_240, programme_start=today - relativedelta(months=8),
        follows_programme=True, latitude=47.392, longitude=0.688,
    )
    db.session.add(territory)
    db.session.add(Territory(
        name="Val-de-Brume Agglomération", slug="val-de-brume", kind=TerritoryKind.INTERCOMMUNALITE,
        population=86_400, programme_start=today - relativedelta(months=15),
        follows_programme=True, latitude=45.76, longitude=4.84,
    ))
    db.session.add(Territory(
        name="Pont-Aven-les-Bois", slug="pont-aven-les-bois", kind=TerritoryKind.COMMUNE,
        population=3_100, follows_programme=False, latitude=47.85, longitude=-3.75,
    ))
    users = {}
    for key, email, name, role, admin in ACCOUNTS:
        users[key] = _user(email, name, admin)
        if role is not None:
            db.session.add(Membership(user=users[key], territory=territory, role=role))
    demo = Demo(territory=territory, users=users, now=utcnow(), citizens=_citizens())
    # A loader's boundary of its own (``thc demo`` is @transactional too): it commits the core
    # data, then each module's, so that a module that fails leaves the others loaded.
    db.session.commit()
    for module in demo_modules():
        module.populate(demo)
        db.session.commit()
    return "Demo data loaded: Saint-Exemple-sur-Loire."
