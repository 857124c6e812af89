"""``thc demo`` indexes its data, and every indexed document is one an anonymous visitor may
open: nothing private reaches the index."""

from sqlalchemy import select

from tests.support.pages import text_of
from thc_participation.demo import DEMO_SLUG
from thc_participation.extensions import db
from thc_participation.search.models import SearchDocument


def test_the_demo_is_indexed_and_every_document_is_public(app, client):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    rows = db.session.execute(select(SearchDocument.kind, SearchDocument.url)).all()
    kinds = {kind for kind, _url in rows}
    assert {"consultation", "comment", "proposal", "event", "actor", "action"} <= kinds
    for kind, url in rows:
        response = client.get(url.split("#")[0])
        assert response.status_code == 200, (kind, url, response.status_code)
    page = text_of(client.get(f"/t/{DEMO_SLUG}/recherche?q=budgets+participatifs"))
    assert "Consultations (" in page
