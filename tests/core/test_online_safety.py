"""The "smaller" points of issue #14: WebSockets only to the site itself in the CSP, a language
cookie as safe as the session cookie, and event links that expire and keep the check-in code
out of sight."""

import re
from datetime import timedelta

from tests.support.pages import text_of
from thc_participation.events.models import Registration, RegistrationStatus
from thc_participation.extensions import db
from thc_participation.timeutil import utcnow

from .builders import meeting


def _directives(response):
    csp = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in csp.split("; ")}


def test_websockets_may_reach_only_the_site_itself(client, make_app):
    assert _directives(client.get("/"))["connect-src"] == ["'self'", "ws://thc.test"]
    secure = make_app(THC_BASE_URL="https://participation.ville.fr").test_client()
    sources = _directives(secure.get("/"))["connect-src"]
    assert sources == ["'self'", "wss://participation.ville.fr"]
    assert "ws:" not in sources and "wss:" not in sources


def _lang_cookie(response):
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang="))


def test_language_cookie_is_http_only_lax_and_secure_in_production(client, make_app):
    cookie = _lang_cookie(client.get("/compte/langue/en"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    production = make_app(SESSION_COOKIE_SECURE=True).test_client()  # as THC_ENV=production
    cookie = _lang_cookie(production.get("/compte/langue/en"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def _link(message, prefix):
    body = message.get_body(("plain",)).get_content()
    return re.search(re.escape("http://thc.test" + prefix) + r"[^\s]+", body).group(0)[15:]


def test_cancellation_link_hides_the_code_and_expires_with_the_event(client, agent, territory,
                                                                     smtp):
    event = meeting(agent, territory, days=3)
    client.post(f"/evenements/{event.id}/inscription",
                data={"name": "Léa Martin", "email": "lea@exemple.fr"})
    assert client.post(_link(smtp.wait_for(1)[0], "/inscriptions/confirmer/")).status_code == 302
    confirmation = smtp.wait_for(2)[1]
    held = db.session.scalar(db.select(Registration))
    assert held.checkin_code in confirmation.get_body(("plain",)).get_content()
    cancel = _link(confirmation, "/inscriptions/")
    page = client.get(cancel)
    assert page.status_code == 200
    assert held.checkin_code not in page.get_data(as_text=True)
    assert "<svg" not in page.get_data(as_text=True)
    assert "Votre code d’accueil figure dans l’e-mail de confirmation" in text_of(page)

    # The event took place: the link says so and changes nothing.
    past = utcnow() - timedelta(days=1)
    event.start_at, event.end_at, event.series_end_at = past - timedelta(hours=2), past, past
    db.session.commit()
    for response in (client.get(cancel), client.post(cancel)):
        assert response.status_code == 400
        assert "Cet événement est terminé : ce lien n'est plus valable." in text_of(response)
    assert db.session.get(Registration, held.id).status == RegistrationStatus.CONFIRMED
