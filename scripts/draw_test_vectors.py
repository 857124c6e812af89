"""Print the test vectors of docs/draw-algorithm.md (section 10) from a small fixed bundle.

    PYTHONPATH=. .venv/bin/python scripts/draw_test_vectors.py

The bundle is built once with the platform's code; the doc keeps its bytes and the expected
intermediate values, and tests/evaluation/test_spec_vectors.py checks both against the
verifier. Re-run only when the format changes on purpose.
"""
import hashlib
import hmac
import json

from thc_participation.evaluation import lottery, verifier

POOL = [("P1A2B3C4D5E6F7081", ["femme", "Centre"]), ("P2B3C4D5E6F708192", ["femme", "Nord"]),
        ("P3C4D5E6F708192A3", ["femme", "Nord"]), ("P4D5E6F708192A3B4", ["homme", "Centre"]),
        ("P5E6F708192A3B4C5", ["homme", "Nord"]), ("P6F708192A3B4C5D6", ["homme", "Nord"])]
CATEGORIES = [("genre", [("femme", 1, 1), ("homme", 1, 1)]),
              ("quartier", [("Centre", 0, 1), ("Nord", 0, 2)])]


def vectors():
    types, sizes = lottery.group_types(POOL, CATEGORIES)
    commitment = lottery.build_commitment(
        draw={"territory": "exemple", "id": 1, "title": "Vecteur de test", "purpose": "steering"},
        panel_size=2, categories=CATEGORIES, pool=POOL,
        lottery=lottery.solve(CATEGORIES, types, sizes, 2),
        randomness_source="Dés lancés en conseil municipal",
        randomness_not_before="2026-03-07T20:00:00Z", frozen_at="2026-03-01T18:00:00Z")
    randomness = "3 6 1 4"
    # The man of the Centre (a type of one) declines: no same-type substitute, so the nearest
    # type that keeps every quota (a man of the Nord); then a woman of the Nord declines.
    steps = [{"declined": "P4D5E6F708192A3B4", "replacement": "P5E6F708192A3B4C5"},
             {"declined": "P2B3C4D5E6F708192", "replacement": "P3C4D5E6F708192A3"}]
    bundle = lottery.build_bundle(commitment, randomness=randomness,
                                  entered_at="2026-03-07T20:05:00Z", substitutions=steps)
    frozen = verifier.Frozen(commitment)
    key = verifier.seed(bundle["fingerprint"], randomness)
    mac = hmac.new(key, b"composition", hashlib.sha256).digest()
    first = bundle["result"]["types"][0]["selected"] or bundle["result"]["types"][0]["substitutes"]
    return bundle, {
        "canonical_commitment": verifier.canonical_json(commitment).decode("ascii"),
        "fingerprint": bundle["fingerprint"],
        "seed": key.hex(),
        "composition_mac": mac.hex(),
        "composition_r": int.from_bytes(mac, "big") % frozen.denominator,
        "composition": bundle["result"]["composition"],
        "types": [list(t) for t in frozen.types],
        "person_mac_of_first_member_of_type_0": hmac.new(
            key, b"person\n" + first[0].encode(), hashlib.sha256).hexdigest(),
        "ranks": [t["selected"] + t["substitutes"] for t in bundle["result"]["types"]],
        "probabilities": bundle["probabilities"],
    }


if __name__ == "__main__":
    bundle, expected = vectors()
    print("```json thc-vector-bundle")
    print(json.dumps(bundle, ensure_ascii=False))
    print("```\n\n```json thc-vector-expected")
    print(json.dumps(expected, ensure_ascii=False, indent=1))
    print("```")
