"""Accounts end to end: sign-up, confirmation by e-mail, login, reset, profile."""

import re

from thc_participation.extensions import db
from thc_participation.models import AuditEntry, User

from ..conftest import PASSWORD
from ..support.pages import text_of


def _link(message):
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://thc\.test(/\S+)", body).group(1)


def signup(client, email="lea.martin@exemple.fr", password="une phrase assez longue", **extra):
    data = {"display_name": "Léa", "email": email, "password": password, "confirm": password}
    data.update(extra)
    return client.post("/compte/inscription", data=data)


def test_signup_sends_confirmation_received_by_smtp_and_link_confirms(client, smtp):
    response = signup(client)
    assert response.status_code == 200
    assert "Vérifiez votre messagerie" in text_of(response)
    [message] = smtp.wait_for(1)
    assert message["To"] == "lea.martin@exemple.fr"
    assert message["Subject"] == "Confirmez votre adresse e-mail"
    user = db.session.scalar(db.select(User).filter_by(email="lea.martin@exemple.fr"))
    assert user.confirmed_at is None
    assert user.password_hash != "une phrase assez longue"

    # Not confirmed yet: login refused with a French message.
    response = client.post("/compte/connexion", data={"email": user.email, "password": "une phrase assez longue"})
    assert "Confirmez d'abord votre adresse" in text_of(response)

    response = client.get(_link(message))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.confirmed_at is not None

    response = client.post("/compte/connexion", data={"email": "LEA.MARTIN@exemple.fr", "password": "une phrase assez longue"})
    assert response.status_code == 302
    assert client.get("/compte/profil").status_code == 200


def test_signup_bad_input_keeps_what_was_typed(client, smtp, make_user):
    make_user(email="deja@exemple.fr")
    cases = [
        ({"email": "pas-une-adresse"}, "Cette adresse e-mail n'est pas valide."),
        ({"password": "court", "confirm": "court"}, "au moins 12 caractères"),
        ({"confirm": "autre chose encore"}, "Les deux mots de passe sont différents."),
    ]
    for change, message in cases:
        data = {"display_name": "Hugo Bernard", "email": "hugo@exemple.fr",
                "password": "une phrase assez longue", "confirm": "une phrase assez longue"}
        data.update(change)
        response = client.post("/compte/inscription", data=data)
        page = text_of(response)
        assert response.status_code == 400, change
        assert message in page, change
        assert 'value="Hugo Bernard"' in page
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    assert smtp.messages == []


def test_signup_when_mail_server_refuses_creates_nothing(make_app, smtp):
    app = make_app(MAIL_PORT=1)  # nothing listens there
    client = app.test_client()
    response = signup(client, email="personne@exemple.fr")
    assert response.status_code == 400
    assert "n'a pas pu être envoyé" in text_of(response)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_forged_and_expired_tokens_are_refused_in_french(client, app, make_user, monkeypatch):
    response = client.get("/compte/confirmer/pas-un-vrai-jeton")
    assert response.status_code == 400
    assert "Ce lien de confirmation n'est pas valide." in text_of(response)

    user = make_user(confirmed=False)
    from thc_participation.tokens import make_token

    token = make_token("confirm", {"id": user.id, "email": user.email})
    import time as time_module

    real_time = time_module.time
    monkeypatch.setattr(time_module, "time", lambda: real_time() + 4 * 24 * 3600)
    response = client.get(f"/compte/confirmer/{token}")
    monkeypatch.setattr(time_module, "time", real_time)
    assert response.status_code == 400
    assert "a expiré" in text_of(response)
    db.session.refresh(user)
    assert user.confirmed_at is None


def test_login_wrong_password_and_logout(client, make_user):
    user = make_user(email="camille@exemple.fr")
    response = client.post("/compte/connexion", data={"email": user.email, "password": "mauvais mot de passe"})
    assert response.status_code == 400
    assert "Adresse e-mail ou mot de passe incorrect." in text_of(response)
    assert 'value="camille@exemple.fr"' in text_of(response)
    response = client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    assert "remember_token" in response.headers.get("Set-Cookie", "") or any(
        "remember_token" in h for h in response.headers.getlist("Set-Cookie"))
    assert client.post("/compte/deconnexion").status_code == 302
    assert client.get("/compte/profil").status_code == 302


def test_password_reset_by_email_link_works_once(client, make_user, smtp):
    user = make_user(email="manon@exemple.fr")
    client.post("/compte/mot-de-passe-oublie", data={"email": "manon@exemple.fr"})
    [message] = smtp.wait_for(1)
    link = _link(message)
    response = client.post(link, data={"password": "nouvelle phrase secrète", "confirm": "nouvelle phrase secrète"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("nouvelle phrase secrète")
    response = client.get(link)
    assert response.status_code == 400
    assert "déjà servi" in text_of(response)
    # Unknown address: same answer, no e-mail, no enumeration.
    response = client.post("/compte/mot-de-passe-oublie", data={"email": "inconnu@exemple.fr"})
    assert response.status_code == 302
    assert len(smtp.messages) == 1


def test_profile_keeps_declared_fields_only_with_consent(client, login, make_user):
    user = make_user()
    login(client, user)
    data = {"display_name": "Zoé", "age_band": "18-24", "gender": "femme", "neighbourhood": "La Gare",
            "is_isolated": "oui", "is_single_parent": "non"}
    client.post("/compte/profil", data=data)
    db.session.refresh(user)
    assert user.display_name == "Zoé" and user.age_band is None and user.is_isolated is None
    client.post("/compte/profil", data={**data, "profile_consent": "y"})
    db.session.refresh(user)
    assert user.age_band.value == "18-24" and user.is_isolated is True and user.is_single_parent is False
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(action="account.profile")) == 2


def test_bad_links_offer_a_new_one_and_answer_json_clients(client):
    response = client.get("/compte/confirmer/pas-un-vrai-jeton")
    assert response.status_code == 400
    assert "Recevoir un nouveau lien de confirmation" in text_of(response)
    response = client.get("/compte/reinitialiser/pas-un-vrai-jeton")
    assert response.status_code == 400
    page = text_of(response)
    assert "Ce lien n'est pas valide." in page and "Mot de passe oublié" in page
    response = client.get("/compte/confirmer/pas-un-vrai-jeton",
                          headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "bad_link",
                                   "message": "Ce lien de confirmation n'est pas valide."}


def test_change_password_errors_land_on_their_field(client, login, make_user):
    user = make_user()
    login(client, user)
    response = client.post("/compte/mot-de-passe", data={
        "pw-current": "pas le bon mot de passe", "pw-password": "une nouvelle phrase longue"})
    assert response.status_code == 400
    html = text_of(response)
    assert "Le mot de passe actuel est incorrect." in html[html.index('id="pw-current-erreur"'):]
    assert 'value="Personne' in html  # the profile form is filled from the account
    response = client.post("/compte/mot-de-passe", data={
        "pw-current": PASSWORD, "pw-password": "une nouvelle phrase longue"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("une nouvelle phrase longue")
    actions = db.session.scalars(db.select(AuditEntry.action)).all()
    assert actions == ["account.password_change"]


def test_login_error_is_shown_above_the_form_in_json_too(client, make_user):
    user = make_user(email="camille@exemple.fr")
    response = client.post("/compte/connexion", data={"email": user.email, "password": "faux"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "credentials",
                                   "message": "Adresse e-mail ou mot de passe incorrect."}
