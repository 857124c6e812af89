"""Dashboard test helpers."""

import io

import pytest

from thc_participation.dashboard import samples


@pytest.fixture
def anonymous():
    def do(client):
        with client.session_transaction() as session:
            session.clear()
        return client

    return do


def pdf_file(name="document.pdf", title="Document de test"):
    return (io.BytesIO(samples.pdf_bytes(title, ["Saint-Exemple-sur-Loire"])), name)


def png_file(name="image.png"):
    return (io.BytesIO(samples.png_bytes(8, 8, (30, 90, 160))), name)
