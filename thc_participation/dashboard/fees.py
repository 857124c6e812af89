"""The programme's yearly fees (pure logic, amounts in integer euro cents).

Rules (Territoires Hautement Citoyens):
- membership by population tier, plus network access:
  under 5,000 inhabitants 500 € + 500 €; under 10,000 1,000 € + 1,000 €;
  under 50,000 2,000 € + 1,500 €; under 100,000 3,000 € + 1,500 €;
  under 500,000 4,000 € + 1,500 €; under 1,000,000 5,000 € + 1,500 €;
- THC base contribution: 0.20 € per inhabitant per year, at least 2,500 €, at most 15,000 €;
- additional support: 800 € per day.

The programme's table stops below 1,000,000 inhabitants. Decision: a territory of 1,000,000
inhabitants or more pays the last tier (5,000 € + 1,500 €) and the result is flagged
``beyond_table`` so that the page says the amount is to be confirmed by the network.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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


@dataclass(frozen=True)
class Fees:
    population: int
    support_days: int
    tier_limit: int | None  # the tier's "under N inhabitants", None beyond the table
    membership: int
    network_access: int
    base_contribution: int
    floor_applied: bool
    cap_applied: bool
    support: int

    @property
    def beyond_table(self) -> bool:
        return self.tier_limit is None

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


def compute(population: int, support_days: int = 0) -> Fees:
    """The yearly fees; raises ``ValueError`` on a population or day count out of range."""
    if not isinstance(population, int) or not 1 <= population <= MAX_POPULATION:
        raise ValueError("population")
    if not isinstance(support_days, int) or not 0 <= support_days <= MAX_SUPPORT_DAYS:
        raise ValueError("support_days")
    limit, membership, access = tier_for(population)
    raw_base = population * BASE_PER_INHABITANT
    base = min(max(raw_base, BASE_FLOOR), BASE_CAP)
    return Fees(
        population=population,
        support_days=support_days,
        tier_limit=limit,
        membership=membership,
        network_access=access,
        base_contribution=base,
        floor_applied=raw_base < BASE_FLOOR,
        cap_applied=raw_base > BASE_CAP,
        support=support_days * SUPPORT_DAY,
    )
