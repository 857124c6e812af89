"""Accessibility in CI: axe-core (installed from package-lock.json, never served to users) run
in Debian's Chromium over every page type reached by each role on the demo data, and on the
board pages. No serious or critical violation of the WCAG 2.1 A/AA rules is allowed.

The result (page types audited, violations by impact, date) is written into the automated
audit section of the accessibility statement's data: into a copy on every run, into
``docs/accessibility-audit.json`` itself with ``THC_WRITE_ACCESSIBILITY_AUDIT=1``
(``make accessibility-audit``), then shown by ``/accessibilite``.
"""

import json
import os
import shutil
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from thc_participation.demo import DEMO_PASSWORD, DEMO_SLUG, load_demo
from thc_participation.events.boards.models import Board, BoardState
from thc_participation.legal import services as legal

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(os.environ.get("THC_AXE_JS") or ROOT / "node_modules/axe-core/axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
# Downloads and non-HTML answers, the language switch (it would change the UI language) and
# uploaded files: not pages.
SKIP_SUFFIXES = (".csv", ".json", ".geojson", ".ics", ".pdf", ".zip", ".svg", ".py")
SKIP_PREFIXES = ("/static/", "/compte/langue/", "/calendrier/moi/")
SKIP_PARTS = ("/documents/", "/actions/photos/")
# The programme's resources: their links download the file.
SKIP_RULES = {"/t/<slug>/gestion/ressources/<int:resource_id>",
              "/t/<slug>/gestion/ressources/<int:resource_id>/versions/<int:version_id>",
              "/ressources/<int:resource_id>",
              "/admin/ressources/<int:resource_id>/versions/<int:version_id>"}
ROLES = (
    # role, demo account (None: anonymous), pages to start from besides the home pages, what
    # to audit once the realtime board pages are drawn
    ("anonyme", None, ("/b/{code}", "/accessibilite"), "participant"),
    ("citoyen·ne", "citoyen@demo.thc.fr", ("/compte/profil", "/b/{code}"), None),
    ("agent", "agent@demo.thc.fr",
     ("/t/{slug}/gestion/", "/t/{slug}/gestion/ateliers/{board}/projection"), "projector"),
    ("administrateur·rice", "admin@demo.thc.fr", ("/admin/",), None),
    ("élu·e", "elu@demo.thc.fr", ("/compte/profil", "/evenements"), None),
    ("animation", "animation@demo.thc.fr",
     ("/t/{slug}/gestion/ateliers/", "/t/{slug}/gestion/ateliers/{board}/projection"), None),
    ("comité de pilotage", "copil@demo.thc.fr", ("/compte/profil",), None),
    ("groupe d'évaluation", "evaluation@demo.thc.fr", ("/t/{slug}/evaluation",), None),
)
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                       resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                     nodes: v.nodes.map(n => n.target.join(' '))})))"""


def _page_type(adapter, path):
    """The route (``/t/<slug>/acteurs``) a same-site path answers to, None if not a page."""
    if path.endswith(SKIP_SUFFIXES) or path.startswith(SKIP_PREFIXES) \
            or any(part in path for part in SKIP_PARTS):
        return None
    try:
        rule, _ = adapter.match(path, method="GET", return_rule=True)
    except (HTTPException, RequestRedirect):
        return None
    return None if rule.rule in SKIP_RULES else rule.rule


def _audit_role(browser, base, adapter, account, seeds):
    """Crawl from ``seeds`` as ``account``, running axe once on each page type reached."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.add_init_script(path=str(AXE_JS))  # through the debugger: the CSP does not apply
    page = context.new_page()
    page.set_default_timeout(15_000)
    if account:
        page.goto(base + "/compte/connexion")
        page.get_by_label("Adresse e-mail").fill(account)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.locator("main").get_by_role("button", name="Se connecter").click()
        page.wait_for_url(lambda url: "/compte/connexion" not in url)
    results, seen, queue = {}, set(), list(seeds)
    while queue:
        path = queue.pop(0)
        kind = _page_type(adapter, path)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        response = page.goto(base + path, wait_until="load")
        if response is None or response.status != 200 \
                or "text/html" not in response.headers.get("content-type", ""):
            continue
        results[kind] = page.evaluate(RUN_AXE, TAGS)
        # An SVG link's href is an SVGAnimatedString: resolve its value against the page.
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => new URL("
                                              "e.getAttribute('href'), document.baseURI).href)"):
            link = urlsplit(href)
            if f"{link.scheme}://{link.netloc}" == base:
                queue.append(link.path + (f"?{link.query}" if link.query else ""))
    return results, page


def _live_boards(page, base, board):
    """The board pages once the realtime client has drawn them (notes, clusters, dots): as a
    participant who joined with a pseudonym, and on the facilitator's projector."""
    results = {}
    page.goto(f"{base}/b/{board.code}")
    page.get_by_label("Votre pseudonyme").fill("Axe")
    page.get_by_role("button", name="Rejoindre l’atelier").click()
    expect(page.locator("#board-status")).to_contain_text("Connecté")
    expect(page.locator(".board-note").first).to_be_visible()
    results["/b/<code> rejoint en direct"] = page.evaluate(RUN_AXE, TAGS)
    return results


def _live_projector(page, base, board):
    results = {}
    page.goto(f"{base}/t/{DEMO_SLUG}/gestion/ateliers/{board.id}/projection")
    expect(page.locator("#board-status")).to_contain_text("Connecté")
    expect(page.locator(".board-note").first).to_be_visible()
    results["/t/<slug>/gestion/ateliers/<int:board_id>/projection en direct"] = \
        page.evaluate(RUN_AXE, TAGS)
    return results


LIVE = {"participant": _live_boards, "projector": _live_projector}


@pytest.mark.browser
def test_no_serious_or_critical_axe_violation_on_any_page_type(app, db, live_server, browser,
                                                               tmp_path):
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `npm ci`"
    load_demo()
    board = db.session.scalar(db.select(Board).where(Board.state != BoardState.PREPARING)
                              .order_by(Board.id))
    adapter = app.url_map.bind("localhost")
    base = live_server.url

    pages, found = [], defaultdict(lambda: {"pages": set()})
    for role, account, extra, live in ROLES:
        seeds = ["/", f"/t/{DEMO_SLUG}/"] + [
            s.format(slug=DEMO_SLUG, code=board.code, board=board.id) for s in extra]
        results, page = _audit_role(browser, base, adapter, account, seeds)
        if live:
            results.update(LIVE[live](page, base, board))
        page.context.close()
        for kind, violations in results.items():
            name = f"{kind} ({role})"
            pages.append(name)
            for v in violations:
                entry = found[v["id"]]
                entry.update(id=v["id"], impact=v["impact"], description=v["help"])
                entry["pages"].add(name)
                entry.setdefault("nodes", []).extend(f"{name}: {n}" for n in v["nodes"])

    # the board participant and projector pages, and each role's own area, were audited
    assert "/b/<code> (anonyme)" in pages
    assert "/b/<code> rejoint en direct (anonyme)" in pages
    assert "/t/<slug>/gestion/ateliers/<int:board_id>/projection en direct (agent)" in pages
    assert "/t/<slug>/gestion/ateliers/<int:board_id>/projection (agent)" in pages
    assert "/compte/profil (citoyen·ne)" in pages
    assert "/admin/ (administrateur·rice)" in pages
    assert "/t/<slug>/gestion/ateliers/<int:board_id>/projection (animation)" in pages
    # the steering committee, action group and evaluation pages of issue 17, by who uses them
    for reached in ("/t/<slug>/comite-de-pilotage (anonyme)",
                    "/t/<slug>/comite-de-pilotage/<int:meeting_id>/compte-rendu "
                    "(comité de pilotage)",
                    "/t/<slug>/gestion/tableau-de-bord/comite (agent)",
                    "/t/<slug>/actions/<int:commitment_id>/avancee (citoyen·ne)",
                    "/t/<slug>/evaluation/criteres (groupe d'évaluation)",
                    "/admin/evaluation/criteres (administrateur·rice)"):
        assert reached in pages, reached
    assert len(pages) >= 60, pages

    target = legal.ACCESSIBILITY_PATH
    if not os.environ.get("THC_WRITE_ACCESSIBILITY_AUDIT"):
        target = tmp_path / "accessibility-audit.json"
        shutil.copy(legal.ACCESSIBILITY_PATH, target)
    version = json.loads(AXE_JS.parent.joinpath("package.json").read_text())["version"]
    legal.record_automated_audit(
        pages, [{k: v for k, v in e.items() if k != "nodes"} for e in found.values()],
        tool=f"axe-core {version} (règles WCAG 2.1 A et AA), piloté par Playwright dans Chromium",
        source=("Test tests/legal/test_accessibility_axe.py sur les données de démonstration : "
                "chaque type de page atteint par chaque rôle (anonyme, citoyen·ne, agent, "
                "administrateur·rice, élu·e, animation, comité de pilotage, groupe "
                "d'évaluation), et les pages d'atelier en direct."),
        path=target)
    statement = legal.accessibility_audit(target)["automated_audit"]
    assert statement["pages_tested"] == len(pages)

    by_impact = defaultdict(int)
    for entry in found.values():
        by_impact[entry["impact"]] += len(entry["pages"])
    print(f"\naxe-core {version}: {len(pages)} page types audited, "
          f"{len(pages) - len({p for e in found.values() for p in e['pages']})} without "
          f"violation; violations (rule x page) by impact: {dict(by_impact)}")
    for entry in found.values():
        print(f"  {entry['impact']} {entry['id']}: " + "; ".join(sorted(entry["nodes"])[:6]))
    blocking = {k: e["nodes"] for k, e in found.items() if e["impact"] in BLOCKING}
    assert blocking == {}
    assert statement["serious_or_critical"] == 0
