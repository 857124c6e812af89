"""What a draw publishes: the verification bundle, the transparency report, receipt checks.

Everything here is pseudonymised (no name, no contact) and read-only.
"""

import re
from fractions import Fraction

from flask_babel import gettext as _

from ...errors import Invalid
from .. import lottery, permissions, verifier
from ..models import DrawState
from .common import iso

RECEIPT_RE = re.compile(r"^[0-9a-f]{32}$")


def _steps(draw):
    return [{"declined": s.declined, "replacement": s.replacement} for s in draw.substitutions]


def bundle(draw):
    """The public verification bundle of a frozen (or drawn) draw."""
    permissions.require_public(draw)
    steps = _steps(draw)
    randomness = draw.randomness if draw.state == DrawState.DRAWN else None
    return lottery.build_bundle(draw.commitment, randomness=randomness,
                                entered_at=iso(draw.randomness_at) if randomness else None,
                                substitutions=steps)


def report_of(commitment):
    """Figures of the transparency report: types with probabilities, min / median / max."""
    frozen = verifier.Frozen(commitment)
    probabilities = frozen.probabilities()
    ordered = sorted(probabilities)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    columns = zip(frozen.types, frozen.sizes, probabilities, strict=True)
    rows = [{"index": t, "values": values, "size": size, "probability": p}
            for t, (values, size, p) in enumerate(columns)]
    return {"categories": [name for name, _v in frozen.categories], "types": rows,
            "minimum": ordered[0], "median": median, "maximum": ordered[-1],
            "pool_size": sum(frozen.sizes), "compositions": len(frozen.compositions)}


EXACT = ("minimum", "median", "maximum")  # exact fractions, stored as "p/q"


def stored_report(commitment):
    """``report_of`` as JSON (what the freeze stores on the draw)."""
    figures = report_of(commitment)
    return {**figures, **{key: str(figures[key]) for key in EXACT},
            "types": [{**row, "probability": str(row["probability"])}
                      for row in figures["types"]]}


def report(draw):
    """The report stored by the freeze (computed here only for a draw frozen before it was
    stored), with the hash of the verifier this server distributes."""
    stored = draw.report_json
    if not stored:
        return {**report_of(draw.commitment), "verifier_sha256": verifier.verifier_sha256()}
    return {**stored, **{key: Fraction(stored[key]) for key in EXACT},
            "types": [{**row, "probability": Fraction(row["probability"])}
                      for row in stored["types"]],
            "verifier_sha256": verifier.verifier_sha256()}


def check_receipt(draw, receipt):
    """What a private receipt says about this draw: in the frozen pool, selected, substitute."""
    receipt = (receipt or "").strip().lower()
    if not RECEIPT_RE.match(receipt):
        raise Invalid(_("Un reçu compte 32 caractères (chiffres et lettres a à f)."),
                      field="receipt")
    return verifier.locate(verifier.Frozen(draw.commitment), draw.result,
                           verifier.pseudonym(receipt), _steps(draw))
