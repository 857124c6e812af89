"""A database that cannot answer (restarting, or every pooled connection busy at a peak) gives
the French "momentanément indisponible" page with a 503 and Retry-After, never a 500."""

from tests.support.servers import free_port


def _assert_unavailable(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    page = response.get_data(as_text=True)
    assert "momentanément indisponible" in page
    assert "Traceback" not in page


def test_every_connection_busy_answers_503(make_app, db):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0,
                                              "pool_timeout": 0.2})
    with app.app_context():
        held = db.engine.connect()  # the pool's only connection, held through the request
        try:
            _assert_unavailable(app.test_client().get("/"))
        finally:
            held.close()
        assert app.test_client().get("/").status_code == 200


def test_unreachable_database_answers_503(make_app, make_user, login):
    app = make_app()  # the suite's database, emptied after the test
    down = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql://postgres@127.0.0.1:{free_port()}/x")
    response = down.test_client().get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.get_json()["error"] == "unavailable"
    _assert_unavailable(down.test_client().get("/"))
    # Signed in: the page is still the 503 (the user cannot be loaded, and is not needed).
    with app.app_context():
        signed_in = login(down.test_client(), make_user("citoyenne@exemple.fr"))
    _assert_unavailable(signed_in.get("/"))
    _assert_unavailable(signed_in.post("/compte/deconnexion"))
