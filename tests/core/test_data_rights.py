"""Data rights in the profile: consent history, download of one's data, account deletion."""

import csv
import io
import json
import uuid
import zipfile
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import JSON, String, Text, select

from tests.conftest import PASSWORD
from tests.support.pages import text_of
from thc_participation.accounts import services as accounts
from thc_participation.accounts.erasure import EraseMode, erase_account, pseudonym
from thc_participation.accounts.models import ConsentKind, ConsentRecord
from thc_participation.consultation.models import Comment, ConsultationState, Proposal
from thc_participation.consultation.services import comments, consultations, moderation, proposals
from thc_participation.dashboard.services import actors
from thc_participation.evaluation.models import Person
from thc_participation.evaluation.services import draws, pools
from thc_participation.events.boards.models import BoardChange, BoardNote, BoardParticipant
from thc_participation.events.boards.services import boards, notes, participants
from thc_participation.events.boards.services.pipeline import Actor as BoardActor
from thc_participation.events.models import Registration, RegistrationStatus
from thc_participation.events.services import events, registration
from thc_participation.events.services.validation import EventData
from thc_participation.extensions import db as _db
from thc_participation.models import AuditEntry, User
from thc_participation.timeutil import to_paris, utcnow

from ..evaluation.builders import announced

EMAIL = "berenice.quintal-ozanne@exemple.fr"
NAME = "Bérénice Quintal-Ozanne"
POINT = (47.3941, 0.6848)


def scan_database(*needles):
    """Every (table, column, row id) whose text or JSON value contains one of ``needles``
    (as stored, and as JSON escapes it)."""
    forms = set()
    for needle in needles:
        forms |= {needle.lower(), json.dumps(needle)[1:-1].lower()}
    found = []
    with _db.engine.connect() as connection:
        for table in _db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            if not columns:
                continue
            for row in connection.execute(select(*table.primary_key.columns, *columns)):
                values = row._mapping
                for column in columns:
                    value = values[column.name]
                    text = value if isinstance(value, str) else json.dumps(value)
                    if any(form in (text or "").lower() for form in forms):
                        found.append((table.name, column.name, tuple(row)[0]))
    return found


def _paris(days):
    day = to_paris(utcnow()).date() + timedelta(days=days)
    from datetime import datetime
    return datetime(day.year, day.month, day.day, 18, 0)


@pytest.fixture
def neighbour(make_user):
    return make_user(name="Nadir Voisin")


@pytest.fixture
def person(make_user):
    return make_user(email=EMAIL, name=NAME, contact_consent=True)


@pytest.fixture
def footprint(db, person, neighbour, agent, facilitator, territory):
    """The person takes part everywhere: consultation, event, live board, draw pool, map."""
    consultation = consultations.create_consultation(agent, territory, "Mobilités", "Avis ?")
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    phase = consultation.phases[0]
    mine = comments.post_comment(person, phase, "Plus de pistes cyclables rue Nationale")
    reply = comments.post_comment(neighbour, phase, "D'accord avec vous", parent=mine)
    theirs = comments.post_comment(neighbour, phase, "Un bus le dimanche")
    comments.vote(person, theirs, 1)
    proposal = proposals.create_proposal(person, phase, "Vélo-école", "Apprendre à tout âge")
    other_proposal = proposals.create_proposal(neighbour, phase, "Navette", "Vers la gare")
    proposals.set_support(person, other_proposal, True)
    moderation.report(person, theirs, "spam", "Publicité")

    event = events.create_event(agent, territory, EventData(
        kind="reunion", title="Réunion mobilités", start=_paris(10),
        end=_paris(10) + timedelta(hours=2), address="Salle des fêtes", capacity=1))
    seat = registration.register(event, user=person)
    waiting = registration.register(event, user=neighbour)

    board = boards.create_board(facilitator, territory, "Comment se déplacer ?")
    db.session.commit()
    boards.set_state(board.id, participants.facilitator_actor(facilitator, board), None, "open")
    joined = participants.join_board(board, person, None, None)
    db.session.commit()
    note = notes.add_note(board.id, BoardActor(joined.participant_id, person), uuid.uuid4().hex, "c1",
                          "Des arceaux devant la mairie").object["id"]

    pool = pools.create_pool(agent, territory, "Volontaires", "", "genre : femme, homme",
                             signup_open=True)
    entry, _receipt = pools.signup(territory, pool, first_name="Bérénice", last_name="Quintal",
                                   email=EMAIL, phone="06 12 34 56 78",
                                   values={"genre": "femme"}, consent=True, publish_name=True,
                                   user=person)
    actor = actors.propose_actor(person, territory, "Atelier vélo", "association",
                                 "Réparer ensemble.", *POINT)
    db.session.commit()
    return {"comment": mine.id, "reply": reply.id, "theirs": theirs.id, "proposal": proposal.id,
            "other_proposal": other_proposal.id, "event": event.id, "seat": seat.id,
            "waiting": waiting.id, "note": note, "participant": joined.participant_id,
            "person": entry.id, "actor": actor.id, "consultation": consultation,
            "phase": phase}


def test_consents_are_recorded_with_their_dates_and_shown_on_the_profile(
        app, db, client, login, smtp):
    user = accounts.register("lea.martin@exemple.fr", "Léa", "une phrase assez longue",
                             contact_consent=True)
    db.session.commit()
    accounts.update_profile(user, profile_consent=True, display_name="Léa",
                            contact_consent=False)
    db.session.commit()
    accounts.update_profile(user, profile_consent=False, display_name="Léa",
                            contact_consent=False)  # no change of contact: no new record
    db.session.commit()
    records = db.session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id)
                                 .order_by(ConsentRecord.id)).all()
    assert [(r.kind, r.value) for r in records] == [
        (ConsentKind.CONTACT, True), (ConsentKind.CONTACT, False),
        (ConsentKind.PROFILE, True), (ConsentKind.PROFILE, False)]
    assert all(r.created_at is not None and r.source == "cli" for r in records)

    user.confirmed_at = utcnow()
    db.session.commit()
    login(client, user)
    client.post("/compte/profil", data={"display_name": "Léa", "contact_consent": "y",
                                        "age_band": "", "gender": "", "neighbourhood": "",
                                        "is_isolated": "", "is_single_parent": ""})
    last = db.session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id)
                              .order_by(ConsentRecord.id.desc())).first()
    assert (last.kind, last.value, last.source) == (ConsentKind.CONTACT, True, "accounts.profile")
    page = text_of(client.get("/compte/profil"))
    assert "Mes consentements" in page and "Recevoir les nouvelles du programme" in page
    assert "retiré" in page and "donné" in page


def test_a_guest_registration_records_the_news_consent(db, agent, territory):
    from thc_participation.events.services.registration import Guest

    event = events.create_event(agent, territory, EventData(
        kind="reunion", title="Réunion", start=_paris(5), end=_paris(5) + timedelta(hours=1),
        address="Mairie"))
    reg = registration.register(event, guest=Guest("Invité", "invite@exemple.fr", True))
    db.session.commit()
    [record] = db.session.scalars(select(ConsentRecord)).all()
    assert (record.kind, record.value, record.registration_id) == (
        ConsentKind.SUMMIT_NEWS, True, reg.id)


def test_download_holds_every_section_as_json_and_french_excel_csv(
        client, login, person, footprint):
    login(client, person)
    response = client.get("/compte/mes-donnees.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "mes-donnees-thc.zip" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("donnees.json"))
    assert data["compte"][0]["email"] == EMAIL
    assert [c["texte"] for c in data["commentaires"]] == ["Plus de pistes cyclables rue Nationale"]
    assert [p["titre"] for p in data["propositions"]] == ["Vélo-école"]
    assert [v["vote"] for v in data["votes"]] == [1]
    assert len(data["soutiens"]) == 1 and data["signalements"][0]["motif"] == "spam"
    assert data["inscriptions"][0]["evenement"] == "Réunion mobilités"
    assert data["ateliers_notes"][0]["texte"] == "Des arceaux devant la mairie"
    assert data["ateliers_notes"][0]["pseudonyme"] == NAME
    assert data["tirages_au_sort"][0]["telephone"] == "06 12 34 56 78"
    assert data["tirages_au_sort"][0]["categories"] == {"genre": "femme"}
    assert data["acteurs_proposes"][0]["nom"] == "Atelier vélo"
    assert data["consentements"][0]["consentement"] == "contact"
    assert {"comment.create", "proposal.create"} <= {e["action"] for e in data["journal"]}

    raw = archive.read("commentaires.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["id", "consultation"] and "Plus de pistes cyclables" in rows[1][6]
    pool_rows = list(csv.reader(io.StringIO(archive.read("tirages_au_sort.csv")
                                            .decode("utf-8-sig")), delimiter=";"))
    assert '{"genre": "femme"}' in pool_rows[1]

    client.post("/compte/deconnexion")
    assert client.get("/compte/mes-donnees.zip").status_code in (302, 401)


def test_delete_needs_the_password_and_a_choice(client, login, person):
    login(client, person)
    page = client.get("/compte/supprimer")
    assert page.status_code == 200 and "Participant·e anonyme" in text_of(page)
    wrong = client.post("/compte/supprimer", data={"mode": "anonymiser", "password": "non"})
    assert wrong.status_code == 400 and "Le mot de passe est incorrect." in text_of(wrong)
    no_choice = client.post("/compte/supprimer", data={"password": PASSWORD})
    assert no_choice.status_code == 400
    assert _db.session.get(User, person.id) is not None


def test_deleting_keeps_contributions_anonymised_and_leaves_no_trace_of_the_person(
        client, login, person, neighbour, footprint, smtp):
    uid = person.id
    planted = {table for table, _column, _id in scan_database(EMAIL, NAME)}
    assert planted >= {"user", "board_participant", "board_change", "person"}
    login(client, person)
    response = client.post("/compte/supprimer", data={"mode": "anonymiser",
                                                      "password": PASSWORD})
    assert response.status_code == 302
    assert "supprimé" in text_of(client.get("/"))
    assert client.get("/compte/profil").status_code == 302  # logged out

    assert scan_database(EMAIL, NAME) == []
    assert scan_database("Quintal") == []  # the pool entry's names too
    comment = _db.session.get(Comment, footprint["comment"])
    assert comment.author_id is None and comment.body.startswith("Plus de pistes")
    assert _db.session.get(Comment, footprint["theirs"]).up_count == 1  # the vote still counts
    assert _db.session.get(Proposal, footprint["other_proposal"]).support_count == 1
    participant = _db.session.get(BoardParticipant, footprint["participant"])
    assert participant.user_id is None and participant.pseudonym == "Participant·e anonyme"
    assert _db.session.get(BoardNote, footprint["note"]) is not None
    # Registration erased, and the freed seat went to the first person waiting.
    assert _db.session.get(Registration, footprint["seat"]) is None
    assert _db.session.get(Registration, footprint["waiting"]).status == \
        RegistrationStatus.CONFIRMED
    assert _db.session.get(Person, footprint["person"]) is None

    phase_page = client.get(f"/t/villeneuve-les-tests/consultations/"
                            f"{footprint['consultation'].id}/phases/{footprint['phase'].id}")
    text = text_of(phase_page)
    assert "Participant·e anonyme" in text and "Plus de pistes cyclables" in text
    assert NAME not in text

    trace = pseudonym(uid)
    entries = _db.session.scalars(select(AuditEntry)).all()
    assert not [e for e in entries if e.actor_id == uid]
    assert any(e.details.get("compte") == trace and e.action == "comment.create" for e in entries)
    [deletion] = [e for e in entries if e.action == "account.delete"]
    assert deletion.details["account"] == trace and deletion.details["mode"] == "anonymiser"


def test_deleting_with_contributions_removes_them_and_their_votes(
        db, person, neighbour, footprint):
    erase_account(person, EraseMode.DELETE)
    db.session.commit()
    comment = db.session.get(Comment, footprint["comment"])
    assert comment.body == "" and comment.deleted_at is not None and comment.author_id is None
    assert db.session.get(Comment, footprint["reply"]).body == "D'accord avec vous"
    theirs = db.session.get(Comment, footprint["theirs"])
    assert (theirs.up_count, theirs.score) == (0, 0)
    assert db.session.get(Proposal, footprint["proposal"]) is None
    assert db.session.get(Proposal, footprint["other_proposal"]).support_count == 0
    assert db.session.get(BoardNote, footprint["note"]) is None
    assert db.session.get(BoardParticipant, footprint["participant"]) is None
    assert "Des arceaux" not in json.dumps(
        [c.payload for c in db.session.scalars(select(BoardChange)).all()])
    assert scan_database(EMAIL, NAME) == []


def test_a_pool_entry_of_a_frozen_draw_keeps_only_its_pseudonym(db, agent, territory, person):
    pool = pools.create_pool(agent, territory, "Volontaires", "", "genre : femme, homme",
                             signup_open=True)
    for i in range(4):
        pools.signup(territory, pool, first_name=f"P{i}", last_name=f"N{i}",
                     email=f"v{i}@exemple.fr", phone=None,
                     values={"genre": "femme" if i % 2 else "homme"}, consent=True,
                     publish_name=False)
    entry, _receipt = pools.signup(territory, pool, first_name="Bérénice", last_name="Quintal",
                                   email=EMAIL, phone=None, values={"genre": "femme"},
                                   consent=True, publish_name=True, user=person)
    draw = draws.create_draw(agent, territory, pool, "Comité", "steering", 3, "Dés",
                             announced())
    draws.update_draw(agent, territory, draw, 3, {"genre": {"femme": (1, 2), "homme": (1, 2)}},
                      draw.randomness_source)
    draws.freeze(agent, territory, draw)
    db.session.commit()
    erase_account(person, EraseMode.ANONYMISE)
    db.session.commit()
    kept = db.session.get(Person, entry.id)
    assert kept.pseudonym == entry.pseudonym and kept.values == {"genre": "femme"}
    assert (kept.first_name, kept.email, kept.user_id, kept.purged_at is not None) == (
        None, None, None, True)
    assert scan_database(EMAIL, NAME, "Quintal") == []


def test_purge_unconfirmed_accounts_from_the_cli(app, db, make_user):
    old = make_user(email="jamais.confirme@exemple.fr", confirmed=False)
    old.created_at = utcnow() - timedelta(days=8)
    recent = make_user(email="recent@exemple.fr", confirmed=False)
    confirmed = make_user(email="confirme@exemple.fr")
    confirmed.created_at = utcnow() - timedelta(days=30)
    db.session.commit()
    ids = old.id, recent.id, confirmed.id
    runner = CliRunner()
    help_text = runner.invoke(app.cli, ["accounts", "purge-unconfirmed", "--help"]).output
    assert "never confirmed" in help_text
    result = app.test_cli_runner().invoke(args=["accounts", "purge-unconfirmed"])
    assert result.exit_code == 0 and "1 unconfirmed account(s) erased." in result.output
    db.session.remove()
    assert [db.session.get(User, i) is not None for i in ids] == [False, True, True]
    assert scan_database("jamais.confirme@exemple.fr") == []


def test_team_contact_consent_is_recorded_for_the_linked_account(db, agent, territory, person):
    from thc_participation.dashboard.services import team

    member = team.add_team_member(agent, territory, "referent", NAME, service="Voirie",
                                  email=EMAIL, phone="02 47 00 00 00")
    db.session.commit()
    team.set_contact_consent(person, territory, member, show_email=True, show_phone=False)
    db.session.commit()
    team.set_contact_consent(person, territory, member, show_email=True, show_phone=False)
    db.session.commit()
    records = db.session.scalars(select(ConsentRecord).where(
        ConsentRecord.kind == ConsentKind.TEAM_CONTACT)).all()
    assert [(r.value, r.user_id, r.team_member_id) for r in records] == [
        (True, person.id, member.id)]
    erase_account(person, EraseMode.ANONYMISE)
    db.session.commit()
    assert db.session.scalars(select(ConsentRecord)).all() == []
    assert scan_database(EMAIL, NAME) == []


def test_the_migration_dates_consents_given_before_the_history(tmp_path):
    from flask_migrate import downgrade, upgrade

    from thc_participation import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}",
                      "INSTANCE_DIR": str(tmp_path), "THC_ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade(revision="d30875af9e95")
        with _db.engine.begin() as connection:
            connection.exec_driver_sql(
                'INSERT INTO "user" (email, display_name, password_hash, created_at, is_admin, '
                "is_active_account, contact_consent) VALUES "
                "('a@exemple.fr', 'A', '!', '2026-01-02 10:00:00', 0, 1, 1), "
                "('b@exemple.fr', 'B', '!', '2026-01-03 10:00:00', 0, 1, 0)")
        upgrade()
        with _db.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT user_id, kind, value, source, created_at FROM consent_record").all()
        assert [tuple(r) for r in rows] == [(1, "contact", 1, "migration", "2026-01-02 10:00:00")]
        downgrade(revision="d30875af9e95")
        _db.engine.dispose()
