"""The pages the law requires: public, linked from every footer, edited by the network admin
only, and the processing register generated from the same source as the privacy page."""

import html
import re
from collections import deque

import pytest

from thc_participation.demo import ACCOUNTS, DEMO_SLUG
from thc_participation.extensions import db
from thc_participation.legal import services
from thc_participation.legal.models import LegalNotice
from thc_participation.legal.processing import activities
from thc_participation.models import AuditEntry, User

from ..support.pages import text_of

LEGAL_PAGES = ("/mentions-legales", "/donnees-personnelles", "/accessibilite")


def _footer_links(response):
    page = response.get_data(as_text=True)
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', page, re.S)
    assert footer, "no footer"
    return {html.unescape(h) for h in re.findall(r'href="([^"]+)"', footer.group(1))}


def _has_legal_footer(response):
    links = _footer_links(response)
    return ("/donnees-personnelles" in links and "/accessibilite" in links
            and any(link.endswith("/mentions-legales") for link in links))


def test_legal_pages_answer_anonymous_with_what_the_law_asks(client, territory):
    for url in (*LEGAL_PAGES, f"/t/{territory.slug}/mentions-legales"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _has_legal_footer(response), url
    notice = text_of(client.get("/mentions-legales"))
    for words in ("Éditeur", "Démocratie Ouverte", "Directeur ou directrice de la publication",
                  "Hébergeur", "Contact"):
        assert words in notice
    privacy = text_of(client.get("/donnees-personnelles"))
    for item in activities(client.application.config):
        assert html.unescape(str(item.name)) in privacy
    for words in ("Base légale", "Durée de conservation", "Destinataires",
                  "180 jours après la fin de l'événement", "365 jours après le dernier tirage",
                  "article 15", "article 16", "article 17", "article 18", "article 20",
                  "article 21", "Délégué à la protection des données",
                  "www.cnil.fr/fr/plaintes", "3 place de Fontenoy"):
        assert words in privacy, words
    assert 'href="/compte/profil"' in client.get("/donnees-personnelles").get_data(as_text=True)
    statement = text_of(client.get("/accessibilite"))
    audit = services.accessibility_audit()
    automated = audit["automated_audit"]
    for words in ("en conformité partielle", "RGAA 4.1", f"{audit['manual_audit']['rate_text']} %",
                  "1 décembre 2026",
                  f"{automated['pages_without_violation']} pages sur {automated['pages_tested']}"
                  " sans violation", f"{automated['serious_or_critical']} violations graves",
                  "Non-conformités", "Dérogations pour charge disproportionnée",
                  "Technologies utilisées", "Environnement de test",
                  "Pages du site ayant fait l’objet de la vérification", "Défenseur des droits",
                  "Libre réponse 71120"):
        assert words in statement, words
    assert client.get("/t/inconnu/mentions-legales").status_code == 404
    assert db.session.scalar(db.select(db.func.count(LegalNotice.id))) == 0  # reading writes nothing


def test_privacy_page_follows_the_retention_settings(make_app):
    app = make_app(THC_EVENTS_RETENTION_DAYS=42, THC_AUDIT_RETENTION_DAYS=400,
                   THC_UNCONFIRMED_RETENTION_DAYS=7, REMEMBER_COOKIE_DURATION=14 * 86400)
    page = text_of(app.test_client().get("/donnees-personnelles"))
    assert "42 jours après la fin de l'événement" in page
    assert "400 jours après l'action (réglage THC_AUDIT_RETENTION_DAYS)" in page
    assert "compte jamais confirmé : 7 jours après sa création" in page.lower()
    assert "« rester connecté » : 14 jours" in page
    assert "180 jours" not in page


def test_statement_state_matches_the_footer_claim(client):
    audit = services.accessibility_audit()
    manual = audit["manual_audit"]
    assert manual["rate"] == round(100 * manual["met"] / manual["applicable"], 1)
    assert 50 <= manual["rate"] < 100
    assert audit["compliance"] == "partiellement conforme"
    assert "partiellement conforme au RGAA 4.1" in text_of(client.get("/"))


def test_accessibility_state_is_computed_from_the_checklist(tmp_path):
    source = services.ACCESSIBILITY_PATH.read_text(encoding="utf-8")
    path = tmp_path / "audit.json"
    path.write_text(source.replace('"status": "NC"', '"status": "C"'), encoding="utf-8")
    assert services.accessibility_audit(path)["compliance"] == "totalement conforme"
    path.write_text(source.replace('"status": "C"', '"status": "NC"'), encoding="utf-8")
    audit = services.accessibility_audit(path)
    assert (audit["compliance"], audit["manual_audit"]["rate"]) == ("non conforme", 0.0)


# --- footers: every page type, as anonymous and signed in --------------------------------------

SKIP = re.compile(r"^/static/|\.(ics|csv|json|zip|geojson|pdf|png|jpe?g)$|/deconnexion|/langue/"
                  r"|^/inscriptions/|/fichiers/|/telecharger")


def _crawl(client, start, limit=300):
    """GET pages reachable from ``start``, one per path shape (digits folded)."""
    seen, pages, queue = set(), {}, deque(start)
    while queue and len(pages) < limit:
        url = queue.popleft()
        path = url.split("?")[0]
        shape = re.sub(r"\d+", "N", path)
        if shape in seen or SKIP.search(path):
            continue
        seen.add(shape)
        response = client.get(url)
        if not response.content_type.startswith("text/html") or response.status_code in (
                301, 302, 303):
            continue
        pages[url] = response
        for href in re.findall(r'href="(/[^"/][^"]*|/)"', response.get_data(as_text=True)):
            queue.append(html.unescape(href).split("#")[0])
    return pages


def test_every_page_links_the_legal_pages_in_its_footer(app, login):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    emails = {key: email for key, email, *_rest in ACCOUNTS}
    start = ["/", f"/t/{DEMO_SLUG}/", f"/t/{DEMO_SLUG}/gestion/", "/admin/", "/evenements",
             "/compte/inscription", "/compte/connexion", "/page-inexistante"]
    shapes = {}
    for identity in (None, "citizen", "agent", "admin"):
        client = app.test_client()
        if identity:
            login(client, db.session.scalar(db.select(User).filter_by(email=emails[identity])))
        pages = _crawl(client, start)
        assert len(pages) >= 20, identity
        for url, response in pages.items():
            assert response.status_code != 500, url
            assert _has_legal_footer(response), (identity, url)
        shapes[identity] = {re.sub(r"\d+", "N", url.split("?")[0]) for url in pages}
    every = set().union(*shapes.values())
    for part in ("/consultations", "/evenements", "/tirages", "/acteurs", "/gestion/", "/admin/",
                 "/compte/", "/aide/roles", "/mentions-legales", "/accessibilite"):
        assert any(part in shape for shape in every), part
    assert any("/gestion/" in shape for shape in shapes["agent"])
    assert any(shape.startswith("/admin/") for shape in shapes["admin"])
    assert "/page-inexistante" in shapes[None]  # the 404 page has the footer too


def test_forms_that_collect_data_link_the_privacy_notice(app, client):
    from thc_participation.evaluation.models import Pool
    from thc_participation.events.models import Event
    from thc_participation.timeutil import utcnow

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    event = db.session.scalar(db.select(Event).where(Event.registration_enabled.is_(True),
                                                     Event.parent_id.is_(None),
                                                     Event.territory_id.is_not(None),
                                                     Event.start_at > utcnow()))
    pool = db.session.scalar(db.select(Pool).where(Pool.signup_open.is_(True)))
    assert event is not None and pool is not None
    for url in ("/compte/inscription", f"/evenements/{event.id}/inscription",
                f"/t/{DEMO_SLUG}/tirages/viviers/{pool.id}/inscription"):
        response = client.get(url)
        assert response.status_code == 200, url
        notice = re.search(r'<p class="hint privacy-notice">(.*?)</p>',
                           response.get_data(as_text=True), re.S)
        assert notice and 'href="/donnees-personnelles"' in notice.group(1), url
    assert "anonymisés 180 jours après" in text_of(client.get(f"/evenements/{event.id}/inscription"))


# --- editing: the network admin only ------------------------------------------------------------

def _csrf(response):
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_admin_edits_the_network_notice_with_csrf_and_audit(make_app, admin, login):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = login(app.test_client(), admin)
    data = {"publisher": "Démocratie Ouverte (association loi 1901)",
            "address": "10 rue de l'Exemple, 75011 Paris", "director": "Armel Directeur",
            "contact_email": "contact@democratie-ouverte.exemple.fr", "dpo_contact": "dpo@democratie-ouverte.exemple.fr",
            "host": "Hébergeur Exemple SAS\n2 rue des Serveurs, 59100 Roubaix",
            "notice_text": "## Crédits\n\nPhotos **libres**. <script>alert(1)</script>",
            "privacy_text": "Sous-traitant d'envoi : *Courriel Exemple*."}
    assert client.post("/admin/mentions-legales", data=data).status_code == 400  # no token
    assert db.session.scalar(db.select(db.func.count(LegalNotice.id))) == 0
    token = _csrf(client.get("/admin/mentions-legales"))
    response = client.post("/admin/mentions-legales", data={**data, "csrf_token": token})
    assert response.status_code == 302, text_of(response)[-3000:]
    page = client.get("/mentions-legales").get_data(as_text=True)
    for value in ("association loi 1901", "Armel Directeur", "Roubaix", "<h2>Crédits</h2>",
                  "<strong>libres</strong>", 'href="mailto:contact@democratie-ouverte.exemple.fr"'):
        assert value in html.unescape(page), value
    assert "<script>alert" not in page
    privacy = client.get("/donnees-personnelles").get_data(as_text=True)
    assert "<em>Courriel Exemple</em>" in privacy and "dpo@democratie-ouverte.exemple.fr" in privacy
    assert "contact@democratie-ouverte.exemple.fr" in client.get("/accessibilite").get_data(as_text=True)
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="legal.notice.update"))
    assert entry.actor_id == admin.id and entry.territory_id is None
    # The form shows what is saved, and saving again updates the same row.
    token = _csrf(client.get("/admin/mentions-legales"))
    assert "Armel Directeur" in client.get("/admin/mentions-legales").get_data(as_text=True)
    client.post("/admin/mentions-legales", data={**data, "director": "Nina Directrice",
                                                 "csrf_token": token})
    assert db.session.scalar(db.select(db.func.count(LegalNotice.id))) == 1
    assert "Nina Directrice" in text_of(client.get("/mentions-legales"))


def test_admin_sets_a_territory_controller(client, admin, login, territory, other_territory):
    login(client, admin)
    assert "mentions-legales" in client.get(f"/admin/territoires/{territory.slug}/modifier").get_data(as_text=True)
    response = client.post(f"/admin/territoires/{territory.slug}/mentions-legales", data={
        "publisher": "Mairie de Villeneuve-les-Tests", "address": "Place de la Mairie",
        "director": "Mme la Maire", "contact_email": "mairie@villeneuve.exemple.fr",
        "dpo_contact": "dpo@villeneuve.exemple.fr", "notice_text": "Photos : service communication.",
        "host": "ignoré pour un territoire"})
    assert response.status_code == 302
    page = text_of(client.get(f"/t/{territory.slug}/mentions-legales"))
    for value in ("Mairie de Villeneuve-les-Tests", "Place de la Mairie", "Mme la Maire",
                  "dpo@villeneuve.exemple.fr", "Photos : service communication.",
                  "Éditeur de la plateforme"):
        assert value in page, value
    assert "ignoré pour un territoire" not in page
    assert "Mairie de Villeneuve-les-Tests" not in text_of(
        client.get(f"/t/{other_territory.slug}/mentions-legales"))
    assert "dpo@villeneuve.exemple.fr" in text_of(client.get("/donnees-personnelles"))
    assert "Mairie de Villeneuve-les-Tests" in text_of(client.get("/mentions-legales"))
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="legal.notice.update"))
    assert entry.territory_id == territory.id
    assert client.get("/admin/territoires/inconnu/mentions-legales").status_code == 404


def test_bad_input_is_a_form_error(client, admin, login, territory):
    login(client, admin)
    response = client.post("/admin/mentions-legales", data={"director": "x" * 161,
                                                            "contact_email": "pas-une-adresse"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Cette adresse e-mail n'est pas valide." in page
    response = client.post(f"/admin/territoires/{territory.slug}/mentions-legales",
                           data={"director": "x" * 161, "publisher": "Mairie"})
    assert response.status_code == 400
    assert "dépasse 160 caractères" in text_of(response)
    response = client.post(f"/admin/territoires/{territory.slug}/mentions-legales",
                           data={"publisher": "\x00Mairie"})
    assert response.status_code == 400
    assert "caractère nul" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(LegalNotice.id))) == 0


@pytest.mark.parametrize("who", ["agent", "elu", "citizen", "other_agent"])
def test_only_the_network_admin_edits(client, login, territory, request, who):
    login(client, request.getfixturevalue(who))
    for url in ("/admin/mentions-legales", f"/admin/territoires/{territory.slug}/mentions-legales"):
        assert client.get(url).status_code == 403
        assert client.post(url, data={"publisher": "Pirate"}).status_code == 403
    assert db.session.scalar(db.select(db.func.count(LegalNotice.id))) == 0
    assert "Modifier les mentions légales" not in text_of(client.get("/mentions-legales"))


def test_anonymous_is_sent_to_login(client, territory):
    for url in ("/admin/mentions-legales", f"/admin/territoires/{territory.slug}/mentions-legales"):
        response = client.post(url, data={"publisher": "Pirate"})
        assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(LegalNotice.id))) == 0


# --- the processing register --------------------------------------------------------------------

def test_committed_register_is_the_generated_one(app, tmp_path):
    committed = services.REGISTER_PATH.read_text(encoding="utf-8")
    assert committed == services.register_markdown(app.config), (
        "docs/registre-des-traitements.md is out of date: run `thc legal register`")
    for item in activities(app.config):
        assert f". {item.name}\n" in committed
    runner = app.test_cli_runner()
    result = runner.invoke(args=["legal", "register", "--check"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "registre.md"
    assert runner.invoke(args=["legal", "register", "--output", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == committed
    out.write_text(committed.replace("365 jours", "366 jours"), encoding="utf-8")
    result = runner.invoke(args=["legal", "register", "--check", "--output", str(out)])
    assert result.exit_code != 0 and "out of date" in result.output
    assert "register" in runner.invoke(args=["legal", "--help"]).output
