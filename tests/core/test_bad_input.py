"""Bad input never gives a 500 (issue #14, "Bad input gives 500"): each case the issue lists,
sent through the page a person would use, is refused with a French message (or a 404), and
nothing is stored. Many were fixed by the foundation refactor; they stay as regression tests,
on SQLite and PostgreSQL (where huge integers overflow a column and NUL is refused in text)."""


from datetime import timedelta

import pytest

from tests.support.pages import text_of
from thc_participation.consultation.models import Comment, Consultation, ConsultationState
from thc_participation.consultation.services import consultations, places
from thc_participation.dashboard.models import TeamMember
from thc_participation.evaluation.models import Draw, Pool
from thc_participation.evaluation.services import draws, pools
from thc_participation.events.boards.models import Board
from thc_participation.events.boards.services import boards
from thc_participation.events.models import Event
from thc_participation.events.services import events
from thc_participation.events.services.validation import EventData, Recurrence
from thc_participation.extensions import db
from thc_participation.models import Territory

from ..evaluation.builders import announced
from .builders import meeting, paris_evening

HUGE = "99999999999999999999"
NUL = "Nom\x00caché"
FAR_DATES = ("9999-12-31", "0001-01-01")


def refused(response, *statuses):
    """A clear refusal: the expected status (400 by default), a French page, never a 500."""
    expected = statuses or (400,)
    assert response.status_code in expected, (response.status_code, text_of(response)[:400])
    return text_of(response)


def count(model):
    db.session.rollback()  # a fresh look at the database
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def event(agent, territory):
    return meeting(agent, territory)


@pytest.fixture
def consultation(agent, territory):
    made = consultations.create_consultation(agent, territory, "Mobilités", "Avis ?")
    consultations.set_state(agent, made, ConsultationState.OPEN)
    db.session.commit()
    return made


# --- calendar months and page numbers ------------------------------------------------------


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "0000-00", "2026-13", HUGE])
def test_calendar_month_out_of_range_is_a_clear_answer(client, territory, month):
    odd = f"mois={month}&vue=liste&type=zzz&territoire={HUGE}"
    for url in (f"/evenements?mois={month}", f"/t/{territory.slug}/evenements?mois={month}",
                f"/evenements?{odd}", f"/t/{territory.slug}/evenements?{odd}"):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        assert "Erreur inattendue" not in text_of(response)


def test_huge_page_numbers_on_every_paginated_page(client, login, agent, territory,
                                                   consultation, citizen):
    phase = consultation.phases[0]
    base = f"/t/{territory.slug}/consultations/{consultation.id}"
    login(client, citizen)
    assert client.post(f"{base}/phases/{phase.id}", data={
        "section": "situation", "stance": "neutral", "body": "Un avis"}).status_code == 302
    comment = db.session.scalar(db.select(Comment))
    pool = pools.create_pool(agent, territory, "Volontaires", "", "genre : femme, homme")
    db.session.commit()
    login(client, agent)
    pages = (f"{base}/phases/{phase.id}", f"{base}/phases/{phase.id}/propositions",
             f"{base}/commentaires/{comment.id}", f"/t/{territory.slug}/gestion/journal",
             f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}")
    for url in pages:
        for page in (HUGE, "9" * 5000, "-1", "²", "zzz"):
            response = client.get(f"{url}?page={page}")
            assert response.status_code == 200, (url, page, response.status_code)


# --- far dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("day", FAR_DATES)
def test_far_dates_in_consultation_forms(client, login, agent, territory, consultation, day):
    login(client, agent)
    stamp = f"{day}T{'23:59' if day.startswith('9') else '00:00'}"
    manage = f"/t/{territory.slug}/gestion/consultations"
    for field in ("opens_at", "closes_at"):
        new = client.post(manage + "/", data={"title": "Nouvelle", "phase_names": "Information",
                                               "report_threshold": "3", field: stamp})
        assert "Indiquez une date entre 1900 et 2100." in refused(new)
        edit = client.post(f"{manage}/{consultation.id}/", data={
            "title": "Mobilités", "introduction": "Avis ?", "report_threshold": "3",
            field: stamp})
        assert "Indiquez une date entre 1900 et 2100." in refused(edit)
    assert count(Consultation) == 1
    for threshold in (HUGE, "2147483648", "-1"):
        refused(client.post(f"{manage}/{consultation.id}/", data={
            "title": "Mobilités", "introduction": "Avis ?", "report_threshold": threshold}))
    # Every page that shows the consultation's dates still answers.
    for url in (f"/t/{territory.slug}/consultations/", f"{manage}/",
                f"/t/{territory.slug}/consultations/{consultation.id}/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("day", FAR_DATES)
def test_far_dates_in_event_forms(client, login, agent, territory, event, day):
    login(client, agent)
    start = paris_evening(10).date().isoformat()
    base = {"kind": "reunion", "title": "Réunion", "start_date": start, "start_time": "18:00",
            "end_date": start, "end_time": "20:00", "visibility": "public",
            "status": "scheduled", "registration_enabled": "y", "interval": "1"}
    stamp = f"{day}T{'23:59' if day.startswith('9') else '00:00'}"
    cases = [{"start_date": day}, {"end_date": day}, {"start_date": day, "end_date": day},
             {"until": day, "frequency": "weekly"}, {"registration_opens": stamp},
             {"registration_closes": stamp}]
    before = count(Event)
    manage = f"/t/{territory.slug}/gestion/evenements"
    for case in cases:
        for url in (f"{manage}/nouveau", f"{manage}/{event.id}/modifier"):
            page = refused(client.post(url, data={**base, **case}))
            assert "Indiquez une date entre 1900 et 2100." in page, case
    for url in ("/evenements", f"/evenements/{event.id}", f"/t/{territory.slug}/evenements",
                f"/t/{territory.slug}/calendrier.ics", manage):
        assert client.get(url).status_code == 200, url
    assert count(Event) == before


@pytest.mark.parametrize("day", FAR_DATES)
def test_far_programme_start_of_a_territory(client, login, admin, day):
    login(client, admin)
    response = client.post("/admin/territoires/nouveau", data={
        "name": "Loin", "kind": "commune", "population": "1200", "programme_start": day,
        "follows_programme": "y"})
    assert "Indiquez une date entre 1900 et 2100." in refused(response)
    for url in ("/", "/reseau", "/reseau/territoires.geojson"):
        assert client.get(url).status_code == 200, url
    assert db.session.scalar(db.select(Territory).filter_by(name="Loin")) is None


# --- huge integers and impossible choices ----------------------------------------------------


def test_huge_population_is_refused(client, login, admin):
    login(client, admin)
    for population in (HUGE, "9" * 5000, "2147483648"):
        page = refused(client.post("/admin/territoires/nouveau", data={
            "name": "Énorme", "kind": "commune", "population": population}))
        assert "population" in page.lower()
        fees = client.get(f"/admin/cotisations?population={population}")
        assert fees.status_code in (200, 400)
    assert db.session.scalar(db.select(Territory).filter_by(name="Énorme")) is None


def test_huge_capacity_is_refused(client, login, agent, territory, event):
    login(client, agent)
    start = paris_evening(10).date().isoformat()
    data = {"kind": "reunion", "title": "Réunion", "start_date": start, "start_time": "18:00",
            "end_date": start, "end_time": "20:00", "visibility": "public", "status": "scheduled",
            "interval": "1"}
    manage = f"/t/{territory.slug}/gestion/evenements"
    for field, value in (("capacity", HUGE), ("capacity", "2147483648"), ("interval", HUGE),
                         ("count", HUGE), ("latitude", "1e400")):
        refused(client.post(f"{manage}/nouveau", data={**data, field: value}))
        refused(client.post(f"{manage}/{event.id}/modifier", data={**data, field: value}))
    assert count(Event) == 1


def test_huge_panel_size_and_odd_quota(client, login, agent, territory):
    pool = pools.create_pool(agent, territory, "Volontaires", "", "genre : femme, homme",
                             signup_open=True)
    db.session.commit()
    login(client, agent)
    manage = f"/t/{territory.slug}/gestion/tirages"
    for size in (HUGE, "2147483648", "²"):
        refused(client.post(f"{manage}/nouveau", data={
            "title": "Comité", "purpose": "steering", "pool_id": str(pool.id),
            "panel_size": size, "randomness_source": "Loto du samedi"}))
    refused(client.post(f"{manage}/nouveau", data={
        "title": "Comité", "purpose": "steering", "pool_id": "zzz", "panel_size": "3",
        "randomness_source": "Loto du samedi"}))
    assert count(Draw) == 0
    draw = draws.create_draw(agent, territory, db.session.get(Pool, pool.id), "Comité",
                             "steering", 3, "Loto du samedi", announced())
    db.session.commit()
    for low in ("²", HUGE):
        refused(client.post(f"{manage}/{draw.id}", data={
            "panel_size": "3", "randomness_source": "Loto du samedi",
            "q-0-0-min": low, "q-0-0-max": "3", "q-0-1-min": "0", "q-0-1-max": "3"}))


def test_board_event_id_and_transfer_target(client, login, agent, facilitator, territory,
                                            consultation):
    login(client, facilitator)
    manage = f"/t/{territory.slug}/gestion/ateliers"
    data = {"question": "Comment ?", "columns": "Constats\nIdées", "dots": "3",
            "note_length": "200"}
    for event_id in (HUGE, "2147483648", "zzz", "-1"):
        response = client.post(manage + "/", data={**data, "event_id": event_id})
        assert response.status_code in (400, 404), (event_id, response.status_code)
    for field in ("dots", "note_length"):
        for value in (HUGE, "2147483648", "²"):
            refused(client.post(manage + "/", data={**data, "event_id": "0", field: value}))
    assert count(Board) == 0
    board = boards.create_board(facilitator, territory, "Comment ?")
    db.session.commit()
    for target in (HUGE, "zzz", f"{HUGE}:{HUGE}", "2147483648", ""):
        response = client.post(f"{manage}/{board.id}/consultation",
                               data={"target": target, "kind": "proposals"})
        assert response.status_code in (400, 404), (target, response.status_code)


def test_comment_help_place_id(client, login, agent, territory, consultation):
    places.save_help_place(agent, territory, "Mairie", "1 place de la Mairie")
    db.session.commit()
    login(client, agent)
    phase = consultation.phases[0]
    url = f"/t/{territory.slug}/consultations/{consultation.id}/phases/{phase.id}"
    for place in (HUGE, "2147483648", "zzz", "²"):
        response = client.post(url, data={"section": "situation", "stance": "neutral",
                                          "body": "Recueilli en mairie",
                                          "on_behalf_name": "M. D.", "help_place_id": place})
        assert response.status_code in (400, 404), (place, response.status_code)
    assert count(Comment) == 0


def test_team_member_draw_id(client, login, agent, territory):
    login(client, agent)
    url = f"/t/{territory.slug}/gestion/tableau-de-bord/equipe"
    for draw_id in ("zzz", HUGE, "2147483648", "²"):
        response = client.post(url, data={"role": "copil-citoyen", "name": "Inès Roy",
                                          "draw_id": draw_id})
        assert response.status_code in (400, 404), (draw_id, response.status_code)
    assert count(TeamMember) == 0


@pytest.mark.parametrize("ident", [HUGE, "2147483648", "9223372036854775808"])
def test_huge_ids_in_urls(client, login, agent, territory, ident):
    login(client, agent)
    for url in (f"/evenements/{ident}", f"/evenements/{ident}.ics",
                f"/t/{territory.slug}/consultations/{ident}/",
                f"/t/{territory.slug}/gestion/evenements/{ident}/",
                f"/t/{territory.slug}/gestion/ateliers/{ident}/",
                f"/t/{territory.slug}/tirages/{ident}"):
        assert client.get(url).status_code == 404, url


# --- NUL bytes -------------------------------------------------------------------------------


def test_nul_is_never_stored(client, login, agent, citizen, territory, consultation, event):
    login(client, agent)
    pool_url = f"/t/{territory.slug}/gestion/tirages/viviers/nouveau"
    response = client.post(pool_url, data={"name": NUL, "categories": "genre : femme, homme",
                                           "retention_days": "365"})
    assert "caractère nul" in refused(response)
    assert all("\x00" not in p.name for p in db.session.scalars(db.select(Pool)))
    response = client.post(f"/t/{territory.slug}/gestion/consultations/", data={
        "title": NUL, "introduction": NUL, "phase_names": f"Information\n{NUL}",
        "report_threshold": "3"})
    assert response.status_code in (302, 400)
    assert all("\x00" not in (c.title + c.introduction)
               for c in db.session.scalars(db.select(Consultation)))
    start = paris_evening(10).date().isoformat()
    response = client.post(f"/t/{territory.slug}/gestion/evenements/nouveau", data={
        "kind": "reunion", "title": NUL, "description": NUL, "start_date": start,
        "start_time": "18:00", "end_date": start, "end_time": "20:00", "visibility": "public",
        "status": "scheduled", "address": NUL, "partners": NUL, "interval": "1"})
    assert response.status_code in (302, 400)
    assert all("\x00" not in (e.title + (e.description or "") + (e.address or ""))
               for e in db.session.scalars(db.select(Event)))
    login(client, citizen)
    phase = consultation.phases[0]
    response = client.post(f"/t/{territory.slug}/consultations/{consultation.id}/"
                           f"phases/{phase.id}", data={"section": "situation",
                                                       "stance": "neutral", "body": NUL})
    assert response.status_code in (302, 400)
    assert all("\x00" not in c.body for c in db.session.scalars(db.select(Comment)))
    client.post("/compte/deconnexion")
    response = client.post(f"/evenements/{event.id}/inscription",
                           data={"name": NUL, "email": "nul@exemple.fr"})
    assert response.status_code in (200, 400)
    from thc_participation.events.models import Registration
    assert all("\x00" not in (r.name or "") for r in db.session.scalars(db.select(Registration)))
    response = client.post("/compte/inscription", data={
        "display_name": NUL, "email": "nul2@exemple.fr", "password": "un mot de passe long",
        "password_confirm": "un mot de passe long"})
    assert response.status_code in (200, 302, 400)
    assert "caractère nul" in refused(client.get("/evenements?mois=2026-01\x00"))
    json_body = client.post(f"/evenements/{event.id}/inscription", data='{"name": "a\\u0000b"}',
                            content_type="application/json")
    assert json_body.status_code == 400 and json_body.get_json()["error"] == "nul_character"


def test_nul_in_an_uploaded_csv_or_its_name(client, login, agent, territory):
    import io

    from thc_participation.csvio import read_csv
    from thc_participation.errors import Invalid
    from thc_participation.evaluation.models import PoolImport

    pool = pools.create_pool(agent, territory, "Liste", "", "genre : femme, homme")
    db.session.commit()
    login(client, agent)
    url = f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/import"
    late_nul = ("Nom;Prénom;genre\r\n" + "Roy;Inès;femme\r\n" * 400 + "Nul\x00;A;femme\r\n")
    with pytest.raises(Invalid):
        read_csv(late_nul.encode())
    response = client.post(url, data={"file": (io.BytesIO(late_nul.encode()), "liste.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    response = client.post(url, data={"file": (io.BytesIO(b"Nom;genre\r\nRoy;femme\r\n"),
                                               "liste\x00.csv")},
                           content_type="multipart/form-data")
    assert "caractère nul" in refused(response)
    assert count(PoolImport) == 0


def test_far_dates_for_an_occurrence(client, login, agent, territory):
    start = paris_evening(7)
    series = events.create_event(agent, territory, EventData(
        kind="reunion", title="Permanence", start=start, end=start + timedelta(hours=2),
        address="Mairie", recurrence=Recurrence("weekly", count=4)))
    db.session.commit()
    login(client, agent)
    url = f"/t/{territory.slug}/gestion/evenements/{series.id}/occurrence"
    first = start.strftime("%Y-%m-%dT%H:%M")
    for original in ("0001-01-01T00:00", "9999-12-31T23:59", "zzz"):
        for action in ("annuler", "deplacer"):
            response = client.post(url, data={"original": original, "action": action,
                                              "date": paris_evening(8).date().isoformat(),
                                              "start_time": "18:00", "end_time": "20:00"})
            assert response.status_code in (400, 404), (original, action, response.status_code)
    for day in FAR_DATES:
        page = refused(client.post(url, data={"original": first, "date": day,
                                              "start_time": "18:00", "end_time": "20:00"}))
        assert "Indiquez une date entre 1900 et 2100." in page
