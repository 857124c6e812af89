"""Sessions that end, no public signing key, password rules, timing, throttling and
non-disclosure of accounts (issue #14, items 3 and 4)."""

import re
import stat
from datetime import timedelta

from flask import Flask
from flask_login.utils import encode_cookie

from thc_participation.accounts import passwords
from thc_participation.models import User, UserSession
from thc_participation.timeutil import utcnow

from ..conftest import PASSWORD, session_token
from ..support.pages import text_of

LOGIN_PAGE = "/compte/connexion"
PRIVATE = "/compte/profil"
NEW_PASSWORD = "trois chats gris sous la pluie"


def login_form(client, user, password=PASSWORD, remember=True, **headers):
    data = {"email": user.email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post(LOGIN_PAGE, data=data, headers=headers)


def cookies_of(client):
    """The session and remember cookies the browser holds now."""
    return {name: client.get_cookie(name).value
            for name in ("session", "remember_token") if client.get_cookie(name) is not None}


def replay(app, **cookies):
    """A new browser presenting only these cookies; where it lands on a private page."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    response = other.get(PRIVATE)
    if response.status_code == 302:
        return response.headers["Location"].split("?")[0]
    return response.status_code


def signed_in_device(app, user):
    """A browser signed in through the login form with "remember me": (client, cookies)."""
    device = app.test_client()
    assert login_form(device, user).status_code == 302
    cookies = cookies_of(device)
    assert set(cookies) == {"session", "remember_token"}
    # Each cookie alone opens the private page: the replays below are meaningful.
    assert replay(app, session=cookies["session"]) == 200
    assert replay(app, remember_token=cookies["remember_token"]) == 200
    return device, cookies


def assert_both_dead(app, cookies):
    assert replay(app, session=cookies["session"]) == LOGIN_PAGE
    assert replay(app, remember_token=cookies["remember_token"]) == LOGIN_PAGE


# --- item 3: no public key ---------------------------------------------------------------

REPOSITORY_KEYS = [
    "demo-secret-key-do-not-use-in-production",  # the former built-in demo key
    "test-secret-key-" + "x" * 32,  # tests/conftest.py
    "s" * 40, "court",  # tests/core/test_security.py
]


def _forged_session(key, token):
    forger = Flask("forger")
    forger.secret_key = key
    return forger.session_interface.get_signing_serializer(forger).dumps(
        {"_user_id": token, "_fresh": True})


def test_fresh_instance_keeps_a_private_key_and_refuses_cookies_signed_with_repository_keys(
        make_app, admin, tmp_path):
    instance = tmp_path / "instance"
    fresh = make_app(SECRET_KEY=None, INSTANCE_DIR=str(instance))
    key_file = instance / "secret_key"
    key = key_file.read_text().strip()
    assert fresh.config["SECRET_KEY"] == key and len(key) >= 32
    assert key not in REPOSITORY_KEYS
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # The next start keeps the same key (sessions survive a restart).
    assert make_app(SECRET_KEY=None, INSTANCE_DIR=str(instance)).config["SECRET_KEY"] == key

    token = session_token(admin)  # a real, live server-side session of the admin
    client = fresh.test_client()
    for forged_key in REPOSITORY_KEYS:
        client.set_cookie("session", _forged_session(forged_key, token))
        client.delete_cookie("remember_token")
        assert client.get("/admin/").status_code == 302, forged_key
        client.delete_cookie("session")
        client.set_cookie("remember_token", encode_cookie(token, key=forged_key))
        assert client.get("/admin/").status_code == 302, forged_key
    # Control: the same cookie signed with the instance's own key is accepted.
    client.delete_cookie("remember_token")
    client.set_cookie("session", _forged_session(key, token))
    assert client.get("/admin/").status_code == 200


def test_a_bare_account_id_is_no_longer_a_session(app, client, admin):
    client.set_cookie("session", _forged_session(app.config["SECRET_KEY"], str(admin.id)))
    assert client.get("/admin/").status_code == 302


# --- item 4: sessions that end --------------------------------------------------------------

def test_logout_ends_the_session_and_the_remember_cookie(app, citizen):
    device, cookies = signed_in_device(app, citizen)
    assert device.post("/compte/deconnexion").status_code == 302
    assert_both_dead(app, cookies)
    row = UserSession.query.one()
    assert row.revoked_at is not None and row.remember


def test_password_change_ends_every_other_session_and_keeps_this_one(app, citizen):
    laptop, laptop_cookies = signed_in_device(app, citizen)
    phone, phone_cookies = signed_in_device(app, citizen)
    response = phone.post("/compte/mot-de-passe",
                          data={"pw-current": PASSWORD, "pw-password": NEW_PASSWORD})
    assert response.status_code == 302
    assert_both_dead(app, laptop_cookies)
    assert_both_dead(app, phone_cookies)
    assert phone.get(PRIVATE).status_code == 200  # the device that changed it stays signed in
    assert laptop.get(PRIVATE).status_code == 302


def test_password_reset_ends_every_session(app, client, citizen, smtp):
    device, cookies = signed_in_device(app, citizen)
    client.post("/compte/mot-de-passe-oublie", data={"email": citizen.email})
    (message,) = smtp.wait_for(1)
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"http://thc\.test(/compte/reinitialiser/\S+)", body).group(1)
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert_both_dead(app, cookies)
    assert device.get(PRIVATE).status_code == 302


def test_log_out_everywhere_from_the_profile(app, citizen):
    laptop, laptop_cookies = signed_in_device(app, citizen)
    phone, phone_cookies = signed_in_device(app, citizen)
    assert "Se déconnecter partout" in text_of(phone.get(PRIVATE))
    response = phone.post("/compte/deconnexion-partout")
    assert response.status_code == 302 and response.headers["Location"].startswith(LOGIN_PAGE)
    assert_both_dead(app, laptop_cookies)
    assert_both_dead(app, phone_cookies)
    assert phone.get(PRIVATE).status_code == 302


def test_the_network_admin_logs_an_account_out_everywhere(app, client, login, admin, citizen,
                                                          agent):
    device, cookies = signed_in_device(app, citizen)
    login(client, admin)
    assert "Déconnecter un compte partout" in text_of(client.get("/admin/"))
    unknown = client.post("/admin/deconnecter-partout", data={"email": "personne@exemple.fr"})
    assert unknown.status_code == 400 and "Aucun compte" in text_of(unknown)
    done = client.post("/admin/deconnecter-partout", data={"email": citizen.email})
    assert done.status_code == 302
    assert_both_dead(app, cookies)
    assert client.get("/admin/").status_code == 200  # the admin's own session is untouched
    # An agent is not the network admin: refused, nothing revoked.
    other, _ = signed_in_device(app, citizen)
    agent_client = login(app.test_client(), agent)
    refused = agent_client.post("/admin/deconnecter-partout", data={"email": citizen.email})
    assert refused.status_code == 403
    assert other.get(PRIVATE).status_code == 200


def test_remember_cookies_differ_at_each_login_and_expire_on_the_server(app, citizen, db):
    first = cookies_of(signed_in_device(app, citizen)[0])["remember_token"]
    second = cookies_of(signed_in_device(app, citizen)[0])["remember_token"]
    assert first != second
    rows = UserSession.query.order_by(UserSession.id).all()
    assert len(rows) == 2
    assert rows[0].expires_at - rows[0].created_at == timedelta(days=30)
    rows[1].expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert replay(app, remember_token=second) == LOGIN_PAGE
    assert replay(app, remember_token=first) == 200


def test_a_browser_session_without_remember_me_ends_after_inactivity(app, citizen, db):
    device = app.test_client()
    assert login_form(device, citizen, remember=False).status_code == 302
    assert "remember_token" not in cookies_of(device)
    row = UserSession.query.one()
    assert row.expires_at - row.created_at == timedelta(hours=12)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert device.get(PRIVATE).status_code == 302


# --- password rules ----------------------------------------------------------------------

WEAK = ["aaaaaaaaaaaa", "111111111111", "123456789012", "password1234", "Password1234!",
        "motdepasse2024", "azertyuiopqs", "abcdefghijkl", "abcabcabcabc", "P@ssw0rd2026",
        "soleilbonjour", "azertypassword"]


def test_weak_passwords_are_refused_with_a_reason():
    assert len(passwords.common_passwords()) >= 2000
    for weak in WEAK:
        assert passwords.problem(weak, "lea.martin@exemple.fr"), weak
    assert passwords.problem("lea.martin@exemple.fr", "lea.martin@exemple.fr")
    assert passwords.problem("lea.martin-2026!", "lea.martin@exemple.fr")
    assert passwords.problem("court", None)
    for good in (PASSWORD, NEW_PASSWORD, "Ma tante Odile aime les radis"):
        assert passwords.problem(good, "lea.martin@exemple.fr") is None, good


def test_sign_up_and_password_change_refuse_the_issue_s_weak_passwords(client, login, citizen):
    page = text_of(client.get("/compte/inscription"))
    assert "12 caractères au moins, sans votre adresse e-mail" in page  # the strength hint
    email = "hugo.bernard@exemple.fr"
    for weak in ("aaaaaaaaaaaa", "123456789012", "password1234", email):
        response = client.post("/compte/inscription", data={
            "display_name": "Hugo", "email": email, "password": weak, "confirm": weak})
        assert response.status_code == 400, weak
    assert User.query.filter_by(email=email).count() == 0
    login(client, citizen)
    refused = client.post("/compte/mot-de-passe",
                          data={"pw-current": PASSWORD, "pw-password": "password1234"})
    assert refused.status_code == 400 and "plus courants" in text_of(refused)


# --- constant-time login -------------------------------------------------------------------

def test_login_does_the_same_work_for_known_and_unknown_addresses(make_app, db, monkeypatch):
    """An unknown address costs one password check with the same hashing method and cost as a
    known one (a dummy hash), so timing does not reveal accounts. The time itself is measured
    by bench/login_timing.py (docs/performance.md), not asserted here."""
    from thc_participation import models
    from thc_participation.accounts import services

    scrypt = make_app(PASSWORD_HASH_METHOD="scrypt")
    with scrypt.app_context():
        user = User(email="connue@exemple.fr", display_name="Connue", confirmed_at=utcnow())
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    checks = []

    def recording(check):
        def check_and_record(pwhash, password):
            checks.append(pwhash.split("$")[0])  # the method and its cost, not the salt
            return check(pwhash, password)
        return check_and_record

    for module in (models, services):
        monkeypatch.setattr(module, "check_password_hash",
                            recording(module.check_password_hash))
    client = scrypt.test_client()
    done = {}
    for email in ("connue@exemple.fr", "inconnue@exemple.fr"):
        checks.clear()
        response = client.post(LOGIN_PAGE, data={"email": email, "password": "pas le bon"})
        assert response.status_code == 400
        assert "Adresse e-mail ou mot de passe incorrect." in text_of(response)
        done[email] = list(checks)
    assert done["connue@exemple.fr"] == done["inconnue@exemple.fr"]
    [method] = done["connue@exemple.fr"]
    assert method.startswith("scrypt:")  # the real cost, as in production


# --- throttling -----------------------------------------------------------------------------

def test_per_account_limit_holds_across_client_addresses(make_app, citizen):
    app = make_app(RATELIMIT_ENABLED=True, THC_TRUSTED_PROXIES=1)
    client = app.test_client()
    codes = [login_form(client, citizen, password="mauvais essai", remember=False,
                        **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code
             for n in range(1, 11)]
    assert codes == [400] * 10
    # The right password, from yet another address, right after: still refused.
    right = login_form(client, citizen, remember=False, **{"X-Forwarded-For": "198.51.100.7"})
    assert right.status_code == 429
    # Another account from a fresh address is not affected.
    other = client.post(LOGIN_PAGE, data={"email": "autre@exemple.fr", "password": "x"},
                        headers={"X-Forwarded-For": "198.51.100.8"})
    assert other.status_code == 400


def test_per_address_limit_uses_the_address_given_by_the_trusted_proxy(make_app):
    app = make_app(RATELIMIT_ENABLED=True, THC_TRUSTED_PROXIES=1)
    client = app.test_client()

    def attempt(n, address):
        return client.post(LOGIN_PAGE, data={"email": f"x{n}@exemple.fr", "password": "x"},
                           headers={"X-Forwarded-For": address}).status_code

    assert [attempt(n, "203.0.113.50") for n in range(10)] == [400] * 10
    assert attempt(10, "203.0.113.50") == 429
    assert attempt(11, "203.0.113.51") == 400  # another client behind the same proxy


# --- sign-up does not reveal accounts -------------------------------------------------------

def test_sign_up_with_a_known_or_unknown_address_answers_the_same(client, citizen, smtp, db):
    def sign_up(email):
        response = client.post("/compte/inscription", data={
            "display_name": "Quelqu'un", "email": email, "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD})
        return response.status_code, response.get_data(as_text=True).replace(email, "ADRESSE")

    known = sign_up(citizen.email)
    unknown = sign_up("nouvelle.personne@exemple.fr")
    assert known == unknown and known[0] == 200
    messages = {m["To"]: m for m in smtp.wait_for(2)}
    notice = messages[citizen.email].get_body(("plain",)).get_content()
    assert "Tentative d'inscription" in messages[citizen.email]["Subject"]
    assert "déjà un compte" in notice and "Aucun compte n'a été créé" in notice
    assert "/compte/confirmer/" in messages["nouvelle.personne@exemple.fr"].get_body(
        ("plain",)).get_content()
    assert User.query.filter_by(email=citizen.email).one().display_name == "Camille Durand"
    assert User.query.count() == 2


def test_purge_sessions_deletes_only_long_dead_sessions(app, citizen, db):
    live = session_token(citizen)
    old_revoked, old_expired = session_token(citizen), session_token(citizen)
    rows = {row.id: row for row in UserSession.query}
    long_ago = utcnow() - timedelta(days=2)
    rows[int(old_revoked.split(":")[0])].revoked_at = long_ago
    rows[int(old_expired.split(":")[0])].expires_at = long_ago
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["accounts", "purge-sessions"])
    assert result.exit_code == 0 and "2 session(s) deleted" in result.output
    assert [row.id for row in UserSession.query] == [int(live.split(":")[0])]
