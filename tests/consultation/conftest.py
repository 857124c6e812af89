"""Fixtures of the consultation tests: an open consultation with its five phases (the shared
``agent``, ``citizen``... come from tests/conftest.py)."""

import re

import pytest
import requests

from tests.conftest import PASSWORD
from thc_participation.consultation.models import ConsultationState
from thc_participation.consultation.services import consultations


@pytest.fixture
def neighbour(make_user):
    return make_user(name="Nadir Voisin", contact_consent=True)


@pytest.fixture
def client_for(app, login):
    """A separate test client signed in as ``user`` (anonymous without one)."""

    def factory(user=None):
        client = app.test_client()
        if user is not None:
            login(client, user)
        return client

    return factory


@pytest.fixture
def many_users(db):
    """Many confirmed accounts that agreed to be contacted, fast (no password hashing)."""
    from thc_participation.models import User
    from thc_participation.timeutil import utcnow

    def factory(count, prefix="participant"):
        users = [User(email=f"{prefix}{i}@exemple.fr", display_name=f"Participant {i}",
                      password_hash="!", confirmed_at=utcnow(), contact_consent=True)
                 for i in range(count)]
        db.session.add_all(users)
        db.session.commit()
        return users

    return factory


@pytest.fixture
def open_consultation(db, territory, agent):
    consultation = consultations.create_consultation(
        agent, territory, "Mobilités du quotidien", "Donnez votre avis sur **les mobilités**.")
    for phase in consultation.phases:
        consultations.update_phase(agent, phase, phase.name, f"Situation de {phase.name}",
                                   f"Bilan de {phase.name}", f"Résultats de {phase.name}")
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    db.session.commit()
    return consultation


@pytest.fixture
def phase(open_consultation):
    return open_consultation.phases[0]


def phase_url(consultation, phase=None):
    phase = phase or consultation.phases[0]
    return f"/t/{consultation.territory.slug}/consultations/{consultation.id}/phases/{phase.id}"


def base_url(consultation):
    return f"/t/{consultation.territory.slug}/consultations/{consultation.id}"


def live_session(live_server, user):
    """A requests session signed in on the live server through the real login form."""
    session = requests.Session()
    page = session.get(f"{live_server.url}/compte/connexion").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": user.email, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    response = session.post(f"{live_server.url}/compte/connexion", data=data,
                            allow_redirects=False)
    assert response.status_code == 302, live_server.output()[-4000:]
    page = session.get(f"{live_server.url}/compte/profil").text
    session.headers["X-CSRFToken"] = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return session
