"""Page titles say where one is ("page — territory — site"), and the site has its icons:
/favicon.ico served (no 404 on every page), an SVG favicon, PNG app icons, a web manifest."""

import json
import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

from thc_participation.demo import DEMO_SLUG, load_demo
from thc_participation.extensions import db
from thc_participation.models import User

SKIP = (".csv", ".json", ".geojson", ".ics", ".pdf", ".zip", ".svg", ".png", ".ico",
        ".webmanifest")
SKIP_PREFIXES = ("/static/", "/compte/langue/", "/calendrier/moi/")
SITE = "THC Participation"
NETWORK_ONLY_SITE = "Réseau de la transition démocratique"


def _title(html):
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    return unescape(match.group(1)).strip() if match else None


def test_favicon_manifest_and_icons_are_served(client):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200
    assert favicon.mimetype == "image/vnd.microsoft.icon"
    assert favicon.data[:4] == b"\x00\x00\x01\x00"  # an icon directory
    assert b"\x89PNG" in favicon.data
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    data = json.loads(manifest.data)
    assert data["name"] == SITE and data["start_url"] == "/"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in data["icons"]:
        answer = client.get(icon["src"])
        assert answer.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            width, height = icon["sizes"].split("x")
            assert answer.data[:8] == b"\x89PNG\r\n\x1a\n"
            assert int.from_bytes(answer.data[16:20], "big") == int(width)
            assert int.from_bytes(answer.data[20:24], "big") == int(height)
        answer.close()


def test_every_page_links_its_icons(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico' in html
    assert re.search(r'<link rel="icon" href="/static/icons/favicon\.svg[^"]*" '
                     r'type="image/svg\+xml">', html)
    assert re.search(r'<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon'
                     r'\.png', html)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


def test_titles_name_the_page_then_the_territory_then_the_site(client, territory, agent):
    from thc_participation.consultation.services import consultations

    consultation = consultations.create_consultation(agent, territory, "Mobilités", "Intro.")
    consultations.set_state(agent, consultation, "open")
    db.session.commit()
    page = client.get(f"/t/{territory.slug}/consultations/{consultation.id}/")
    assert _title(page.get_data(as_text=True)) == f"Mobilités — {territory.name} — {SITE}"
    # A title that names the territory already does not repeat it.
    home = _title(client.get(f"/t/{territory.slug}/").get_data(as_text=True))
    assert home == f"Tableau de bord THC — {territory.name} — {SITE}"
    assert _title(client.get("/compte/connexion").get_data(as_text=True)) == \
        f"Se connecter — {SITE}"


def _crawl(client, seeds, limit):
    """Same-site pages reached from ``seeds`` (GET, HTML), with their titles."""
    seen, queue, titles = set(), deque(seeds), {}
    while queue and len(titles) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        titles[path] = _title(html)
        for href in re.findall(r'href="([^"#][^"]*)"', html):
            href = urldefrag(unescape(href))[0]
            parts = urlsplit(href)
            if parts.netloc or not href.startswith("/") or href.startswith(SKIP_PREFIXES):
                continue
            if parts.path.endswith(SKIP) or "/documents/" in parts.path:
                continue
            if "?" in href and re.search(r"[?&](page|apres|avant|mois|tri|partie)=", href):
                continue  # another page of a list: the same template
            queue.append(href)
    return titles


def test_crawled_pages_all_have_a_meaningful_title(app, client, login):
    load_demo()
    admin = db.session.scalar(db.select(User).filter_by(email="admin@demo.thc.fr"))
    login(client, admin)
    titles = _crawl(client, ["/", f"/t/{DEMO_SLUG}/", f"/t/{DEMO_SLUG}/gestion/", "/admin/",
                             "/compte/profil", "/reseau", "/evenements"], limit=220)
    assert len(titles) >= 100, len(titles)
    bad = {path: title for path, title in titles.items()
           if not title or title in (SITE, NETWORK_ONLY_SITE)
           or not title.endswith((SITE, NETWORK_ONLY_SITE)) or title.startswith("—")}
    assert not bad, bad
    demo_pages = [t for p, t in titles.items() if p.startswith(f"/t/{DEMO_SLUG}/")]
    assert all("Saint-Exemple-sur-Loire" in t for t in demo_pages), demo_pages
