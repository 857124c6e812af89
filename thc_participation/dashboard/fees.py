"""The yearly fees of the guide (pure logic, amounts in integer euro cents).

Two modes, never added together:

- **A programme territory** (Territoires Hautement Citoyens) pays the *contribution de base*,
  0.20 € per inhabitant per year, at least 2,500 € and at most 15,000 €. The guide says it is
  paid "au titre de l'adhésion à l'association Démocratie Ouverte et au Réseau de la transition
  démocratique, de l'accompagnement de base et de la mise à disposition des ressources": it
  already covers membership and network access. Each additional support day costs 800 €.
- **An authority that joins only the network** pays the membership table (membership + network
  access by population tier): under 5,000 inhabitants 500 € + 500 €; under 10,000
  1,000 € + 1,000 €; under 50,000 2,000 € + 1,500 €; under 100,000 3,000 € + 1,500 €;
  under 500,000 4,000 € + 1,500 €; under 1,000,000 5,000 € + 1,500 €.

The membership table stops below 1,000,000 inhabitants. Decision: an authority of 1,000,000
inhabitants or more pays the last tier and the result is flagged ``beyond_table`` so that the
page says the amount is to be confirmed by the network.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

# (population strictly below, membership, network access), in cents.
TIERS = (
    (5_000, 500_00, 500_00),
    (10_000, 1_000_00, 1_000_00),
    (50_000, 2_000_00, 1_500_00),
    (100_000, 3_000_00, 1_500_00),
    (500_000, 4_000_00, 1_500_00),
    (1_000_000, 5_000_00, 1_500_00),
)
BASE_PER_INHABITANT = 20  # cents
BASE_FLOOR = 2_500_00
BASE_CAP = 15_000_00
SUPPORT_DAY = 800_00
MAX_POPULATION = 100_000_000
MAX_SUPPORT_DAYS = 365

PROGRAMME, NETWORK = "programme", "network"

# The guide's wording of what the base contribution pays for (shown by the calculator).
BASE_WORDING = _l(
    "« au titre de l’adhésion à l’association Démocratie Ouverte et au Réseau de la transition "
    "démocratique, de l’accompagnement de base et de la mise à disposition des ressources »")
NETWORK_WORDING = _l(
    "Une collectivité qui rejoint seulement le Réseau de la transition démocratique paie "
    "l’adhésion et l’accès au réseau selon sa population ; elle ne suit pas le programme et ne "
    "peut pas communiquer autour de son sigle.")

# The support offers: what the base contribution includes, and what days may be added.
BASE_SUPPORT = (
    _l("l’état des lieux initial avec Démocratie Ouverte, qui fixe le parcours, sa durée et le "
       "niveau d’accompagnement"),
    _l("l’accompagnement méthodologique à distance par un·e chargé·e d’accompagnement"),
    _l("au moins trois déplacements de Démocratie Ouverte sur le territoire"),
    _l("l’adhésion à l’association et l’accès au Réseau de la transition démocratique (visites "
       "apprenantes, séminaires, visios entre pairs)"),
    _l("la mise à disposition des ressources, des outils et de cette plateforme"),
)
ADDITIONAL_SUPPORT = (
    _l("animation ou co-animation d’un temps fort (sommet citoyen, restitution)"),
    _l("formation des élu·es et des agents"),
    _l("appui au tirage au sort et aux groupes citoyens"),
    _l("appui à l’évaluation et au bilan"),
)


@dataclass(frozen=True)
class Fees:
    mode: str  # PROGRAMME or NETWORK
    population: int
    support_days: int
    tier_limit: int | None  # network mode: the tier's "under N inhabitants", None beyond
    membership: int  # network mode only (0 for a programme territory: included in the base)
    network_access: int  # network mode only
    base_contribution: int  # programme mode only
    floor_applied: bool
    cap_applied: bool
    support: int  # programme mode only

    @property
    def network_only(self) -> bool:
        return self.mode == NETWORK

    @property
    def beyond_table(self) -> bool:
        return self.network_only and self.tier_limit is None

    @property
    def total(self) -> int:
        return self.membership + self.network_access + self.base_contribution + self.support


def euros(cents: int) -> Decimal:
    """Cents as an exact Decimal amount of euros."""
    return Decimal(cents) / 100


def tier_for(population: int) -> tuple[int | None, int, int]:
    """(tier limit or None, membership, network access) for a population."""
    for limit, membership, access in TIERS:
        if population < limit:
            return limit, membership, access
    _, membership, access = TIERS[-1]
    return None, membership, access


def _check(population, support_days):
    if not isinstance(population, int) or isinstance(population, bool) \
            or not 1 <= population <= MAX_POPULATION:
        raise ValueError("population")
    if not isinstance(support_days, int) or isinstance(support_days, bool) \
            or not 0 <= support_days <= MAX_SUPPORT_DAYS:
        raise ValueError("support_days")


def programme_fees(population: int, support_days: int = 0) -> Fees:
    """A programme territory: base contribution (floor, cap) + 800 € per additional day."""
    _check(population, support_days)
    raw_base = population * BASE_PER_INHABITANT
    return Fees(
        mode=PROGRAMME, population=population, support_days=support_days, tier_limit=None,
        membership=0, network_access=0, base_contribution=min(max(raw_base, BASE_FLOOR), BASE_CAP),
        floor_applied=raw_base < BASE_FLOOR, cap_applied=raw_base > BASE_CAP,
        support=support_days * SUPPORT_DAY,
    )


def network_fees(population: int) -> Fees:
    """An authority in the network only: the membership table, nothing else."""
    _check(population, 0)
    limit, membership, access = tier_for(population)
    return Fees(
        mode=NETWORK, population=population, support_days=0, tier_limit=limit,
        membership=membership, network_access=access, base_contribution=0,
        floor_applied=False, cap_applied=False, support=0,
    )


def compute(population: int, support_days: int = 0, network_only: bool = False) -> Fees:
    """The yearly fees; raises ``ValueError`` on a population or day count out of range."""
    if network_only:
        if support_days:
            _check(population, support_days)  # a range error first
            raise ValueError("support_days")  # the network-only mode has no support days
        return network_fees(population)
    return programme_fees(population, support_days)


def for_territory(territory, support_days: int = 0) -> Fees:
    """The fees of a territory in its mode (``follows_programme`` false: network only)."""
    if not territory.follows_programme:
        return network_fees(territory.population)
    return programme_fees(territory.population, support_days)
