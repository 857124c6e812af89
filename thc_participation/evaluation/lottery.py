"""Fair panel lotteries: LEXIMIN over types of interchangeable people, solved with HiGHS.

People with identical category values form a *type*. A *composition* says how many people of
each type sit on the panel; it is feasible when it has `panel_size` people, never more of a type
than the pool holds, and meets every quota. A *lottery* is a probability distribution over
feasible compositions; within a type the seats go to people uniformly at random (by keyed hash at
draw time), so a person of type t is selected with probability E[count_t] / size_t.

LEXIMIN (Flanigan et al., Nature 2021) maximises the smallest of these probabilities, then the
next, and so on. We run their column generation on type counts instead of individuals: the
pricing problem is an integer programme with one variable per type, so a pool of 100,000 rows
with ~180 types is as small as a pool of 500. The master linear programme is one HiGHS model
(highspy), re-solved warm after each new column; the pricing integer programme and the final
linear programme use HiGHS through SciPy. The lottery is published with integer weights over a
fixed denominator, so that its probabilities are exact rationals, the same everywhere.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import highspy
import numpy as np
from flask_babel import gettext as _
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

from . import verifier

ALGORITHM = "leximin-types/1"
DENOMINATOR = 10**12
_TOLERANCES = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
_FIX_THRESHOLD = 1e-7   # dual weight above which a type is tight at the current level
_PRICE_TOLERANCE = 1e-9  # relative improvement needed to add a column


class Infeasible(ValueError):
    """Quotas that no panel can meet; `problems` are French explanations."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass
class Lottery:
    compositions: list          # list of tuples, counts per type, sorted
    weights: list               # positive ints summing to `denominator`
    denominator: int
    ceiling: float              # certified maximum of the minimum probability over all lotteries
    levels: int                 # number of leximin levels solved
    columns: int                # compositions generated in total


def normalise_categories(categories) -> list:
    """[(name, [(value, min, max), ...]), ...] sorted by name then value, as the verifier wants."""
    return sorted((name, sorted((v, int(lo), int(hi)) for v, lo, hi in values))
                  for name, values in categories)


def group_types(pool, categories) -> tuple:
    """Types (sorted value tuples, categories in name order) and their sizes.

    `pool` is an iterable of (id, values) with values in the order of `categories`.
    """
    sizes = {}
    for _pid, values in pool:
        key = tuple(values)
        sizes[key] = sizes.get(key, 0) + 1
    types = sorted(sizes)
    return types, [sizes[t] for t in types]


class _Space:
    """Feasible compositions: integer counts per type meeting size, pool and quota rules."""

    def __init__(self, categories, types, sizes, panel_size, only=None):
        self.sizes = np.array(sizes, dtype=float)
        rows, lower, upper = [np.ones(len(types))], [panel_size], [panel_size]
        for k, (_name, values) in enumerate(categories):
            if only is not None and k not in only:
                continue
            for value, low, high in values:
                rows.append(np.array([1.0 if t[k] == value else 0.0 for t in types]))
                lower.append(low)
                upper.append(high)
        self.constraint = LinearConstraint(csr_matrix(np.vstack(rows)), lower, upper)

    def best(self, objective):
        """The feasible composition maximising objective . counts, or None if none exists."""
        res = milp(-np.asarray(objective, dtype=float), integrality=np.ones(len(self.sizes)),
                   bounds=Bounds(0, self.sizes), constraints=[self.constraint],
                   options={"mip_rel_gap": 1e-10})
        if res.x is None:
            return None
        return tuple(int(round(v)) for v in res.x)


def feasibility_problems(categories, types, sizes, panel_size) -> list:
    """Why no panel can meet the quotas, in French; empty when a panel exists."""
    problems = []
    total = sum(sizes)
    if panel_size < 1:
        problems.append(_("La taille du panel doit être d'au moins une personne."))
    if panel_size > total:
        problems.append(_("Le panel (%(k)s personnes) est plus grand que le vivier "
                          "(%(n)s personnes).", k=panel_size, n=total))
    for k, (name, values) in enumerate(categories):
        known = {v for v, _lo, _hi in values}
        for value in sorted({t[k] for t in types} - known):
            problems.append(_("La valeur « %(v)s » de la catégorie « %(c)s » figure dans le "
                              "vivier mais n'a pas de quota.", v=value, c=name))
        reachable = 0
        for value, low, high in values:
            available = sum(n for t, n in zip(types, sizes, strict=True) if t[k] == value)
            if low > high:
                problems.append(_("« %(c)s » = « %(v)s » : le minimum (%(lo)s) dépasse le "
                                  "maximum (%(hi)s).", c=name, v=value, lo=low, hi=high))
            if low > available:
                problems.append(_("« %(c)s » = « %(v)s » : il faut au moins %(lo)s personnes "
                                  "mais le vivier n'en compte que %(n)s.",
                                  c=name, v=value, lo=low, n=available))
            reachable += min(high, available)
        minimums = sum(lo for _v, lo, _hi in values)
        if minimums > panel_size:
            problems.append(_("« %(c)s » : la somme des minimums (%(s)s) dépasse la taille du "
                              "panel (%(k)s).", c=name, s=minimums, k=panel_size))
        if reachable < panel_size:
            problems.append(_("« %(c)s » : les maximums et le vivier ne permettent de retenir "
                              "que %(s)s personnes, moins que la taille du panel (%(k)s).",
                              c=name, s=reachable, k=panel_size))
    if problems:
        return problems
    if _Space(categories, types, sizes, panel_size).best(np.zeros(len(types))) is not None:
        return []
    for size in range(2, len(categories) + 1):
        for subset in itertools.combinations(range(len(categories)), size):
            space = _Space(categories, types, sizes, panel_size, only=set(subset))
            if space.best(np.zeros(len(types))) is None:
                names = ", ".join(f"« {categories[k][0]} »" for k in subset)
                return [_("Les quotas des catégories %(names)s ne peuvent pas être respectés "
                          "ensemble avec ce vivier : assouplissez l'un d'eux.", names=names)]
    return [_("Les quotas ne peuvent pas être respectés avec ce vivier.")]


def solve(categories, types, sizes, panel_size, denominator=DENOMINATOR) -> Lottery:
    """The LEXIMIN lottery over compositions, with integer weights over `denominator`."""
    categories = normalise_categories(categories)
    problems = feasibility_problems(categories, types, sizes, panel_size)
    if problems:
        raise Infeasible(problems)
    space = _Space(categories, types, sizes, panel_size)
    count = len(types)
    # Probabilities are scaled so that the uniform rate panel_size / pool is 1: HiGHS's absolute
    # tolerances then mean the same for a pool of 500 and of 100,000.
    scale = sum(sizes) / panel_size
    unit = scale / np.array(sizes, dtype=float)       # a[P, t] = counts[t] * unit[t]
    # Start from one composition per type, favouring that type then the rarest ones.
    rarity = unit / unit.sum()
    master = _Master(unit)
    for t in range(count):
        master.add(space.best(rarity + np.eye(count)[t]))
    fixed = np.full(count, np.nan)
    ceiling, levels = None, 0
    while np.isnan(fixed).any():
        free = np.isnan(fixed)
        while True:
            y, yhat, level = master.solve()
            candidate = space.best(y * unit)
            value = float(np.dot(np.array(candidate) * unit, y))
            if value <= yhat + _PRICE_TOLERANCE * max(1.0, abs(yhat)) or not master.add(candidate):
                break
        levels += 1
        if ceiling is None:
            ceiling = level / scale
        tight = free & (y > _FIX_THRESHOLD)
        if not tight.any():
            tight = free & (y >= y[free].max())
        fixed[tight] = level
        master.fix(np.flatnonzero(tight), level)
    compositions = sorted(master.seen)
    probabilities = _primal(compositions, unit, fixed)
    kept = [(c, p) for c, p in zip(compositions, probabilities, strict=True) if p > 0]
    weights = _round(np.array([p for _c, p in kept]), denominator)
    pairs = [(c, w) for (c, _p), w in zip(kept, weights, strict=True) if w > 0]
    return Lottery(compositions=[c for c, _w in pairs], weights=[w for _c, w in pairs],
                   denominator=denominator, ceiling=ceiling, levels=levels,
                   columns=len(compositions))


class _Master:
    """'max z: every free type's probability >= z, fixed types >= their level' over the
    compositions generated so far, kept in one HiGHS model that is re-solved warm."""

    def __init__(self, unit):
        self.unit, self.seen = unit, set()
        self.highs = highspy.Highs()
        for option, value in {"output_flag": False, "presolve": "off", **_TOLERANCES}.items():
            self.highs.setOptionValue(option, value)
        inf = highspy.kHighsInf
        self.highs.addVar(-inf, inf)            # column 0: z
        self.highs.changeColCost(0, -1.0)       # minimise -z
        for _type in unit:                      # row t: sum_P a[P, t] p_P - z >= 0
            self.highs.addRow(0.0, inf, 1, np.array([0], dtype=np.int32), np.array([-1.0]))
        self.highs.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))

    def add(self, composition) -> bool:
        if composition in self.seen:
            return False
        self.seen.add(composition)
        a = np.array(composition, dtype=float) * self.unit
        rows = np.flatnonzero(a)
        self.highs.addCol(0.0, 0.0, highspy.kHighsInf, len(rows) + 1,
                          np.append(rows, len(self.unit)).astype(np.int32),
                          np.append(a[rows], 1.0))
        return True

    def fix(self, types, level):
        for t in types:
            self.highs.changeCoeff(int(t), 0, 0.0)
            self.highs.changeRowBounds(int(t), level - 1e-9, highspy.kHighsInf)

    def solve(self):
        """Dual prices of the type rows and of the "sum to 1" row, and the optimal z."""
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError("HiGHS could not solve the master problem")
        duals = np.array(self.highs.getSolution().row_dual)
        return duals[:-1], -duals[-1], -self.highs.getInfo().objective_function_value


def _primal(compositions, unit, fixed):
    """A distribution over the compositions reaching every fixed level (max the worst slack)."""
    a = np.array(compositions, dtype=float) * unit     # (columns, types)
    n = len(compositions)
    c = np.concatenate([np.zeros(n), [-1.0]])
    a_ub = np.hstack([-a.T, np.ones((a.shape[1], 1))])   # -sum p a + delta <= -fixed
    a_eq = np.concatenate([np.ones(n), [0.0]])[None, :]
    res = linprog(c, A_ub=a_ub, b_ub=-fixed, A_eq=a_eq, b_eq=[1.0],
                  bounds=[(0, None)] * n + [(None, None)], method="highs",
                  options={"presolve": False, **_TOLERANCES})
    if res.status != 0:
        raise RuntimeError(f"HiGHS could not solve the final lottery: {res.message}")
    return np.clip(res.x[:n], 0.0, None)


def _round(probabilities, denominator) -> list:
    """Integers summing exactly to denominator (largest remainder, ties by position)."""
    scaled = probabilities / probabilities.sum() * denominator
    floors = np.floor(scaled).astype(np.int64)
    missing = int(denominator - floors.sum())
    order = sorted(range(len(scaled)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [int(w) for w in floors]


def build_commitment(*, draw, panel_size, categories, pool, lottery, randomness_source,
                     randomness_not_before, frozen_at) -> dict:
    """The frozen commitment, in the exact structure the verifier reads.

    `draw` is a dict of public labels (territory slug, draw id, title); `pool` an iterable of
    (pseudonymous id, values in category-name order); `frozen_at` and `randomness_not_before`
    (the earliest moment the public randomness may be entered) are "YYYY-MM-DDTHH:MM:SSZ".
    """
    categories = normalise_categories(categories)
    return {
        "format": verifier.FORMAT,
        "algorithm": ALGORITHM,
        "draw": draw,
        "panel_size": panel_size,
        "categories": [{"name": name, "values": [{"value": v, "min": lo, "max": hi}
                                                  for v, lo, hi in values]}
                       for name, values in categories],
        "pool": sorted([pid, list(values)] for pid, values in pool),
        "lottery": {"denominator": lottery.denominator,
                    "compositions": [{"counts": list(c), "weight": w} for c, w in
                                     zip(lottery.compositions, lottery.weights, strict=True)]},
        "randomness_source": randomness_source,
        "randomness_not_before": randomness_not_before,
        "frozen_at": frozen_at,
    }


def build_bundle(commitment, randomness=None, entered_at=None, substitutions=()) -> dict:
    """The public verification bundle; the draw is computed by the verifier's own code."""
    frozen = verifier.Frozen(commitment)
    fingerprint = verifier.fingerprint(commitment)
    bundle = {
        "format": verifier.BUNDLE_FORMAT,
        "commitment": commitment,
        "fingerprint": fingerprint,
        "probabilities": [verifier.format_fraction(p) for p in frozen.probabilities()],
        "randomness": None,
        "result": None,
        "substitutions": list(substitutions),
        "verifier_sha256": verifier.verifier_sha256(),
    }
    if randomness is not None:
        bundle["randomness"] = {"value": randomness, "entered_at": entered_at}
        bundle["result"] = verifier.draw(frozen, fingerprint, randomness)
    elif bundle["substitutions"]:
        raise ValueError("substitutions without randomness")
    return bundle
