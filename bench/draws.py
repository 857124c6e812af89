"""Benchmark of the random draws: fairness, time, verification; comparison with sortition-algorithms.

    .venv/bin/python bench/draws.py [--sizes 500,2000,100000] [--compare-timeout 900]

Synthetic volunteer-skewed pools (4 categories, up to 180 types, panel of 30). For each size it
prints: types, the smallest selection probability against the quota ceiling (the certified best
any lottery can do), the time from frozen pool to panel and substitutes (LEXIMIN, commitment,
draw), and the time to verify the bundle (in process, and with the standalone verifier run by
the system Python). Where the pool has fewer than 2,000 people it also runs the LEXIMIN of
`sortition-algorithms` (needs `pip install sortition-algorithms gurobipy`, not a project
dependency) in a subprocess and compares per-type probabilities.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.evaluation.samples import quotas, skewed_pool  # noqa: E402
from thc_participation.evaluation import lottery, verifier  # noqa: E402

PANEL = 30
SYSTEM_PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

SORTITION_SCRIPT = """
import json, sys, time
sys.path.insert(0, {root!r})
from sortition_algorithms import Settings, read_in_features, read_in_people
from sortition_algorithms.committee_generation.leximin import find_distribution_leximin
from tests.evaluation.samples import quotas, skewed_pool
pool, q = skewed_pool({size}), quotas({panel})
names = [n for n, _ in q]
body = [{{"feature": n, "value": v, "min": str(lo), "max": str(hi)}} for n, vals in q
        for v, lo, hi in vals]
features, _a, _b = read_in_features(["feature", "value", "min", "max"], body)
people, _r = read_in_people(["id"] + names, [dict(id=pid, **dict(zip(names, values)))
                            for pid, values in pool], features,
                            Settings(id_column="id", columns_to_keep=[]))
start = time.perf_counter()
committees, probabilities, _report = find_distribution_leximin(features, people, {panel}, [],
                                                               solver_backend="highspy")
elapsed = time.perf_counter() - start
marginal = {{pid: 0.0 for pid, _ in pool}}
for committee, p in zip(committees, probabilities):
    for pid in committee:
        marginal[pid] += p
print(json.dumps({{"seconds": elapsed, "marginal": marginal}}))
"""


def ours(size):
    pool, q = skewed_pool(size), quotas(PANEL)
    start = time.perf_counter()
    categories = lottery.normalise_categories(q)
    types, sizes = lottery.group_types(pool, categories)
    solved = lottery.solve(categories, types, sizes, PANEL)
    commitment = lottery.build_commitment(
        draw={"title": f"bench {size}"}, panel_size=PANEL, categories=categories, pool=pool,
        lottery=solved, randomness_source="bench",
        randomness_not_before="2026-01-02T00:00:00Z", frozen_at="2026-01-01T00:00:00Z")
    bundle = lottery.build_bundle(commitment, randomness="3 14 15 92 65 - 3",
                                  entered_at="2026-01-02T00:00:00Z")
    elapsed = time.perf_counter() - start
    frozen = verifier.Frozen(commitment)
    probabilities = frozen.probabilities()
    text = json.dumps(bundle)
    start = time.perf_counter()
    report = verifier.verify_bundle(json.loads(text))
    verify_seconds = time.perf_counter() - start
    assert report.ok, report.text()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        handle.write(text)
    start = time.perf_counter()
    run = subprocess.run([SYSTEM_PYTHON, "-I", verifier.__file__, handle.name],
                         capture_output=True, text=True)
    standalone = time.perf_counter() - start
    os.unlink(handle.name)
    assert run.returncode == 0, run.stdout + run.stderr
    return {
        "types": len(types), "seconds": elapsed, "verify": verify_seconds,
        "verify_standalone": standalone, "bundle_mb": len(text) / 1e6,
        "min": float(min(probabilities)), "ceiling": solved.ceiling,
        "compositions": len(solved.compositions), "levels": solved.levels,
        "by_type": {t: float(p) for t, p in zip(frozen.types, probabilities, strict=True)},
        "members": {pid: tuple(values) for pid, values in pool},
    }


def theirs(size, timeout):
    script = SORTITION_SCRIPT.format(root=str(ROOT), size=size, panel=PANEL)
    try:
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout} s"}
    if run.returncode != 0:
        return {"error": (run.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(run.stdout.strip().splitlines()[-1])


def _leximin_order(mine, other, tolerance=1e-5):
    """Which lottery is better in the leximin order, and where the sorted vectors part."""
    ours = sorted(mine["by_type"][values] for values in mine["members"].values())
    theirs = sorted(other["marginal"].values())
    for rank, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if abs(a - b) > tolerance:
            better = "ours" if a > b else "sortition-algorithms'"
            return (f"{better} is better: first difference beyond {tolerance:g} at rank {rank} "
                    f"of {len(ours)} (ours {a:.6f}, theirs {b:.6f})")
    return f"identical within {tolerance:g} at every rank"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="500,2000,100000")
    parser.add_argument("--compare-timeout", type=int, default=900)
    args = parser.parse_args()
    print(f"panel {PANEL}, 4 categories, volunteer-skewed pools; Python {sys.version.split()[0]}")
    for size in (int(s) for s in args.sizes.split(",")):
        mine = ours(size)
        print(f"\npool {size:>7}: {mine['types']} types, {mine['levels']} leximin levels, "
              f"{mine['compositions']} compositions in the lottery")
        print(f"  min probability {mine['min']:.8f} vs quota ceiling {mine['ceiling']:.8f} "
              f"= {100 * mine['min'] / mine['ceiling']:.5f} %")
        print(f"  frozen pool -> panel and substitutes: {mine['seconds']:.1f} s")
        print(f"  verification: {mine['verify']:.2f} s in process, "
              f"{mine['verify_standalone']:.2f} s standalone ({mine['bundle_mb']:.1f} MB bundle)")
        if size >= 2000:
            continue
        other = theirs(size, args.compare_timeout)
        if "error" in other:
            print(f"  sortition-algorithms leximin: {other['error']}")
            continue
        by_type = {}
        for pid, p in other["marginal"].items():
            by_type.setdefault(mine["members"][pid], []).append(p)
        spread = max(max(ps) - min(ps) for ps in by_type.values())
        gap = max(abs(sum(ps) / len(ps) - mine["by_type"][t]) for t, ps in by_type.items())
        print(f"  sortition-algorithms leximin: {other['seconds']:.1f} s; largest per-type "
              f"difference {gap:.2e} (spread inside its types {spread:.2e}); "
              f"ours takes {100 * mine['seconds'] / other['seconds']:.1f} % of its time")
        print(f"  leximin order (people sorted by probability): {_leximin_order(mine, other)}")


if __name__ == "__main__":
    main()
