"""The module's rules in one place: territory scoping of every service, bad input never a 500,
errors on their field, one transaction per operation, pagination and the CSRF idiom."""
import re

import pytest
from sqlalchemy import insert

from thc_participation.errors import Forbidden, NotFound
from thc_participation.evaluation.models import (
    Draw,
    DrawState,
    Person,
    Pool,
    PoolImport,
    Seat,
    SeatStatus,
)
from thc_participation.evaluation.services import draws, pools, seats
from thc_participation.extensions import db
from thc_participation.timeutil import utcnow

from ..support.pages import text_of
from .builders import CATEGORIES, make_draw, make_pool

CSV = b"Nom;Pr\xe9nom;genre;quartier\r\nRoux;L\xe9o;homme;Nord\r\n"


# --- every service refuses an object of another territory ------------------------------------
# ``other_agent`` may act in ``other_territory``; the objects belong to ``territory``.

def _refused(call):
    with pytest.raises(NotFound):
        call()
    db.session.rollback()


def test_set_signup_open_refuses_a_pool_of_another_territory(agent, other_agent, territory,
                                                             other_territory):
    pool = make_pool(agent, territory, people=0)
    _refused(lambda: pools.set_signup_open(other_agent, other_territory, pool, False))
    assert db.session.get(Pool, pool.id).signup_open


def test_signup_refuses_a_pool_of_another_territory(agent, territory, other_territory):
    pool = make_pool(agent, territory, people=0)
    _refused(lambda: pools.signup(other_territory, pool, first_name="A", last_name="B",
                                  email="a@exemple.fr", phone=None, consent=True,
                                  values={"genre": "femme", "quartier": "Nord"},
                                  publish_name=False))
    assert db.session.scalar(db.select(db.func.count(Person.id))) == 0


def test_start_import_refuses_a_pool_of_another_territory(agent, other_agent, territory,
                                                          other_territory):
    pool = make_pool(agent, territory, people=0)
    _refused(lambda: pools.start_import(other_agent, other_territory, pool, "a.csv", CSV))
    assert db.session.scalar(db.select(db.func.count(PoolImport.id))) == 0


def _pending(agent, territory):
    pending = pools.start_import(agent, territory, make_pool(agent, territory, people=0),
                                 "a.csv", CSV)
    db.session.commit()
    return pending


def test_confirm_import_refuses_an_import_of_another_territory(agent, other_agent, territory,
                                                               other_territory):
    pending = _pending(agent, territory)
    mapping = pools.analyse_import(pending).mapping
    _refused(lambda: pools.confirm_import(other_agent, other_territory, pending, mapping))
    assert db.session.get(PoolImport, pending.id) is not None
    assert db.session.scalar(db.select(db.func.count(Person.id))) == 0


def test_cancel_import_refuses_an_import_of_another_territory(agent, other_agent, territory,
                                                              other_territory):
    pending = _pending(agent, territory)
    _refused(lambda: pools.cancel_import(other_agent, other_territory, pending))
    assert db.session.get(PoolImport, pending.id) is not None


def test_create_draw_refuses_a_pool_of_another_territory(agent, other_agent, territory,
                                                         other_territory):
    pool = make_pool(agent, territory)
    db.session.commit()
    _refused(lambda: draws.create_draw(other_agent, other_territory, pool, "Comité", "steering",
                                       3, "Loto"))
    assert db.session.scalar(db.select(db.func.count(Draw.id))) == 0


def test_update_draw_refuses_a_draw_of_another_territory(agent, other_agent, territory,
                                                         other_territory):
    draw = make_draw(agent, territory, make_pool(agent, territory))
    _refused(lambda: draws.update_draw(other_agent, other_territory, draw, 3, draw.quotas,
                                       "Autre source"))
    assert db.session.get(Draw, draw.id).randomness_source == "Loto du samedi 7 mars 2026"


@pytest.mark.parametrize("state,step", [
    (DrawState.PREPARED, lambda actor, territory, draw: draws.freeze(actor, territory, draw)),
    (DrawState.FROZEN, lambda actor, territory, draw: draws.enter_randomness(actor, territory,
                                                                             draw, "1 2 3")),
    (DrawState.RANDOMNESS, lambda actor, territory, draw: draws.run_draw(actor, territory, draw)),
], ids=["freeze", "enter_randomness", "run_draw"])
def test_each_draw_step_refuses_a_draw_of_another_territory(agent, other_agent, territory,
                                                            other_territory, state, step):
    draw = make_draw(agent, territory, make_pool(agent, territory), state)
    _refused(lambda: step(other_agent, other_territory, draw))
    assert db.session.get(Draw, draw.id).state == state


def _seat_refused(decide, agent, other_agent, territory, other_territory):
    draw = make_draw(agent, territory, make_pool(agent, territory), DrawState.DRAWN)
    seat = draw.seats[0]
    _refused(lambda: decide(other_agent, other_territory, seat))
    assert db.session.get(Seat, seat.id).status == SeatStatus.PENDING
    assert not db.session.get(Draw, draw.id).substitutions


def test_accept_seat_refuses_a_seat_of_another_territory(agent, other_agent, territory,
                                                         other_territory):
    _seat_refused(seats.accept_seat, agent, other_agent, territory, other_territory)


def test_decline_seat_refuses_a_seat_of_another_territory(agent, other_agent, territory,
                                                          other_territory):
    _seat_refused(seats.decline_seat, agent, other_agent, territory, other_territory)


def test_a_network_admin_is_refused_too_when_territory_and_object_differ(admin, agent,
                                                                          territory,
                                                                          other_territory):
    draw = make_draw(agent, territory, make_pool(agent, territory))
    _refused(lambda: draws.freeze(admin, other_territory, draw))
    draws.freeze(admin, territory, draw)   # in its own territory, an admin may
    assert draw.state == DrawState.FROZEN


def test_only_the_territory_agents_and_admins_manage(agent, elu, citizen, territory):
    pool = make_pool(agent, territory, people=0)
    for user in (elu, citizen, None):
        with pytest.raises(Forbidden):
            pools.set_signup_open(user, territory, pool, False)
    assert pool.signup_open


# --- one transaction per operation -----------------------------------------------------------

def test_services_flush_and_the_boundary_commits(agent, territory):
    pool = pools.create_pool(agent, territory, "Volontaires", "", CATEGORIES, signup_open=True)
    pools.signup(territory, pool, first_name="A", last_name="B", email="a@exemple.fr",
                 phone=None, values={"genre": "femme", "quartier": "Nord"}, consent=True,
                 publish_name=False)
    assert pool.id is not None                      # flushed: it has an id
    db.session.rollback()                           # no commit happened in the services
    assert db.session.scalar(db.select(db.func.count(Pool.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Person.id))) == 0


def test_a_refused_step_changes_nothing(as_agent, agent, territory):
    draw = make_draw(agent, territory, make_pool(agent, territory, people=2))
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/{draw.id}/geler", data={"confirmed": "1"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Draw, draw.id).state == DrawState.PREPARED


# --- bad input is a French answer, never a 500 -----------------------------------------------

@pytest.fixture
def as_agent(client, login, agent):
    return login(client, agent)


HUGE = "9" * 30


def test_malformed_and_huge_ids_are_not_found(as_agent, agent, territory):
    pool = make_pool(agent, territory)
    draw = make_draw(agent, territory, pool, DrawState.DRAWN)
    public, manage = f"/t/{territory.slug}/tirages", f"/t/{territory.slug}/gestion/tirages"
    for url in (f"{public}/zzz", f"{public}/{HUGE}", f"{public}/{HUGE}/verification.json",
                f"{public}/viviers/{HUGE}/inscription", f"{manage}/zzz", f"{manage}/{HUGE}",
                f"{manage}/viviers/{HUGE}", f"{manage}/viviers/{pool.id}/import/{HUGE}",
                f"{manage}/viviers/zzz/recus.csv"):
        assert as_agent.get(url).status_code == 404, url
    for url in (f"{manage}/{HUGE}/geler", f"{manage}/{draw.id}/sieges/{HUGE}",
                f"{manage}/{draw.id}/sieges/zzz", f"{public}/{HUGE}/recu"):
        assert as_agent.post(url, data={"decision": "accept"}).status_code == 404, url
    response = as_agent.post(f"{manage}/{draw.id}/sieges/{HUGE}", data={"decision": "accept"})
    assert "Ce siège n'existe pas." in text_of(response)


def test_a_seat_of_another_draw_is_not_found(as_agent, agent, territory):
    pool = make_pool(agent, territory)
    first = make_draw(agent, territory, pool, DrawState.DRAWN)
    second = make_draw(agent, territory, pool)
    seat = first.seats[0]
    url = f"/t/{territory.slug}/gestion/tirages/{second.id}/sieges/{seat.id}"
    assert as_agent.post(url, data={"decision": "accept"}).status_code == 404
    assert db.session.get(Seat, seat.id).status == SeatStatus.PENDING


def test_odd_digits_and_huge_numbers_in_quotas_keep_the_input(as_agent, agent, territory):
    draw = make_draw(agent, territory, make_pool(agent, territory))
    url = f"/t/{territory.slug}/gestion/tirages/{draw.id}"
    base = {"panel_size": "3", "randomness_source": "Loto",
            "q-0-0-min": "0", "q-0-0-max": "3", "q-0-1-min": "0", "q-0-1-max": "3",
            "q-1-0-min": "0", "q-1-0-max": "3", "q-1-1-min": "0", "q-1-1-max": "3",
            "q-1-2-min": "0", "q-1-2-max": "3"}
    for typed in ("²", "٣", HUGE, "9" * 5000, "-1"):
        response = as_agent.post(url, data={**base, "q-0-0-min": typed})
        assert response.status_code == 400, typed
        page = text_of(response)
        assert "indiquez un minimum et un maximum en chiffres" in page
        assert f'value="{typed}"' in page
    assert as_agent.post(url, data=base).status_code == 302


@pytest.mark.parametrize("panel_size", [HUGE, "9" * 5000, "²", "0", "-4", "10001"])
def test_panel_size_out_of_range_is_refused_on_its_field(as_agent, agent, territory,
                                                          panel_size):
    pool = make_pool(agent, territory)
    draw = make_draw(agent, territory, pool)
    db.session.commit()
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/nouveau", data={
        "title": "Groupe", "purpose": "evaluation-continue", "pool_id": pool.id,
        "panel_size": panel_size, "randomness_source": "Dés"})
    assert response.status_code == 400
    assert 'id="panel_size-erreur"' in response.get_data(as_text=True)
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/{draw.id}", data={
        "panel_size": panel_size, "randomness_source": "Dés"})
    assert response.status_code == 400
    assert 'id="panel_size-erreur"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Draw.id))) == 1
    assert db.session.get(Draw, draw.id).panel_size == 3


@pytest.mark.parametrize("pool_id", ["zzz", HUGE, "²", ""])
def test_bad_pool_choice_is_refused(as_agent, agent, territory, pool_id):
    make_pool(agent, territory, people=0)
    db.session.commit()
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/nouveau", data={
        "title": "Groupe", "purpose": "evaluation-continue", "pool_id": pool_id,
        "panel_size": "5", "randomness_source": "Dés"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Draw.id))) == 0


def test_bad_retention_and_purpose_are_refused_on_their_field(as_agent, territory):
    url = f"/t/{territory.slug}/gestion/tirages/viviers/nouveau"
    for retention in (HUGE, "²", "10"):
        response = as_agent.post(url, data={"name": "Vivier", "categories": CATEGORIES,
                                            "retention_days": retention})
        assert response.status_code == 400, retention
        assert 'id="retention_days-erreur"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Pool.id))) == 0


def test_odd_column_numbers_in_an_import_mapping_are_ignored(as_agent, agent, territory):
    pool = make_pool(agent, territory, people=0)
    pending = pools.start_import(agent, territory, pool, "a.csv", CSV)
    db.session.commit()
    url = f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/import/{pending.id}"
    for column in ("²", HUGE, "9" * 5000, "-1", "zzz"):
        response = as_agent.post(url, data={"map-last_name": column, "action": "confirm"})
        assert response.status_code == 400, column
        assert "Indiquez la colonne « Nom »." in text_of(response)
    assert pool.people.count() == 0


def test_receipt_of_any_shape_is_answered(client, agent, territory):
    draw = make_draw(agent, territory, make_pool(agent, territory), DrawState.FROZEN)
    url = f"/t/{territory.slug}/tirages/{draw.id}/recu"
    for receipt in ("²" * 32, "f" * 5000, ""):
        response = client.post(url, data={"receipt": receipt})
        assert response.status_code == 400
        assert 'id="receipt-erreur"' in response.get_data(as_text=True)


def test_signup_errors_land_on_their_field(client, agent, territory):
    pool = make_pool(agent, territory, people=0)
    url = f"/t/{territory.slug}/tirages/viviers/{pool.id}/inscription"
    data = {"first_name": "Awa", "last_name": "Diallo", "email": "awa@exemple.fr",
            "cat_0": "femme", "cat_1": "Gare", "consent": "y"}
    for field, value in (("consent", ""), ("email", "pas-une-adresse"), ("cat_1", "Lune"),
                         ("first_name", ""), ("phone", "0" * 41)):
        response = client.post(url, data={**data, field: value})
        assert response.status_code == 400, field
        assert f'id="{field}-erreur"' in response.get_data(as_text=True), field
    assert pool.people.count() == 0


def test_a_failed_step_answers_json_to_a_script(as_agent, agent, territory):
    draw = make_draw(agent, territory, make_pool(agent, territory, people=2))
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/{draw.id}/geler", data={"confirmed": "1"},
                             headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "infeasible"
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/{draw.id}/alea",
                             data={"value": "1"}, headers={"Accept": "application/json"})
    assert response.status_code == 409 and response.get_json()["error"] == "conflict"


# --- pagination and CSRF ---------------------------------------------------------------------

def test_pool_people_are_paginated(as_agent, agent, territory):
    pool = make_pool(agent, territory, people=0)
    db.session.execute(insert(Person), [
        {"pool_id": pool.id, "pseudonym": f"PS{i:04d}", "values": {}, "source": "import",
         "last_name": f"Nom{i:04d}", "first_name": "A", "publish_name": False,
         "created_at": utcnow()} for i in range(101)])
    db.session.commit()
    url = f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}"
    page = text_of(as_agent.get(url))
    assert "Nom0099" in page and "Nom0100" not in page
    assert "Page 1 sur 2" in page and f"{url}?page=2" in page
    page = text_of(as_agent.get(f"{url}?page=2"))
    assert "Nom0100" in page and "Nom0099" not in page and "Page précédente" in page
    for odd in ("zzz", "²", HUGE):
        assert "Nom0000" in text_of(as_agent.get(f"{url}?page={odd}"))


def test_every_post_form_carries_the_csrf_token(make_app, login, agent, territory):
    pool = make_pool(agent, territory)
    draw = make_draw(agent, territory, pool)
    drawn = make_draw(agent, territory, pool, DrawState.DRAWN)
    frozen = make_draw(agent, territory, pool, DrawState.FROZEN)
    client = login(make_app(WTF_CSRF_ENABLED=True).test_client(), agent)
    manage = f"/t/{territory.slug}/gestion/tirages"
    for url in (f"{manage}/{draw.id}", f"{manage}/{drawn.id}", f"{manage}/{frozen.id}",
                f"{manage}/viviers/{pool.id}", f"{manage}/nouveau", f"{manage}/viviers/nouveau",
                f"{manage}/viviers/{pool.id}/import", f"/t/{territory.slug}/tirages/{draw.id}",
                f"/t/{territory.slug}/tirages/{frozen.id}",
                f"/t/{territory.slug}/tirages/viviers/{pool.id}/inscription"):
        response = client.get(url)
        if response.status_code == 404:   # a draw in preparation is not public
            continue
        html = response.get_data(as_text=True)
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        assert forms, url
        assert all(re.search(r'name="csrf_token" value="[^"]+"', f) for f in forms), url
    response = client.post(f"{manage}/{draw.id}/geler", data={"confirmed": "1"})
    assert response.status_code == 400
    assert db.session.get(Draw, draw.id).state == DrawState.PREPARED
