"""The LEXIMIN lottery: hand-computed and enumerated probabilities, feasibility explanations."""
import itertools
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from thc_participation.evaluation import lottery, verifier

GENDER_AGE = [("age", [("jeune", 1, 1), ("âgé", 1, 1)]),
              ("genre", [("femme", 1, 1), ("homme", 1, 1)])]


def _frozen(pool, categories, panel_size):
    types, sizes = lottery.group_types(pool, categories)
    lot = lottery.solve(categories, types, sizes, panel_size)
    commitment = lottery.build_commitment(
        draw={"title": "essai"}, panel_size=panel_size, categories=categories, pool=pool,
        lottery=lot, randomness_source="dés",
        randomness_not_before="2026-01-02T00:00:00Z", frozen_at="2026-01-01T00:00:00Z")
    return verifier.Frozen(commitment), lot


def _pool(spec):
    """spec: [(values, how many)] -> pool rows with sequential ids."""
    rows, i = [], 0
    for values, count in spec:
        for _ in range(count):
            rows.append((f"P{i:03d}", list(values)))
            i += 1
    return rows


def test_hand_computed_leximin():
    # Feasible panels: {young woman, older man} or {older woman, young man}. With p the chance of
    # the first: young woman p, older man p/2, older woman (1-p)/4, young man 1-p. Leximin
    # equalises the two smallest: p/2 = (1-p)/4, so p = 1/3.
    pool = _pool([(("jeune", "femme"), 1), (("âgé", "femme"), 4),
                  (("jeune", "homme"), 1), (("âgé", "homme"), 2)])
    frozen, lot = _frozen(pool, GENDER_AGE, 2)
    expected = {("jeune", "femme"): Fraction(1, 3), ("âgé", "femme"): Fraction(1, 6),
                ("jeune", "homme"): Fraction(2, 3), ("âgé", "homme"): Fraction(1, 6)}
    for values, probability in zip(frozen.types, frozen.probabilities(), strict=True):
        assert abs(probability - expected[values]) <= Fraction(1, 10**8)
    assert lot.ceiling == pytest.approx(1 / 6, abs=1e-9)
    assert frozen.denominator == lottery.DENOMINATOR
    assert sum(frozen.weights) == frozen.denominator


def _enumerated_leximin(categories, types, sizes, panel_size):
    """Textbook leximin over ALL feasible compositions, one type tested at a time."""
    comps = []
    for counts in itertools.product(*(range(n + 1) for n in sizes)):
        if sum(counts) != panel_size:
            continue
        ok = all(lo <= sum(c for t, c in zip(types, counts, strict=True) if t[k] == v) <= hi
                 for k, (_name, values) in enumerate(categories) for v, lo, hi in values)
        if ok:
            comps.append(counts)
    a = np.array(comps, dtype=float) / np.array(sizes, dtype=float)   # (comps, types)
    fixed = {}
    while len(fixed) < len(types):
        free = [t for t in range(len(types)) if t not in fixed]

        def solve(target=None, z=None):
            # variables: p (comps), z; maximise z or the probability of `target`
            n = len(comps)
            c = np.zeros(n + 1)
            if target is None:
                c[-1] = -1
            else:
                c[:n] = -a[:, target]
            rows, rhs = [], []
            for t in range(len(types)):
                row = np.concatenate([-a[:, t], [0.0]])
                if t in fixed:
                    rhs.append(-fixed[t] + 1e-10)
                elif target is None:
                    row[-1] = 1.0
                    rhs.append(0.0)
                else:
                    rhs.append(-z + 1e-10)
                rows.append(row)
            res = linprog(c, A_ub=np.array(rows), b_ub=rhs,
                          A_eq=np.concatenate([np.ones(n), [0.0]])[None, :], b_eq=[1.0],
                          bounds=[(0, None)] * n + [(None, None)], method="highs")
            return -res.fun
        z = solve()
        for t in free:
            if solve(target=t, z=z) <= z + 1e-8:
                fixed[t] = z
        if all(t not in fixed for t in free):
            raise AssertionError("no type fixed")
    return [fixed[t] for t in range(len(types))]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_probabilities_equal_full_enumeration(seed):
    import random
    rng = random.Random(seed)
    categories = [("age", [("A", 1, 2), ("B", 1, 2), ("C", 0, 2)]),
                  ("genre", [("f", 1, 2), ("h", 1, 2)]),
                  ("public", [("isolé", 1, 3), ("non", 0, 3)])]
    spec = []
    for values in itertools.product("ABC", "fh", ["isolé", "non"]):
        if rng.random() < 0.75:
            spec.append((values, rng.randint(1, 4)))
    pool = _pool(spec)
    types, sizes = lottery.group_types(pool, categories)
    expected = _enumerated_leximin(categories, types, sizes, 3)
    frozen, _lot = _frozen(pool, categories, 3)
    got = [float(p) for p in frozen.probabilities()]
    assert got == pytest.approx(expected, abs=1e-7)


def test_types_are_sorted_value_tuples_with_sizes():
    pool = [("b", ["x", "1"]), ("a", ["x", "1"]), ("c", ["w", "2"])]
    types, sizes = lottery.group_types(pool, [])
    assert types == [("w", "2"), ("x", "1")]
    assert sizes == [1, 2]


@pytest.mark.parametrize("categories,panel,needle", [
    ([("genre", [("femme", 0, 2), ("homme", 0, 2)])], 9, "plus grand que le vivier"),
    ([("genre", [("femme", 4, 5), ("homme", 0, 5)])], 3, "il faut au moins 4 personnes"),
    ([("genre", [("femme", 2, 3), ("homme", 2, 3)])], 3, "la somme des minimums (4)"),
    ([("genre", [("femme", 0, 1), ("homme", 0, 1)])], 3, "que 2 personnes"),
    ([("genre", [("femme", 0, 3)])], 2, "« homme » de la catégorie « genre »"),
    ([("genre", [("femme", 3, 1), ("homme", 0, 3)])], 2, "le minimum (3) dépasse le maximum"),
])
def test_single_category_problems_are_explained(categories, panel, needle):
    pool = _pool([(("femme",), 3), (("homme",), 3)])
    types, sizes = lottery.group_types(pool, categories)
    problems = lottery.feasibility_problems(categories, types, sizes, panel)
    assert any(needle in p for p in problems), problems
    with pytest.raises(lottery.Infeasible):
        lottery.solve(categories, types, sizes, panel)


def test_interaction_between_two_categories_is_named():
    # Only young women and older men exist: two women and two young people cannot both hold.
    categories = [("age", [("jeune", 2, 2), ("âgé", 0, 2)]),
                  ("genre", [("femme", 0, 0), ("homme", 2, 2)])]
    pool = _pool([(("jeune", "femme"), 3), (("âgé", "homme"), 3)])
    types, sizes = lottery.group_types(pool, categories)
    problems = lottery.feasibility_problems(categories, types, sizes, 2)
    assert problems == ["Les quotas des catégories « age », « genre » ne peuvent pas être "
                        "respectés ensemble avec ce vivier : assouplissez l'un d'eux."]


def test_weights_round_to_exact_denominator():
    weights = lottery._round(np.array([1 / 3, 1 / 3, 1 / 3]), 10)
    assert weights == [4, 3, 3]


def test_no_constraining_category_means_one_type_and_equal_chances():
    pool = [(f"P{i}", []) for i in range(5)]
    frozen, _lot = _frozen(pool, [], 2)
    assert frozen.types == [()]
    assert frozen.probabilities() == [Fraction(2, 5)]
