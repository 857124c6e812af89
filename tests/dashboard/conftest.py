"""Dashboard test helpers."""

import io

import pytest
from flask import g

from thc_participation.dashboard import samples


@pytest.fixture
def signin(login):
    """Log ``user`` in on ``client``, even after other requests in the same test.

    The ``app`` fixture keeps one application context for the whole test, and Flask-Login
    caches the current user in ``g`` for that context: forget it before switching users.
    """
    def do(client, user):
        g.pop("_login_user", None)
        return login(client, user)

    return do


@pytest.fixture
def anonymous():
    def do(client):
        g.pop("_login_user", None)
        with client.session_transaction() as session:
            session.clear()
        return client

    return do


def pdf_file(name="document.pdf", title="Document de test"):
    return (io.BytesIO(samples.pdf_bytes(title, ["Saint-Exemple-sur-Loire"])), name)


def png_file(name="image.png"):
    return (io.BytesIO(samples.png_bytes(8, 8, (30, 90, 160))), name)
