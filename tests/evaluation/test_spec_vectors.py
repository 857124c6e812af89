"""The test vectors of docs/draw-algorithm.md (section 10) hold for the reference verifier."""
import hashlib
import hmac
import json
import re
from pathlib import Path

from thc_participation.evaluation import verifier

SPEC = Path(__file__).resolve().parents[2] / "docs" / "draw-algorithm.md"


def _block(name):
    match = re.search(r"```json " + name + r"\n(.*?)\n```", SPEC.read_text(encoding="utf-8"),
                      re.S)
    assert match, name
    return match.group(1)


def test_the_spec_vectors_match_the_verifier_step_by_step():
    text = _block("thc-vector-bundle")
    expected = json.loads(_block("thc-vector-expected"))
    bundle = verifier.load(text.encode("utf-8"))
    commitment = bundle["commitment"]
    canonical = verifier.canonical_json(commitment)
    assert canonical.decode("ascii") == expected["canonical_commitment"]
    assert hashlib.sha256(canonical).hexdigest() == expected["fingerprint"] == bundle["fingerprint"]
    key = verifier.seed(expected["fingerprint"], bundle["randomness"]["value"])
    assert key.hex() == expected["seed"]
    mac = hmac.new(key, b"composition", hashlib.sha256).digest()
    assert mac.hex() == expected["composition_mac"]
    frozen = verifier.Frozen(commitment)
    assert int.from_bytes(mac, "big") % frozen.denominator == expected["composition_r"]
    assert verifier.pick_composition(frozen, key) == expected["composition"]
    assert [list(t) for t in frozen.types] == expected["types"]
    ranks = [verifier.rank(key, members) for members in frozen.members]
    assert ranks == expected["ranks"]
    first = hmac.new(key, b"person\n" + ranks[0][0].encode(), hashlib.sha256).hexdigest()
    assert first == expected["person_mac_of_first_member_of_type_0"]
    assert [verifier.format_fraction(p) for p in frozen.probabilities()] == \
        expected["probabilities"] == bundle["probabilities"]
    # The first decline has no same-type substitute: the nearest type keeping every quota.
    declined, replacement = (bundle["substitutions"][0][k] for k in ("declined", "replacement"))
    assert frozen.types[frozen.type_of[declined]] != frozen.types[frozen.type_of[replacement]]
    report = verifier.verify_bytes(text.encode("utf-8"), announced=expected["fingerprint"],
                                   randomness="3\u00a06  1 4 ")
    assert report.ok, report.text()
    assert "Quotas respectés par le panel actuel" in report.text()
