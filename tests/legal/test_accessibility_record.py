"""Writing the automated audit's result into the accessibility statement's data."""

import json
import shutil
from datetime import date

from thc_participation.legal import services


def test_record_automated_audit_rewrites_only_its_section(tmp_path):
    target = tmp_path / "accessibility-audit.json"
    shutil.copy(services.ACCESSIBILITY_PATH, target)
    before = json.loads(target.read_text(encoding="utf-8"))
    pages = ["/ (anonyme)", "/reseau (anonyme)", "/reseau (agent)", "/admin/ (agent)"]
    violations = [
        {"id": "region", "impact": "moderate", "description": "Régions", "pages": {"/ (anonyme)"}},
        {"id": "link-in-text-block", "impact": "serious", "description": "Liens",
         "pages": {"/reseau (agent)", "/reseau (anonyme)"}},
    ]
    services.record_automated_audit(pages, violations, tool="axe-core 9.9", when=date(2027, 1, 5),
                                    source="Essai", path=target)

    after = json.loads(target.read_text(encoding="utf-8"))
    assert {k: v for k, v in after.items() if k != "automated_audit"} == \
        {k: v for k, v in before.items() if k != "automated_audit"}
    automated = services.accessibility_audit(target)["automated_audit"]
    assert automated["date"] == date(2027, 1, 5)
    assert (automated["pages_tested"], automated["pages_without_violation"]) == (4, 1)
    assert [v["id"] for v in automated["violations"]] == ["link-in-text-block", "region"]
    assert automated["violations"][0]["pages"] == ["/reseau (agent)", "/reseau (anonyme)"]
    assert automated["serious_or_critical"] == 2
    assert automated["violations"][0]["impact_label"] == "grave"
