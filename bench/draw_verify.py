"""How long a 100,000-person draw bundle takes to verify, start to verdict (goal: ≤ 2 s).

    PYTHONPATH=. .venv/bin/python bench/draw_verify.py [--size 100000] [--runs 3]

Builds a drawn bundle of a volunteer-skewed pool (tests/evaluation/samples.py, panel of 30,
two declines replayed), then times, as a user would run them (wall clock, process start
included): the standalone verifier with the system Python (`python3 verificateur_tirage.py
bundle.json --empreinte FP`) and `thc draw verify bundle.json --empreinte FP`; and, in process,
`verifier.verify_bytes`. Prints every run, wall clock and CPU time (user + system: what the
verification costs, whatever else shares the machine), and the load average before and after.
"""
import argparse
import json
import os
import resource
import shutil
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
SYSTEM_PYTHON = shutil.which("python3") if not os.path.exists("/usr/bin/python3") \
    else "/usr/bin/python3"
THC = str(ROOT / ".venv" / "bin" / "thc")


def build(size):
    pool, q = skewed_pool(size), quotas(PANEL)
    categories = lottery.normalise_categories(q)
    types, sizes = lottery.group_types(pool, categories)
    commitment = lottery.build_commitment(
        draw={"title": f"bench {size}"}, panel_size=PANEL, categories=categories, pool=pool,
        lottery=lottery.solve(categories, types, sizes, PANEL), randomness_source="bench",
        randomness_not_before="2026-01-02T00:00:00Z", frozen_at="2026-01-01T00:00:00Z")
    randomness = "3 14 15 92 65 - 3"
    drawn = lottery.build_bundle(commitment, randomness=randomness,
                                 entered_at="2026-01-02T00:00:05Z")
    frozen, key = verifier.Frozen(commitment), verifier.seed(drawn["fingerprint"], randomness)
    steps = []
    for declined in [p for t in drawn["result"]["types"] for p in t["selected"]][:2]:
        seated, _v, _p = verifier.apply_substitutions(frozen, drawn["result"], steps, key)
        used = {s["replacement"] for s in steps}
        queue = [[p for p in t["substitutes"] if p not in used] for t in drawn["result"]["types"]]
        steps.append({"declined": declined, "replacement": verifier.next_replacement(
            frozen, key, seated, queue, frozen.type_of[declined])})
    return lottery.build_bundle(commitment, randomness=randomness,
                                entered_at="2026-01-02T00:00:05Z", substitutions=steps)


def timed(command, env=None):
    """(wall-clock seconds, CPU seconds of the child: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert run.returncode == 0 and "Tout concorde." in run.stdout, run.stdout + run.stderr
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bundle = build(args.size)
    data = json.dumps(bundle, ensure_ascii=False).encode("utf-8")
    folder = Path(tempfile.mkdtemp())
    path, alone = folder / "verification.json", folder / "verificateur_tirage.py"
    path.write_bytes(data)
    alone.write_bytes(Path(verifier.__file__).read_bytes())
    fp = bundle["fingerprint"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"pool {args.size}, {len(bundle['probabilities'])} types, "
          f"{len(bundle['commitment']['lottery']['compositions'])} compositions, "
          f"bundle {len(data) / 1e6:.1f} MB; {SYSTEM_PYTHON}")
    for run in range(1, args.runs + 1):
        start, cpu = time.perf_counter(), time.process_time()
        assert verifier.verify_bytes(data, fp).ok
        in_process = (time.perf_counter() - start, time.process_time() - cpu)
        standalone = timed([SYSTEM_PYTHON, "-I", str(alone), str(path), "--empreinte", fp])
        thc = timed([THC, "draw", "verify", str(path), "--empreinte", fp], env=env)
        print(f"run {run} (wall / CPU): standalone {standalone[0]:.2f} / {standalone[1]:.2f} s,"
              f" thc draw verify {thc[0]:.2f} / {thc[1]:.2f} s, in process "
              f"{in_process[0]:.2f} / {in_process[1]:.2f} s")
    shutil.rmtree(folder)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
