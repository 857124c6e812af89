"""The draw and its verifier: determinism across processes, tampering, quotas for any randomness."""
import copy
import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from thc_participation.evaluation import lottery, verifier

from .samples import quotas, skewed_pool

ROOT = Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "thc_participation" / "evaluation" / "verifier.py"
PANEL = 10

BUILD_SCRIPT = """
import hashlib, json, sys
sys.path.insert(0, {root!r})
from tests.evaluation.samples import quotas, skewed_pool
from thc_participation.evaluation import lottery, verifier
pool, q = skewed_pool(300), quotas({panel})
types, sizes = lottery.group_types(pool, q)
commitment = lottery.build_commitment(
    draw={{"title": "Comité de pilotage"}}, panel_size={panel}, categories=q, pool=pool,
    lottery=lottery.solve(q, types, sizes, {panel}), randomness_source="Loto du 1er mars",
    randomness_not_before="2026-03-01T20:00:00Z", frozen_at="2026-03-01T18:00:00Z")
bundle = lottery.build_bundle(commitment, randomness="7 12 23 31 44 - 5",
                              entered_at="2026-03-02T09:00:00Z")
print(json.dumps({{"fingerprint": bundle["fingerprint"], "result": bundle["result"],
                  "bundle_sha256": hashlib.sha256(verifier.canonical_json(bundle)).hexdigest()}}))
"""


@pytest.fixture(scope="module")
def bundle():
    pool, q = skewed_pool(300), quotas(PANEL)
    types, sizes = lottery.group_types(pool, q)
    commitment = lottery.build_commitment(
        draw={"title": "Comité de pilotage"}, panel_size=PANEL, categories=q, pool=pool,
        lottery=lottery.solve(q, types, sizes, PANEL), randomness_source="Loto du 1er mars",
        randomness_not_before="2026-03-01T20:00:00Z", frozen_at="2026-03-01T18:00:00Z")
    return lottery.build_bundle(commitment, randomness="7 12 23 31 44 - 5",
                                entered_at="2026-03-02T09:00:00Z")


def _fresh(bundle):
    return json.loads(json.dumps(bundle))


def test_same_inputs_same_panel_in_processes_with_different_hash_seeds(bundle):
    script = BUILD_SCRIPT.format(root=str(ROOT), panel=PANEL)
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONHASHSEED": seed}, text=True)
            for seed in ("1", "2", "random")]
    # The last line: HiGHS prints its banner on stdout first.
    outputs = [json.loads(run.communicate(timeout=300)[0].strip().splitlines()[-1])
               for run in runs]
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]["fingerprint"] == bundle["fingerprint"]
    assert outputs[0]["result"] == bundle["result"]


def test_genuine_bundle_accepted(bundle):
    report = verifier.verify_bundle(_fresh(bundle))
    assert report.ok, report.text()
    assert report.text().endswith("Tout concorde.")
    selected = sum(len(t["selected"]) for t in bundle["result"]["types"])
    assert selected == PANEL


def test_standalone_verifier_with_system_python_and_no_project(tmp_path, bundle):
    """One file, standard library only: copied alone, run isolated by another interpreter."""
    alone = tmp_path / "verifier.py"
    alone.write_bytes(VERIFIER.read_bytes())
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    run = subprocess.run([python, "-I", str(alone), str(path)], capture_output=True, text=True,
                         env={"PYTHONHASHSEED": "12345"}, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Tout concorde." in run.stdout
    assert bundle["verifier_sha256"] == hashlib.sha256(VERIFIER.read_bytes()).hexdigest()


def _reseal(b):
    b["fingerprint"] = verifier.fingerprint(b["commitment"])
    return b


def _tamper_pool(b):
    b["commitment"]["pool"][0][1][0] = "75+" if b["commitment"]["pool"][0][1][0] != "75+" else "18-29"


def _tamper_quota(b):
    b["commitment"]["categories"][0]["values"][0]["max"] += 1


def _tamper_randomness(b):
    b["randomness"]["value"] = "7 12 23 31 45 - 5"


def _tamper_result(b):
    entry = next(t for t in b["result"]["types"] if t["selected"] and t["substitutes"])
    entry["selected"][0], entry["substitutes"][0] = entry["substitutes"][0], entry["selected"][0]


def _tamper_probabilities(b):
    b["probabilities"][0] = "1/2"


def _tamper_weights_resealed(b):
    comps = b["commitment"]["lottery"]["compositions"]
    comps[0]["weight"] += comps[1]["weight"]
    del comps[1]
    _reseal(b)


def _tamper_composition_resealed(b):
    comp = b["commitment"]["lottery"]["compositions"][-1]
    comp["counts"] = [0] * len(comp["counts"])
    comp["counts"][0] = PANEL
    b["commitment"]["lottery"]["compositions"].sort(key=lambda c: c["counts"])
    _reseal(b)


def _tamper_denominator_resealed(b):
    b["commitment"]["lottery"]["denominator"] += 1
    _reseal(b)


def _tamper_substitution(b):
    entry = next(t for t in b["result"]["types"] if t["selected"] and len(t["substitutes"]) > 1)
    b["substitutions"] = [{"declined": entry["selected"][0], "replacement": entry["substitutes"][1]}]


def _tamper_float(b):
    b["commitment"]["panel_size"] = 10.0


def _tamper_missing_field(b):
    del b["commitment"]["lottery"]


def _tamper_unsorted_pool(b):
    pool = b["commitment"]["pool"]
    pool[0], pool[1] = pool[1], pool[0]
    _reseal(b)


@pytest.mark.parametrize("tamper,failed", [
    (_tamper_pool, "Empreinte"),
    (_tamper_quota, "Empreinte"),
    (_tamper_randomness, "Tirage recalculé"),
    (_tamper_result, "Tirage recalculé"),
    (_tamper_probabilities, "Probabilités"),
    (_tamper_weights_resealed, "Probabilités"),
    (_tamper_composition_resealed, "Quotas respectés par les"),
    (_tamper_denominator_resealed, "Somme des probabilités"),
    (_tamper_substitution, "Remplacements"),
    (_tamper_float, "Structure"),
    (_tamper_missing_field, "Structure"),
    (_tamper_unsorted_pool, "Structure"),
])
def test_each_kind_of_tampering_is_rejected(bundle, tamper, failed):
    forged = _fresh(bundle)
    tamper(forged)
    report = verifier.verify_bundle(forged)
    assert not report.ok
    assert any(not ok and label.startswith(failed) for ok, label, _ in report.checks), report.text()


def test_any_change_of_pool_quotas_or_randomness_changes_fingerprint_or_result(bundle):
    base = _fresh(bundle)
    for tamper in (_tamper_pool, _tamper_quota):
        changed = _fresh(bundle)
        tamper(changed)
        assert verifier.fingerprint(changed["commitment"]) != base["fingerprint"]
    frozen = verifier.Frozen(base["commitment"])
    results = {json.dumps(verifier.draw(frozen, base["fingerprint"], f"{r}")) for r in range(20)}
    assert len(results) == 20


def test_quotas_met_for_1000_randomness_values_and_after_substitutions(bundle):
    frozen = verifier.Frozen(bundle["commitment"])
    rng = random.Random(3)
    chosen = set()
    for r in range(1000):
        result = verifier.draw(frozen, bundle["fingerprint"], f"tirage-{r}")
        chosen.add(result["composition"])
        counts = [len(t["selected"]) for t in result["types"]]
        assert frozen.quota_problems(counts) == []
        for t, entry in enumerate(result["types"]):
            assert sorted(entry["selected"] + entry["substitutes"]) == frozen.members[t]
        # Three people decline one after the other; each replacement follows the rule.
        key = verifier.seed(bundle["fingerprint"], f"tirage-{r}")
        steps = []
        for declined in rng.sample([pid for t in result["types"] for pid in t["selected"]], 3):
            seated, _v, _p = verifier.apply_substitutions(frozen, result, steps, key)
            used = {s["replacement"] for s in steps}
            queue = [[p for p in t["substitutes"] if p not in used] for t in result["types"]]
            replacement = verifier.next_replacement(frozen, key, seated, queue,
                                                    frozen.type_of[declined])
            if queue[frozen.type_of[declined]]:
                assert frozen.type_of[replacement] == frozen.type_of[declined]
            steps.append({"declined": declined, "replacement": replacement})
        now, vacancies, problems = verifier.apply_substitutions(frozen, result, steps, key)
        assert problems == []
        if not vacancies:
            assert frozen.quota_problems([len(ids) for ids in now]) == []
    assert len(chosen) > 1   # the composition itself is drawn, not fixed


def test_composition_frequencies_follow_weights():
    pool = [(f"P{i}", ["f" if i < 4 else "h"]) for i in range(8)]
    categories = [("genre", [("f", 0, 2), ("h", 0, 2)])]
    types, sizes = lottery.group_types(pool, categories)
    commitment = lottery.build_commitment(
        draw={}, panel_size=2, categories=categories, pool=pool,
        lottery=lottery.solve(categories, types, sizes, 2), randomness_source="x",
        randomness_not_before="2026-01-02T00:00:00Z", frozen_at="2026-01-01T00:00:00Z")
    frozen = verifier.Frozen(commitment)
    fp = verifier.fingerprint(commitment)
    hits = {}
    for r in range(2000):
        index = verifier.draw(frozen, fp, str(r))["composition"]
        hits[index] = hits.get(index, 0) + 1
    for index, weight in enumerate(frozen.weights):
        assert abs(hits.get(index, 0) / 2000 - weight / frozen.denominator) < 0.05


def test_pending_bundle_verifies_commitment_only(bundle):
    pending = lottery.build_bundle(copy.deepcopy(bundle["commitment"]))
    report = verifier.verify_bundle(_fresh(pending))
    assert report.ok, report.text()
    assert "Tirage en attente de l'aléa public" in report.text()


def test_cli_main_exit_codes(tmp_path, bundle, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(bundle), encoding="utf-8")
    assert verifier.main([str(good)]) == 0
    forged = _fresh(bundle)
    _tamper_result(forged)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(forged), encoding="utf-8")
    assert verifier.main([str(bad)]) == 1
    assert verifier.main([str(good), "--recu", "0" * 32]) == 0
    assert "n'est PAS dans le vivier gelé" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text("{pas du json", encoding="utf-8")
    assert verifier.main([str(broken)]) == 2
    assert "Impossible de lire le paquet" in capsys.readouterr().err


def _rule_as_written(frozen, key, seated, queue, t):
    """Section 6 of the spec, literally: same type, else the nearest admissible type."""
    if queue[t]:
        return queue[t][0]
    counts = [len(ids) for ids in seated]
    counts[t] -= 1
    candidates = []
    for u, waiting in enumerate(queue):
        if waiting:
            after = [n + (i == u) for i, n in enumerate(counts)]
            if not frozen.quota_problems(after, size=False):
                distance = sum(a != b for a, b in zip(frozen.types[u], frozen.types[t],
                                                      strict=True))
                candidates.append((distance, verifier.person_key(key, waiting[0])))
    return min(candidates)[1][1] if candidates else None


def test_the_replacement_rule_follows_the_spec_when_types_run_out(bundle):
    frozen = verifier.Frozen(bundle["commitment"])
    rng = random.Random(6)
    differing = 0
    for r in range(300):
        key = verifier.seed(bundle["fingerprint"], f"r{r}")
        result = verifier.draw(frozen, bundle["fingerprint"], f"r{r}")
        seated = [list(t["selected"]) for t in result["types"]]
        queue = [list(t["substitutes"]) if rng.random() < 0.5 else [] for t in result["types"]]
        t = rng.choice([i for i, ids in enumerate(seated) if ids])
        chosen = verifier.next_replacement(frozen, key, seated, queue, t)
        assert chosen == _rule_as_written(frozen, key, seated, queue, t)
        differing += chosen is not None and frozen.type_of[chosen] != t
    assert differing > 50   # the nearest-type branch was exercised
