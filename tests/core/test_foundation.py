"""The core pieces every module builds on: scoped loading, the form idiom, page numbers, one
transaction per operation with realtime events sent after its commit, labelled enums."""

import time

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import EmailField

from thc_participation import realtime
from thc_participation.access import MAX_ID, load, parse_id, require_in
from thc_participation.accounts.forms import ForgotPasswordForm
from thc_participation.errors import Conflict, Invalid, NotFound
from thc_participation.extensions import db, socketio
from thc_participation.labels import LabelledEnum, label_of
from thc_participation.models import Membership, Role, Territory, TerritoryKind
from thc_participation.transaction import operation, transactional
from thc_participation.web import MAX_PAGE, form_view, page_number

from ..support.pages import text_of

# -- access.parse_id ---------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (1, 1), (42, 42), ("42", 42), (" 7 ", 7), (MAX_ID, MAX_ID), (str(MAX_ID), MAX_ID),
])
def test_parse_id_reads_row_ids(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize("value", [
    True, False, None, 0, -1, "-1", "0", MAX_ID + 1, str(MAX_ID + 1), 2**200, 3.0, "3.0", "1e3",
    "", "  ", "abc", "12abc", "+5", "²", "1²", "١٢", "１２", "Ⅻ", b"12", [1], {"id": 1},
])
def test_parse_id_refuses_what_is_not_an_id(value):
    assert parse_id(value) is None


def test_parse_id_does_not_read_huge_strings():
    start = time.perf_counter()
    assert parse_id("9" * 100_000) is None  # int() of it would raise (or be slow)
    assert time.perf_counter() - start < 0.1


# -- access.load and access.require_in ---------------------------------------------------------


@pytest.fixture
def memberships(elu, other_agent, territory, other_territory):
    own = db.session.scalar(db.select(Membership).filter_by(territory_id=territory.id))
    foreign = db.session.scalar(db.select(Membership).filter_by(territory_id=other_territory.id))
    return own, foreign


def test_load_scopes_to_the_territory(memberships, territory, other_territory):
    own, foreign = memberships
    assert load(Membership, own.id, territory) is own
    assert load(Membership, str(own.id), territory) is own
    assert load(Membership, foreign.id) is foreign  # no territory: any row
    with pytest.raises(NotFound):
        load(Membership, foreign.id, territory)  # another territory's row: as if missing
    with pytest.raises(NotFound):
        load(Membership, own.id, other_territory)
    for missing in (foreign.id + own.id + 1000, "abc", True, None, "²", MAX_ID + 1):
        with pytest.raises(NotFound):
            load(Membership, missing, territory)
    with pytest.raises(NotFound, match="Ce rôle n'existe pas"):
        load(Membership, foreign.id, territory, "Ce rôle n'existe pas.")


def test_require_in_refuses_another_territorys_object(memberships, territory, other_territory):
    own, foreign = memberships
    require_in(territory, own, None)  # nothing raised
    with pytest.raises(NotFound) as info:
        require_in(territory, own, foreign)
    assert info.value.status == 404 and info.value.as_dict()["error"] == "not_found"
    with pytest.raises(NotFound):
        require_in(other_territory, own)


# -- web.form_view -----------------------------------------------------------------------------


class _EmailForm(FlaskForm):
    email = EmailField("Adresse e-mail")


def _form_route(app, error):
    """A page with one form whose submission fails with ``error``."""

    def page():
        form = ForgotPasswordForm()

        def submit():
            raise error

        return form_view(form, "accounts/forgot.html", submit)

    app.add_url_rule("/essai/formulaire", "essai_formulaire", page, methods=["GET", "POST"])


def test_form_view_shows_a_service_error_on_its_field_with_the_input_kept(app, client):
    _form_route(app, Conflict("Cette adresse est déjà utilisée ici.", field="email"))
    assert client.get("/essai/formulaire").status_code == 200
    response = client.post("/essai/formulaire", data={"email": "lea.martin@exemple.fr"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    error = html[html.index('id="email-erreur"'):]
    assert error[:error.index("</p>")].endswith("Cette adresse est déjà utilisée ici. ")
    assert 'aria-invalid="true"' in html
    assert 'value="lea.martin@exemple.fr"' in html


def test_form_view_shows_an_error_without_field_above_the_form(app, client):
    _form_route(app, Invalid("Le serveur de messagerie refuse cet envoi."))
    response = client.post("/essai/formulaire", data={"email": "lea.martin@exemple.fr"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    start = html.index('class="error-summary"')
    summary = html[start:html.index("<form", start)]  # between the summary and its form
    assert "Le serveur de messagerie refuse cet envoi." in summary
    assert 'value="lea.martin@exemple.fr"' in html


def test_form_view_answers_json_clients_in_json(app, client):
    _form_route(app, Conflict("Cette adresse est déjà utilisée ici.", field="email"))
    json = {"Accept": "application/json"}
    response = client.post("/essai/formulaire", data={"email": "lea@exemple.fr"}, headers=json)
    assert response.status_code == 409
    assert response.get_json() == {"error": "conflict", "field": "email",
                                   "message": "Cette adresse est déjà utilisée ici."}
    response = client.post("/essai/formulaire", data={"email": "pas une adresse"}, headers=json)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid" and "email" in body["fields"]


def test_form_view_rolls_back_what_the_failed_operation_did(app, client):
    def page():
        form = ForgotPasswordForm()

        def submit():
            db.session.add(Territory(name="Fantôme", slug="fantome", kind=TerritoryKind.COMMUNE,
                                     population=10))
            db.session.flush()
            raise Invalid("Refusé.", field="email")

        return form_view(form, "accounts/forgot.html", submit)

    app.add_url_rule("/essai/formulaire", "essai_formulaire", page, methods=["POST"])
    response = client.post("/essai/formulaire", data={"email": "lea@exemple.fr"})
    assert response.status_code == 400 and "Refusé." in text_of(response)
    assert db.session.scalar(db.select(Territory).filter_by(slug="fantome")) is None


# -- web.page_number ---------------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ("", 1), ("?page=3", 3), (f"?page={MAX_PAGE}", MAX_PAGE), (f"?page={MAX_PAGE + 1}", 1),
    ("?page=0", 1), ("?page=-2", 1), ("?page=abc", 1), ("?page=2.5", 1), ("?page=%C2%B2", 1),
    ("?page=%EF%BC%92", 1), ("?page=" + "9" * 5000, 1), ("?page=99999999999999999999999", 1),
    ("?page=", 1), ("?page=3&page=4", 3),
])
def test_page_number_is_small_and_safe(app, query, expected):
    with app.test_request_context("/journal" + query):
        assert page_number() == expected


def test_audit_log_pages_ignore_malformed_numbers(client, login, agent, territory):
    login(client, agent)
    for page in ("abc", "9" * 5000, "-1", "²", "999999"):
        response = client.get(f"/t/{territory.slug}/gestion/journal?page={page}")
        assert response.status_code == 200, page


# -- transactions and realtime events ----------------------------------------------------------


@pytest.fixture
def listener(app):
    """A Socket.IO client connected to the app (Flask-SocketIO's test client: the server's
    real rooms and emit path, packets delivered in process) and its private room."""
    client = socketio.test_client(app)
    room = socketio.server.manager.sid_from_eio_sid(client.eio_sid, "/")
    yield client, room
    client.disconnect()


def _territory(slug):
    return Territory(name=slug.title(), slug=slug, kind=TerritoryKind.COMMUNE, population=100)


def _stored(slug):
    db.session.rollback()  # a fresh look at the database
    return db.session.scalar(db.select(Territory).filter_by(slug=slug)) is not None


def test_request_events_are_sent_after_commit_and_dropped_on_rollback(app, client, listener):
    socket, room = listener
    before_commit = []

    def change(status):
        db.session.add(_territory(f"essai-{status}"))
        realtime.emit("territoire", {"statut": status}, room, "/")
        db.session.flush()
        before_commit.append(socket.get_received())
        if status == 409:
            raise Conflict("Déjà fait.")
        return "fait", status

    app.add_url_rule("/essai/<int:status>", "essai", change, methods=["POST"])

    assert client.post("/essai/200").status_code == 200
    assert before_commit.pop() == []
    assert socket.get_received() == [{"name": "territoire", "args": [{"statut": 200}],
                                      "namespace": "/"}]
    assert _stored("essai-200")

    for status in (400, 409):  # an answered 4xx and a ServiceError: both roll back
        assert client.post(f"/essai/{status}").status_code == status
        assert before_commit.pop() == []
        assert socket.get_received() == []
        assert not _stored(f"essai-{status}")


def test_operation_and_transactional_commit_once_and_send_after(app, listener):
    socket, room = listener
    with operation():
        db.session.add(_territory("par-operation"))
        realtime.emit("territoire", {"n": 1}, room, "/")
        assert socket.get_received() == []
    assert [e["args"] for e in socket.get_received()] == [[{"n": 1}]]
    assert _stored("par-operation")

    with pytest.raises(RuntimeError), operation():
        db.session.add(_territory("jamais"))
        realtime.emit("territoire", {"n": 2}, room, "/")
        raise RuntimeError("panne")
    assert socket.get_received() == []
    assert not _stored("jamais")

    @transactional
    def job(fail):
        db.session.add(_territory(f"tache-{fail}"))
        realtime.emit("territoire", {"fail": fail}, room, "/")
        if fail:
            raise Invalid("Refusé.")

    job(False)
    assert [e["args"] for e in socket.get_received()] == [[{"fail": False}]]
    with pytest.raises(Invalid):
        job(True)
    assert socket.get_received() == []
    assert _stored("tache-False") and not _stored("tache-True")


def test_an_event_rolled_back_before_any_query_is_never_sent(app, listener):
    socket, room = listener
    db.session.commit()
    realtime.emit("territoire", {"n": "annulé"}, room, "/")
    db.session.rollback()
    db.session.commit()
    assert socket.get_received() == []


def test_a_savepoint_rolled_back_keeps_the_operations_events(app, listener):
    socket, room = listener
    with operation():
        realtime.emit("territoire", {"n": "gardé"}, room, "/")
        savepoint = db.session.begin_nested()
        db.session.add(_territory("essai-savepoint"))
        savepoint.rollback()
    assert [e["args"] for e in socket.get_received()] == [[{"n": "gardé"}]]


# -- labelled enums ----------------------------------------------------------------------------


class Mood(LabelledEnum):
    HAPPY = "content", "Content·e"
    TIRED = "fatigue", "Fatigué·e"


def test_labelled_enums_carry_their_label(app):
    assert Mood.HAPPY == "content" and Mood("fatigue") is Mood.TIRED
    assert Mood.TIRED.label == "Fatigué·e"
    assert Mood.choices() == [("content", "Content·e"), ("fatigue", "Fatigué·e")]
    assert Mood.choices([Mood.TIRED]) == [("fatigue", "Fatigué·e")]
    assert [(v, str(label)) for v, label in Role.choices()][1] == ("elu", "Élu·e")
    assert Mood.labels() == {"content": "Content·e", "fatigue": "Fatigué·e"}
    assert label_of(Mood, "content") == "Content·e"
    assert label_of(Mood, Mood.TIRED) == "Fatigué·e"
    assert label_of(Mood, "inconnu", "?") == "?"
    assert Role.AGENT.label == "Agent de la collectivité"


def test_label_filter(app):
    with app.test_request_context("/"):
        template = "{{ a|label }}|{{ b|label }}|{{ c|label }}|{{ d|label }}"
        assert render_template_string(template, a=Role.ELU, b=TerritoryKind.COMMUNE,
                                      c="texte", d=None) == "Élu·e|Commune|texte|"


def test_labels_follow_the_language(client, login, agent, territory):
    login(client, agent)
    client.set_cookie("lang", "en")
    page = text_of(client.get(f"/t/{territory.slug}/gestion/roles"))  # table and select
    assert "Local authority officer" in page and "Agent de la collectivité" not in page
    page = text_of(client.get("/compte/profil"))
    assert ">Woman<" in page
    assert ">Femme<" not in page
