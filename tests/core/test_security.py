"""Security base: CSRF, headers, rate limits, production secret, French error pages."""

import pytest

from thc_participation import create_app
from thc_participation.extensions import db
from thc_participation.models import User

from ..support.pages import text_of


def test_post_without_csrf_token_is_refused_and_creates_nothing(app, make_app, smtp):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/compte/inscription", data={
        "display_name": "Léa", "email": "lea@exemple.fr",
        "password": "une phrase assez longue", "confirm": "une phrase assez longue"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    # Same for a JSON client: the error is JSON.
    response = client.post("/compte/deconnexion", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_http_only_and_lax(client, make_user):
    user = make_user()
    response = client.post("/compte/connexion", data={"email": user.email, "password": "un mot de passe solide"})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_is_rate_limited(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = [client.post("/compte/connexion", data={"email": "x@exemple.fr", "password": "faux"}).status_code
             for _ in range(11)]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429
    response = client.post("/compte/connexion", data={"email": "x@exemple.fr", "password": "faux"})
    assert "Trop de demandes" in text_of(response)


def test_production_refuses_a_short_configured_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("THC_ENV", "production")
    monkeypatch.setenv("THC_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("THC_SECRET_KEY", "court")
    with pytest.raises(RuntimeError, match="THC_SECRET_KEY"):
        create_app({"INSTANCE_DIR": str(tmp_path)})
    # Unset, production uses the instance's generated key (no demo key exists any more).
    monkeypatch.delenv("THC_SECRET_KEY")
    app = create_app({"INSTANCE_DIR": str(tmp_path)})
    assert app.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("THC_ENV", "production")
    monkeypatch.setenv("THC_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("THC_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_french_error_pages_and_json_errors(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("unexpected")

    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in text_of(response)
    response = client.get("/nulle-part.json")
    assert response.get_json() == {"error": "not_found", "message": "Cette page n'existe pas ou a été déplacée."}
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Erreur du serveur" in text_of(response)


def test_english_language_switch(client):
    response = client.get("/compte/langue/en?next=/compte/connexion")
    assert response.status_code == 302
    page = text_of(client.get("/compte/connexion"))
    assert "Log in" in page and 'lang="en"' in page
    client.get("/compte/langue/fr")
    assert "Se connecter" in text_of(client.get("/compte/connexion"))
    # Only local redirects.
    response = client.get("/compte/langue/en?next=https://ailleurs.example/")
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("status, heading, message", [
    (400, "Demande impossible", "La requête est incomplète ou mal formée."),
    (403, "Accès refusé", "Vous n'avez pas accès à cette page."),
    (405, "Demande impossible", "Cette action n'est pas possible ici."),
    (410, "Demande impossible", "Cette demande ne peut pas aboutir."),
    (418, "Demande impossible", "Cette demande ne peut pas aboutir."),
    (501, "Erreur du serveur", "Une erreur inattendue s'est produite."),
    (503, "Erreur du serveur", "Le service est momentanément indisponible"),
])
def test_every_error_status_has_a_french_page_and_json(app, client, status, heading, message):
    """Werkzeug's descriptions are English: every status gets a French message of its own or
    of its class."""
    from flask import abort

    app.add_url_rule("/statut", "statut", lambda: abort(status))
    response = client.get("/statut")
    page = text_of(response)
    assert response.status_code == status
    assert heading in page and message in page
    assert "The server" not in page and "browser" not in page  # werkzeug's English text
    body = client.get("/statut", headers={"Accept": "application/json"}).get_json()
    assert message in body["message"] and body["error"]


def test_error_pages_follow_the_language(client):
    client.set_cookie("lang", "en")
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page not found" in text_of(response) and "Page introuvable" not in text_of(response)


def test_service_errors_reach_json_clients_with_their_field(app, client):
    from thc_participation.errors import Conflict

    def refuse():
        raise Conflict("Ce créneau vient d'être pris.", field="slot")

    app.add_url_rule("/refus", "refus", refuse)
    app.add_url_rule("/refus.json", "refus_json", refuse)
    response = client.get("/refus.json")
    assert response.status_code == 409
    assert response.get_json() == {"error": "conflict", "field": "slot",
                                   "message": "Ce créneau vient d'être pris."}
    response = client.get("/refus")
    assert response.status_code == 409 and "Ce créneau vient d'être pris." in text_of(response)


def test_wrong_method_says_which_ones_are_allowed(client):
    response = client.post("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "Cette action n'est pas possible ici." in text_of(response)
