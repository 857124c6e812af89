from decimal import Decimal

import pytest

from thc_participation.dashboard import fees


@pytest.mark.parametrize("population, membership, access, limit", [
    (1, 500_00, 500_00, 5_000),
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
def test_tier_boundaries(population, membership, access, limit):
    result = fees.compute(population)
    assert (result.membership, result.network_access, result.tier_limit) == (
        membership, access, limit)
    assert result.beyond_table is (limit is None)


@pytest.mark.parametrize("population, base, floor, cap", [
    (1, 2_500_00, True, False),
    (12_499, 2_500_00, True, False),       # 2,499.80 € -> floor
    (12_500, 2_500_00, False, False),      # exactly the floor
    (12_501, 2_500_20, False, False),
    (40_000, 8_000_00, False, False),
    (75_000, 15_000_00, False, False),     # exactly the cap
    (75_001, 15_000_00, False, True),
    (1_000_000, 15_000_00, False, True),
])
def test_base_contribution_floor_and_cap(population, base, floor, cap):
    result = fees.compute(population)
    assert (result.base_contribution, result.floor_applied, result.cap_applied) == (
        base, floor, cap)


def test_total_with_support_days():
    result = fees.compute(12_000, support_days=3)
    # tier < 50,000: 2,000 + 1,500; base floor 2,500; 3 days x 800
    assert result.support == 2_400_00
    assert result.total == 2_000_00 + 1_500_00 + 2_500_00 + 2_400_00
    assert fees.euros(result.total) == Decimal("8400")
    assert fees.euros(2_500_20) == Decimal("2500.20")


@pytest.mark.parametrize("population, days", [
    (0, 0), (-5, 0), (fees.MAX_POPULATION + 1, 0), (1000, -1),
    (1000, fees.MAX_SUPPORT_DAYS + 1), ("1000", 0), (1000, 1.5),
])
def test_out_of_range_input_is_refused(population, days):
    with pytest.raises(ValueError):
        fees.compute(population, days)
