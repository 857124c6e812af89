"""The guide's fees: the base contribution of programme territories, the membership table of
authorities in the network only; every boundary the guide's figures create."""
from decimal import Decimal

import pytest

from thc_participation.dashboard import fees


@pytest.mark.parametrize("population, membership, access, limit", [
    (1, 500_00, 500_00, 5_000),
    (3_100, 500_00, 500_00, 5_000),
    (4_999, 500_00, 500_00, 5_000),
    (5_000, 1_000_00, 1_000_00, 10_000),
    (9_999, 1_000_00, 1_000_00, 10_000),
    (10_000, 2_000_00, 1_500_00, 50_000),
    (49_999, 2_000_00, 1_500_00, 50_000),
    (50_000, 3_000_00, 1_500_00, 100_000),
    (99_999, 3_000_00, 1_500_00, 100_000),
    (100_000, 4_000_00, 1_500_00, 500_000),
    (499_999, 4_000_00, 1_500_00, 500_000),
    (500_000, 5_000_00, 1_500_00, 1_000_000),
    (999_999, 5_000_00, 1_500_00, 1_000_000),
    (1_000_000, 5_000_00, 1_500_00, None),
    (2_200_000, 5_000_00, 1_500_00, None),
])
def test_network_only_pays_the_membership_table(population, membership, access, limit):
    result = fees.compute(population, network_only=True)
    assert (result.membership, result.network_access, result.tier_limit) == (
        membership, access, limit)
    assert (result.base_contribution, result.support) == (0, 0)
    assert result.total == membership + access
    assert result.beyond_table is (limit is None)
    assert result.network_only and result.mode == fees.NETWORK


def test_network_only_authority_of_3100_inhabitants_pays_1000_euros():
    assert fees.euros(fees.network_fees(3_100).total) == Decimal("1000")


@pytest.mark.parametrize("population, base, floor, cap", [
    (1, 2_500_00, True, False),
    (4_999, 2_500_00, True, False),
    (5_000, 2_500_00, True, False),
    (9_999, 2_500_00, True, False),
    (10_000, 2_500_00, True, False),
    (12_240, 2_500_00, True, False),       # Saint-Exemple-sur-Loire: 2,448 € -> floor
    (12_499, 2_500_00, True, False),       # 2,499.80 € -> floor
    (12_500, 2_500_00, False, False),      # exactly the floor: the last population it binds
    (12_501, 2_500_20, False, False),      # the floor stops binding
    (40_000, 8_000_00, False, False),
    (74_999, 14_999_80, False, False),
    (75_000, 15_000_00, False, False),     # exactly the ceiling: where it starts
    (75_001, 15_000_00, False, True),
    (999_999, 15_000_00, False, True),
    (1_000_000, 15_000_00, False, True),
])
def test_programme_pays_the_base_contribution_only(population, base, floor, cap):
    result = fees.compute(population)
    assert (result.base_contribution, result.floor_applied, result.cap_applied) == (
        base, floor, cap)
    # Membership and network access are included in the base contribution, never added.
    assert (result.membership, result.network_access) == (0, 0)
    assert result.total == base
    assert result.mode == fees.PROGRAMME and not result.beyond_table


def test_programme_of_12240_inhabitants_pays_2500_euros_plus_days():
    assert fees.euros(fees.compute(12_240).total) == Decimal("2500")
    result = fees.compute(12_240, support_days=3)
    assert result.support == 2_400_00
    assert fees.euros(result.total) == Decimal("4900")
    assert fees.euros(2_500_20) == Decimal("2500.20")


def test_for_territory_follows_the_mode(territory):
    territory.population = 3_100
    assert fees.for_territory(territory).total == 2_500_00
    territory.follows_programme = False
    assert fees.for_territory(territory, support_days=4).total == 1_000_00


@pytest.mark.parametrize("population, days, network_only", [
    (0, 0, False), (-5, 0, False), (fees.MAX_POPULATION + 1, 0, False), (1000, -1, False),
    (1000, fees.MAX_SUPPORT_DAYS + 1, False), ("1000", 0, False), (1000, 1.5, False),
    (True, 0, False), (0, 0, True), (1000, 2, True),
])
def test_out_of_range_input_is_refused(population, days, network_only):
    with pytest.raises(ValueError):
        fees.compute(population, days, network_only)
