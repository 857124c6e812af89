"""Issue #15 over the services and HTTP: the announced moment, the fingerprint published at
freeze time, confirmations, seats that keep their quotas, truthful receipts, plain inputs."""
from datetime import timedelta

import pytest

from thc_participation.errors import Conflict, Invalid
from thc_participation.evaluation import verifier
from thc_participation.evaluation.models import Draw, DrawState, Seat
from thc_participation.evaluation.services import bundles, draws, pools
from thc_participation.extensions import db
from thc_participation.models import AuditEntry, Membership, Role

from ..support.pages import text_of
from .builders import announced, at_announced_time, make_draw, make_pool


@pytest.fixture
def as_agent(client, login, agent):
    return login(client, agent)


def _base(territory, draw):
    return f"/t/{territory.slug}/gestion/tirages/{draw.id}"


def test_the_announced_moment_is_enforced(agent, territory):
    pool = make_pool(agent, territory)
    past = draws.now_to_the_second() - timedelta(minutes=1)
    with pytest.raises(Invalid) as refused:
        draws.create_draw(agent, territory, pool, "Comité", "steering", 3, "Loto", past)
    assert refused.value.field == "randomness_not_before"
    draw = draws.create_draw(agent, territory, pool, "Comité", "steering", 3, "Loto")
    with pytest.raises(Invalid, match="annoncez la date et l'heure"):
        draws.freeze(agent, territory, draw)        # nothing announced yet
    draw.randomness_not_before = announced()
    with at_announced_time(draw):                   # the announced moment already passed
        with pytest.raises(Invalid, match="dans le futur"):
            draws.freeze(agent, territory, draw)
    draws.freeze(agent, territory, draw)
    with pytest.raises(Conflict, match="Trop tôt"):
        draws.enter_randomness(agent, territory, draw, "4 8 15")
    with at_announced_time(draw, after=timedelta(seconds=-1)):
        with pytest.raises(Conflict, match="Trop tôt"):
            draws.enter_randomness(agent, territory, draw, "4 8 15")
    with at_announced_time(draw, after=timedelta(0)):
        draws.enter_randomness(agent, territory, draw, "4\u00a08\u202f 15 ")
        draws.run_draw(agent, territory, draw)
    assert draw.randomness == "4 8 15" and draw.randomness_at == draw.randomness_not_before
    bundle = bundles.bundle(draw)
    assert bundle["commitment"]["randomness_not_before"] == bundle["randomness"]["entered_at"]
    assert verifier.verify_bundle(bundle, draw.fingerprint, "4 8 15").ok


def test_the_fingerprint_is_published_at_freeze_time(as_agent, client, agent, territory,
                                                     make_user, smtp):
    member = make_user(email="comite@exemple.fr")
    db.session.add(Membership(user=member, territory=territory, role=Role.STEERING))
    draw = make_draw(agent, territory, make_pool(agent, territory))
    base = _base(territory, draw)
    # Without JavaScript the freeze first shows its confirmation page; nothing changes yet.
    response = as_agent.post(f"{base}/geler", data={})
    page = text_of(response)
    assert response.status_code == 200 and "Geler le tirage ?" in page
    assert 'name="confirmed" value="1"' in response.get_data(as_text=True)
    assert db.session.get(Draw, draw.id).state == DrawState.PREPARED
    response = as_agent.post(f"{base}/geler", headers={"Accept": "application/json"})
    assert response.status_code == 428 and response.get_json()["error"] == "confirmation_required"
    assert as_agent.post(f"{base}/geler", data={"confirmed": "1"}).status_code == 302
    db.session.expire_all()
    draw = db.session.get(Draw, draw.id)
    fingerprint = draw.fingerprint
    smtp.wait_for(2)
    assert sorted(m["To"] for m in smtp.messages) == sorted([agent.email, member.email])
    body = smtp.messages[0].get_content()
    assert fingerprint in body and "--empreinte" in body and "Loto du samedi 7 mars" in body
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="draw.freeze"))
    assert entry.details["fingerprint"] == fingerprint
    notice = client.get(f"/t/{territory.slug}/tirages/{draw.id}/avis")
    text = text_of(notice)
    assert notice.status_code == 200 and fingerprint[:8] in text and fingerprint[56:] in text
    assert f"--empreinte {fingerprint}" in text
    assert fingerprint in text_of(client.get(f"/t/{territory.slug}/tirages/{draw.id}"))


def _two_categories_pool(agent, territory):
    """1 femme/Centre (a type of one), 3 femme/Nord, 2 homme/Centre, 3 homme/Nord."""
    pool = pools.create_pool(agent, territory, "Quartiers", "", "genre : femme, homme\n"
                             "quartier : Centre, Nord", signup_open=True)
    receipts = {}
    people = [("femme", "Centre")] + [("femme", "Nord")] * 3 + [("homme", "Centre")] * 2 + [
        ("homme", "Nord")] * 3
    for i, (genre, quartier) in enumerate(people):
        person, receipt = pools.signup(
            territory, pool, first_name=f"P{i}", last_name=f"N{i}", email=f"q{i}@exemple.fr",
            phone=None, values={"genre": genre, "quartier": quartier}, consent=True,
            publish_name=False)
        receipts[person.pseudonym] = receipt
    return pool, receipts


def test_a_declined_seat_without_same_type_substitute_keeps_every_quota(
        as_agent, client, agent, territory):
    pool, receipts = _two_categories_pool(agent, territory)
    quotas = {"genre": {"femme": (1, 1), "homme": (1, 1)},
              "quartier": {"Centre": (0, 1), "Nord": (0, 2)}}
    for attempt in range(40):   # a randomness that seats the only femme/Centre
        draw = draws.create_draw(agent, territory, pool, f"Essai {attempt}", "evaluation-continue",
                                 2, "Dés", announced())
        draws.update_draw(agent, territory, draw, 2, quotas, "Dés")
        draws.freeze(agent, territory, draw)
        with at_announced_time(draw):
            draws.enter_randomness(agent, territory, draw, f"dés {attempt}")
            draws.run_draw(agent, territory, draw)
        frozen = verifier.Frozen(draw.commitment)
        lonely = frozen.types.index(("femme", "Centre"))
        seat = next((s for s in draw.seats if s.type_index == lonely), None)
        if seat is not None:
            break
    assert seat is not None
    db.session.commit()
    response = as_agent.post(f"{_base(territory, draw)}/sieges/{seat.id}",
                             data={"decision": "decline"})
    assert response.status_code == 200 and "Enregistrer ce refus ?" in text_of(response)
    response = as_agent.post(f"{_base(territory, draw)}/sieges/{seat.id}",
                             data={"decision": "decline", "confirmed": "1"}, follow_redirects=True)
    assert "du profil le plus proche qui respecte tous les quotas" in text_of(response)
    db.session.expire_all()
    draw = db.session.get(Draw, draw.id)
    step = draw.substitutions[0]
    replacement = db.session.scalar(db.select(Seat).filter_by(draw_id=draw.id,
                                                              pseudonym=step.replacement))
    assert frozen.types[replacement.type_index] == ("femme", "Nord")   # nearest, quotas kept
    assert replacement.pseudonym == draw.result["types"][replacement.type_index]["substitutes"][0]
    counts = [0] * len(frozen.types)
    for held in draw.seats:
        if held.status != "declined":
            counts[held.type_index] += 1
    assert frozen.quota_problems(counts) == []
    bundle = bundles.bundle(draw)
    report = verifier.verify_bundle(bundle, draw.fingerprint, draw.randomness)
    assert report.ok, report.text()
    # A vacant seat where a substitute keeps the quotas is refused by the verifier.
    bundle["substitutions"][0]["replacement"] = None
    assert not verifier.verify_bundle(bundle).ok
    # Receipts tell the truth after the refusal and the substitution.
    url = f"/t/{territory.slug}/tirages/{draw.id}/recu"
    page = text_of(client.post(url, data={"receipt": receipts[seat.pseudonym]}))
    assert "puis avez décliné" in page and "Vous avez été tiré·e au sort." not in page
    page = text_of(client.post(url, data={"receipt": receipts[replacement.pseudonym]}))
    assert "Vous siégez au panel comme remplaçant·e" in page and "remplaçant·e n°" not in page


def test_percentages_are_readable_and_details_folded(as_agent, client, agent, territory):
    draw = make_draw(agent, territory, make_pool(agent, territory), DrawState.FROZEN)
    page = client.get(f"/t/{territory.slug}/tirages/{draw.id}").get_data(as_text=True)
    assert "<details" in page and "Détails techniques" in page
    visible = page.split("<details")[0]
    assert "1 chance sur" in visible and ",0000" not in visible


@pytest.mark.parametrize("typed", ["²", "3,5", "٣", "-2"])
def test_numbers_typed_with_other_keys_get_a_french_field_error(as_agent, agent, territory,
                                                                typed):
    draw = make_draw(agent, territory, make_pool(agent, territory))
    response = as_agent.post(_base(territory, draw), data={
        "panel_size": typed, "randomness_source": "Loto"})
    assert response.status_code == 400
    assert "Écrivez un nombre entier, en chiffres" in text_of(response) or typed == "-2"
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/viviers/nouveau", data={
        "name": "V", "categories": "genre : femme, homme", "retention_days": typed})
    assert response.status_code == 400


def test_growing_the_panel_keeps_unlimited_maximums_unlimited(as_agent, agent, territory):
    pool = make_pool(agent, territory, people=12)
    draw = draws.create_draw(agent, territory, pool, "Groupe", "evaluation-continue", 3, "Dés",
                             announced())
    quotas = {"genre": {"femme": (1, 3), "homme": (1, 3)},
              "quartier": {"Centre": (0, 3), "Gare": (0, 3), "Nord": (0, 3)}}
    draws.update_draw(agent, territory, draw, 6, quotas, "Dés")
    assert draw.quotas["genre"] == {"femme": [1, 6], "homme": [1, 6]}
    assert draws.feasibility(draw) == []


def test_csv_errors_name_the_right_line_and_the_separator(as_agent, agent, territory):
    pool = make_pool(agent, territory, people=0)
    url = f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/import"
    page = text_of(as_agent.get(url))
    assert "Taille maximale : 10 Mo" in page
    rows = ["Nom;Prénom;genre;quartier"] + [f"N{i};P{i};femme;Nord" for i in range(2, 40)]
    rows[12] = 'N13;"P13;femme;Nord'                     # line 13: a quote never closed
    # The upload reads the first line; the analysis job (at once in tests) finds line 13.
    response = as_agent.post(url, data={"file": (_file("\n".join(rows)), "liste.csv")})
    assert response.status_code == 302
    review = as_agent.get(response.headers["Location"])
    assert "Ligne 13 : un guillemet" in text_of(review)
    assert "universal-newline" not in text_of(review)
    tabs = "Nom\tPrénom\tgenre\tquartier\nMartin\tÉric\thomme\tNord\n"
    response = as_agent.post(url, data={"file": (_file(tabs), "liste.tsv")})
    assert response.status_code == 302
    review = text_of(as_agent.get(response.headers["Location"]))
    assert "Martin" in review and "Indiquez la colonne « Nom »" not in review
    pipes = "Nom|Prénom|genre|quartier\nMartin|Éric|homme|Nord\n"
    response = as_agent.post(url, data={"file": (_file(pipes), "liste.csv")})
    review = text_of(as_agent.get(response.headers["Location"]))
    assert "La première ligne n'a qu'une colonne" in review
    big = b"Nom;Pr\xc3\xa9nom\n" + b"A;B\n" * (11 * 1024 * 1024 // 4)
    response = as_agent.post(url, data={"file": (_file(big), "gros.csv")})
    assert response.status_code == 413 and "La limite est de 10 Mo" in text_of(response)


def _file(content):
    import io
    return io.BytesIO(content if isinstance(content, bytes) else content.encode("utf-8"))


def test_the_draw_form_takes_the_announced_moment_in_paris_time(as_agent, agent, territory):
    from datetime import datetime

    from thc_participation.timeutil import PARIS, from_paris

    pool = make_pool(agent, territory)
    url = f"/t/{territory.slug}/gestion/tirages/nouveau"
    form = {"title": "Comité", "purpose": "steering", "pool_id": str(pool.id),
            "panel_size": "3", "randomness_source": "Loto du samedi"}
    local = datetime.now(PARIS).replace(tzinfo=None, second=0, microsecond=0)
    response = as_agent.post(url, data={**form, "randomness_not_before": (
        local - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 400 and "doit être dans le futur" in text_of(response)
    later = local + timedelta(days=2)
    response = as_agent.post(url, data={**form, "randomness_not_before":
                                        later.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    draw = draws.draws(territory)[0]
    assert draw.randomness_not_before == from_paris(later)


def test_a_non_digit_column_in_the_import_mapping_is_a_french_message(as_agent, agent,
                                                                      territory):
    pool = make_pool(agent, territory, people=0)
    url = f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/import"
    data = "Nom;Prénom;genre;quartier\nMartin;Éric;homme;Nord\n"
    review = as_agent.post(url, data={"file": (_file(data), "liste.csv")}).headers["Location"]
    response = as_agent.post(review, data={"map-last_name": "²", "map-first_name": "1",
                                           "map-cat:genre": "2", "map-cat:quartier": "3",
                                           "action": "check"}, follow_redirects=True)
    assert response.status_code == 200  # analysed again by the job, then shown
    assert "Indiquez la colonne « Nom »" in text_of(response)
