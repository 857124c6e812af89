"""Draw pages over HTTP: pools, sign-up, CSV import, the protocol, seats, receipts, privacy."""
import json
import re
import subprocess
import sys
from datetime import timedelta

import pytest

from thc_participation.evaluation import verifier
from thc_participation.evaluation.models import Draw, DrawState, Person, PoolImport, Seat
from thc_participation.evaluation.services import bundles, draws, pools, seats
from thc_participation.extensions import db
from thc_participation.models import AuditEntry, Role

from ..support.pages import text_of
from .builders import (
    CATEGORIES,
    at_announced_time,
    download_bundle,
    long_ago,
    make_draw,
    make_pool,
)


@pytest.fixture
def as_agent(client, login, agent):
    return login(client, agent)


def _base(territory, draw):
    return f"/t/{territory.slug}/gestion/tirages/{draw.id}"


def _quota_form(draw, quotas, panel_size=None):
    data = {"panel_size": panel_size or draw.panel_size,
            "randomness_source": draw.randomness_source}
    for i, category in enumerate(draw.pool.categories):
        for j, value in enumerate(category["values"]):
            low, high = quotas.get(category["name"], {}).get(value, (0, draw.panel_size))
            data[f"q-{i}-{j}-min"], data[f"q-{i}-{j}-max"] = str(low), str(high)
    return data


# --- pools and sign-up -----------------------------------------------------------------------

def test_agent_creates_pool_and_bad_categories_are_explained(as_agent, territory):
    url = f"/t/{territory.slug}/gestion/tirages/viviers/nouveau"
    response = as_agent.post(url, data={"name": "Volontaires", "categories": "genre femme",
                                        "retention_days": 365})
    assert response.status_code == 400
    page = text_of(response)
    assert "Ligne 1 : écrivez « catégorie : valeur, valeur »" in page
    assert 'value="Volontaires"' in page
    response = as_agent.post(url, data={"name": "Volontaires", "categories": CATEGORIES,
                                        "retention_days": 365, "signup_open": "y"})
    assert response.status_code == 302
    pool = pools.pools(territory)[0]
    assert pool.categories == [{"name": "genre", "values": ["femme", "homme"]},
                               {"name": "quartier", "values": ["Centre", "Gare", "Nord"]}]
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="draw.pool.create"))


def test_volunteer_signs_up_with_consent_and_gets_a_receipt(client, agent, territory):
    pool = make_pool(agent, territory, people=0)
    url = f"/t/{territory.slug}/tirages/viviers/{pool.id}/inscription"
    page = text_of(client.get(url))
    assert "Sert uniquement aux quotas" in page and "quartier" in page
    data = {"first_name": "Awa", "last_name": "Diallo", "email": "awa@exemple.fr",
            "cat_0": "femme", "cat_1": "Gare"}
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "Cochez la case de consentement" in text_of(response)
    assert 'value="Diallo"' in text_of(response)
    assert pool.people.count() == 0
    response = client.post(url, data={**data, "consent": "y"})
    assert response.status_code == 200
    receipt = re.search(r'<code class="hash">([0-9a-f]{32})</code>', text_of(response)).group(1)
    person = pool.people.one()
    assert person.pseudonym == verifier.pseudonym(receipt)
    assert person.consent_at is not None and person.values == {"genre": "femme",
                                                               "quartier": "Gare"}
    response = client.post(url, data={**data, "consent": "y"})
    assert response.status_code == 409
    assert "déjà inscrite" in text_of(response)
    response = client.post(url, data={**data, "consent": "y", "cat_1": "Lune",
                                      "email": "autre@exemple.fr"})
    assert response.status_code == 400
    pools.set_signup_open(agent, territory, pool, False)
    db.session.commit()
    response = client.post(url, data={**data, "consent": "y", "email": "x@exemple.fr"})
    assert response.status_code == 409
    assert "fermées" in text_of(response)
    assert pool.people.count() == 1


# --- CSV import ------------------------------------------------------------------------------

BAD_CSV = ("Nom;Prénom;Date de naissance;genre;quartier\r\n"
           "Lefèvre;Hélène;03/02/1961;femme;Centre\r\n"
           "Martin;Éric;31/02/1980;homme;Gare\r\n"
           ";Zoé;01/01/1990;femme;Nord\r\n"
           "Roux;Léo;05/06/1975;garçon;Nord\r\n"
           "Lefèvre;Hélène;03/02/1961;femme;Centre\r\n")


def _upload(client, territory, pool, data, name="liste.csv"):
    import io
    return client.post(f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/import",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_csv_import_lists_bad_rows_and_imports_nothing_until_clean(as_agent, agent, territory):
    pool = make_pool(agent, territory, people=0)
    response = _upload(as_agent, territory, pool, BAD_CSV.encode("cp1252"))
    assert response.status_code == 302
    review = response.headers["Location"]
    page = text_of(as_agent.get(review))
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert ("3", "Date de naissance",
            "« 31/02/1980 » n'est pas une date au format jj/mm/aaaa.") not in rows  # not mapped
    assert ("4", "Nom", "Valeur obligatoire manquante.") in rows
    assert ("5", "genre", "« garçon » n'est pas une valeur de « genre » (valeurs possibles : "
            "femme, homme).") in rows
    assert ("6", "", "Doublon de la ligne 2.") in rows
    assert "Hélène" in page and "Lefèvre" in page          # cp1252 decoded
    mapping = {"map-last_name": "0", "map-first_name": "1", "map-cat:genre": "3",
               "map-cat:quartier": "4", "map-birth_date": "2"}
    # The confirmed import runs as a job (at once in tests): refused, the pool's page says why.
    response = as_agent.post(review, data={**mapping, "action": "confirm"},
                             follow_redirects=True)
    assert response.status_code == 200
    assert "rien n'a été importé" in text_of(response) and "Échoué" in text_of(response)
    assert pool.people.count() == 0
    # Another mapping is analysed again by the job (at once in tests), then the page shows it.
    missing = as_agent.post(review, data={"map-last_name": "0", "action": "check"},
                            follow_redirects=True)
    assert "Indiquez la colonne « Prénom »." in text_of(missing)
    assert "Indiquez la colonne « genre »." in text_of(missing)

    good = "\ufeff" + "\r\n".join(BAD_CSV.splitlines()[:2] + [
        "Martin;Éric;28/02/1980;homme;Gare", "Roux;Léo;05/06/1975;homme;Nord"]) + "\r\n"
    response = _upload(as_agent, territory, pool, good.encode("utf-8"))
    review = response.headers["Location"]
    response = as_agent.post(review, data={"map-last_name": "0", "map-first_name": "1",
                                           "map-cat:genre": "3", "map-cat:quartier": "4",
                                           "action": "confirm"})
    assert response.status_code == 302
    assert pool.people.count() == 3
    people = {p.last_name: p for p in pool.people}
    assert people["Lefèvre"].first_name == "Hélène" and people["Lefèvre"].source == "import"
    # The first (bad) pending import is still there, and re-importing duplicates is refused.
    first = db.session.scalars(db.select(PoolImport)).first()
    page = text_of(as_agent.post(
        f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/import/{first.id}",
        data={**mapping, "action": "check"}, follow_redirects=True))
    assert "Cette personne figure déjà dans le vivier." in page


def test_birth_dates_fill_the_age_band_and_are_not_stored(as_agent, agent, territory):
    pool = pools.create_pool(agent, territory, "Liste électorale", "",
                             "âge : 18-24, 25-34, 35-49, 50-64, 65-plus\ngenre : femme, homme")
    db.session.commit()
    data = ("Nom;Prénoms;Date de naissance;genre\r\nBernard;Lucie;12/05/1950;femme\r\n"
            "Petit;Noé;01/01/2099;homme\r\nDurand;Paul;1990-01-01;homme\r\n").encode("cp1252")
    review = _upload(as_agent, territory, pool, data).headers["Location"]
    page = text_of(as_agent.get(review))
    assert "Date de naissance dans le futur." in page
    assert "« 1990-01-01 » n'est pas une date au format jj/mm/aaaa." in page
    data = b"Nom;Pr\xe9noms;Date de naissance;genre\r\nBernard;Lucie;12/05/1950;femme\r\n"
    review = _upload(as_agent, territory, pool, data).headers["Location"]
    response = as_agent.post(review, data={"map-last_name": "0", "map-first_name": "1",
                                           "map-birth_date": "2", "map-cat:genre": "3",
                                           "action": "confirm"})
    assert response.status_code == 302
    person = pool.people.one()
    assert person.values == {"âge": "65-plus", "genre": "femme"}
    assert "1950" not in json.dumps([person.values, person.first_name, person.last_name])


@pytest.mark.parametrize("content,message", [
    (b"\x00\x01\x02binary", "contenu binaire"),
    (b"", "Choisissez un fichier CSV."),
    (b"Nom;\"Pr\xc3\xa9nom\r\nMartin;Eric\r\n", "Ligne 1 : un guillemet (\") ouvre une cellule"),
    (b"\xff\xfe\x81\x8d\x8f\x90\x9d", "ni en UTF-8 ni en Windows-1252"),
])
def test_malformed_csv_is_refused_in_french(as_agent, agent, territory, content, message):
    pool = make_pool(agent, territory, people=0)
    response = _upload(as_agent, territory, pool, content)
    assert response.status_code == 400
    assert message in text_of(response)
    assert db.session.scalar(db.select(db.func.count(PoolImport.id))) == 0


# --- the protocol ----------------------------------------------------------------------------

def test_draw_protocol_end_to_end_and_bad_input(as_agent, client, agent, territory):
    pool = make_pool(agent, territory)
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/nouveau", data={
        "title": "Comité", "purpose": "steering", "pool_id": pool.id, "panel_size": 4,
        "randomness_source": "Loto du samedi"})
    assert response.status_code == 400
    assert "3 sièges citoyens" in text_of(response)
    draw = make_draw(agent, territory, pool)
    base = _base(territory, draw)
    public = f"/t/{territory.slug}/tirages/{draw.id}"
    assert client.get(public).status_code == 404                      # prepared: not public

    # Randomness or a draw before freezing: refused, nothing changes.
    for step, needle in (("alea", "Gelez d'abord"), ("tirer", "Saisissez d'abord")):
        response = as_agent.post(f"{base}/{step}", data={"value": "1 2 3"})
        assert response.status_code == 409 and needle in text_of(response)
    # Impossible quotas: refused when saved, with the reason in words, the input kept.
    # (They used to be saved and flagged at the bottom of the page: issue #15.)
    response = as_agent.post(base, data=_quota_form(draw, {"genre": {"homme": (3, 3),
                                                                     "femme": (1, 3)}}))
    assert response.status_code == 400
    page = text_of(response)
    assert "Réglages non enregistrés" in page
    assert "« genre » : la somme des minimums (4) dépasse la taille du panel (3)." in page
    db.session.expire_all()
    assert db.session.get(Draw, draw.id).quotas["genre"]["homme"] == [0, 3]
    assert db.session.get(Draw, draw.id).state == DrawState.PREPARED
    # Bad quota input keeps what was typed.
    bad = _quota_form(draw, {})
    bad["q-0-0-min"] = "deux"
    response = as_agent.post(base, data=bad)
    assert response.status_code == 400
    assert 'value="deux"' in text_of(response)
    # Sensible quotas, then freeze.
    as_agent.post(base, data=_quota_form(draw, {"genre": {"femme": (1, 2), "homme": (1, 2)}}))
    response = as_agent.post(f"{base}/geler", data={"confirmed": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    draw = db.session.get(Draw, draw.id)
    assert draw.state == DrawState.FROZEN and len(draw.fingerprint) == 64
    page = text_of(client.get(public))
    assert draw.fingerprint in page and "pas encore connu" in page
    assert as_agent.post(f"{base}/geler", data={"confirmed": "1"}).status_code == 409
    # A new sign-up after freezing does not enter the frozen pool.
    pools.signup(territory, pool, first_name="Tard", last_name="Venu", email="tard@exemple.fr",
                 phone=None, values={"genre": "homme", "quartier": "Nord"}, consent=True,
                 publish_name=False)
    db.session.commit()
    assert as_agent.post(f"{base}/tirer", data={"confirmed": "1"}).status_code == 409
    value = {"value": "  4\u00a017 23 38 45 - 7 ", "confirmed": "1"}
    response = as_agent.post(f"{base}/alea", data=value)          # before the announced time
    assert response.status_code == 409 and "Trop tôt" in text_of(response)
    with at_announced_time(draw):
        response = as_agent.post(f"{base}/alea", data=value)
        assert response.status_code == 302
        response = as_agent.post(f"{base}/alea", data={"value": "1 2 3 4 5 - 6",
                                                        "confirmed": "1"})
        assert response.status_code == 409 and "déjà été saisi" in text_of(response)
        assert as_agent.post(f"{base}/tirer", data={"confirmed": "1"}).status_code == 302
        response = as_agent.post(f"{base}/tirer", data={"confirmed": "1"})
        assert response.status_code == 409 and "déjà été effectué" in text_of(response)
    db.session.expire_all()
    draw = db.session.get(Draw, draw.id)
    assert draw.randomness == "4 17 23 38 45 - 7"
    assert len(draw.seats) == 3
    actions = [e.action for e in db.session.scalars(
        db.select(AuditEntry).filter_by(target_type="Draw").order_by(AuditEntry.id))]
    assert actions[-4:] == ["draw.update", "draw.freeze", "draw.randomness", "draw.run"]

    bundle = download_bundle(client, f"{public}/verification.json")
    report = verifier.verify_bundle(bundle)
    assert report.ok, report.text()
    assert bundle["fingerprint"] == draw.fingerprint
    assert "Tard" not in json.dumps(bundle)
    pseudonyms = {row[0] for row in bundle["commitment"]["pool"]}
    assert len(pseudonyms) == 12
    page = text_of(client.get(public))
    for seat in draw.seats:
        assert seat.pseudonym in page
    # Names only with consent (person 0 agreed), never e-mails.
    assert "@exemple.fr" not in page and "@exemple.fr" not in json.dumps(bundle)
    for person in pool.people:
        if person.pseudonym in {s.pseudonym for s in draw.seats} and not person.publish_name:
            assert person.first_name not in page


def test_seats_accept_grants_role_and_decline_calls_next_substitute(
        as_agent, client, agent, territory, make_user):
    pool = make_pool(agent, territory, people=12)
    draw = make_draw(agent, territory, pool, DrawState.DRAWN, randomness="dés : 3 5 1 6 2 2")
    result = draw.result
    frozen = verifier.Frozen(draw.commitment)
    held = sorted(draw.seats, key=lambda s: -len(result["types"][s.type_index]["substitutes"]))
    accepted, declined = held[1], held[0]
    person = seats.person_of(draw, accepted.pseudonym)
    user = make_user(email=person.email)
    base = _base(territory, draw)
    response = as_agent.post(f"{base}/sieges/{accepted.id}", data={"decision": "accept"})
    assert response.status_code == 302
    db.session.expire_all()
    assert Role.STEERING in user.roles_in(territory)
    response = as_agent.post(f"{base}/sieges/{accepted.id}", data={"decision": "decline", "confirmed": "1"})
    assert response.status_code == 409 and "déjà été enregistrée" in text_of(response)

    expected = result["types"][declined.type_index]["substitutes"][0]
    response = as_agent.post(f"{base}/sieges/{declined.id}", data={"decision": "decline", "confirmed": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    draw = db.session.get(Draw, draw.id)
    assert draw.substitutions[0].replacement == expected
    new_seat = db.session.scalar(db.select(Seat).filter_by(draw_id=draw.id, pseudonym=expected))
    assert new_seat.is_substitute and new_seat.type_index == declined.type_index
    seated = [s for s in draw.seats if s.status != "declined"]
    counts = [0] * len(frozen.types)
    for seat in seated:
        counts[seat.type_index] += 1
    assert frozen.quota_problems(counts) == []
    bundle = download_bundle(client, f"/t/{territory.slug}/tirages/{draw.id}/verification.json")
    assert bundle["substitutions"] == [{"declined": declined.pseudonym, "replacement": expected}]
    assert verifier.verify_bundle(bundle).ok
    page = text_of(client.get(f"/t/{territory.slug}/tirages/{draw.id}"))
    assert "prend le siège" in page


def test_private_receipt_check(client, agent, territory, tmp_path):
    pool = make_pool(agent, territory, people=6)
    _person, receipt = pools.signup(territory, pool, first_name="Inès", last_name="Roy",
                                    email="ines@exemple.fr", phone=None,
                                    values={"genre": "femme", "quartier": "Nord"},
                                    consent=True, publish_name=False)
    draw = make_draw(agent, territory, pool)
    draws.freeze(agent, territory, draw)
    db.session.commit()
    url = f"/t/{territory.slug}/tirages/{draw.id}/recu"
    page = text_of(client.post(url, data={"receipt": receipt}))
    assert f"Votre pseudonyme {verifier.pseudonym(receipt)} figure dans le vivier gelé" in page
    page = text_of(client.post(url, data={"receipt": "0" * 32}))
    assert "ne figure pas dans le vivier gelé" in page
    response = client.post(url, data={"receipt": "pas un reçu"})
    assert response.status_code == 400
    assert "Un reçu compte 32 caractères" in text_of(response)
    with at_announced_time(draw):
        draws.enter_randomness(agent, territory, draw, "12")
        draws.run_draw(agent, territory, draw)
    db.session.commit()
    page = text_of(client.post(url, data={"receipt": receipt}))
    assert ("Vous avez été tiré·e au sort." in page or "remplaçant·e n°" in page
            or "pas été retenu·e" in page)
    # The same answer offline, with the downloaded verifier and the bundle.
    bundle = download_bundle(client, f"/t/{territory.slug}/tirages/{draw.id}/verification.json")
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    run = subprocess.run([sys.executable, "-I", verifier.__file__, str(path), "--recu", receipt],
                         capture_output=True, text=True)
    assert run.returncode == 0
    assert f"le pseudonyme {verifier.pseudonym(receipt)} est dans le vivier gelé" in run.stdout


def test_management_is_for_the_territory_agents_only(client, login, make_user, agent,
                                                     territory, other_territory):
    pool = make_pool(agent, territory)
    draw = make_draw(agent, territory, pool)
    urls = [f"/t/{territory.slug}/gestion/tirages/", _base(territory, draw),
            f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}",
            f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/recus.csv"]
    outsider = make_user(roles=["agent", "steering"], territory=other_territory)
    member = make_user(roles=["steering", "elu"], territory=territory)
    for user in (outsider, member):
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(f"{_base(territory, draw)}/geler", data={"confirmed": "1"}).status_code == 403
    assert db.session.get(Draw, draw.id).state == DrawState.PREPARED
    login(client, agent)
    for url in urls:
        assert client.get(url).status_code == 200
    csv = client.get(urls[-1]).data.decode("utf-8-sig")
    assert "v1@exemple.fr" in csv and pool.people.first().receipt in csv


def test_verifier_download_is_the_verifier(client, agent, territory):
    response = client.get(f"/t/{territory.slug}/tirages/verificateur.py")
    assert response.status_code == 200
    with open(verifier.__file__, "rb") as handle:
        assert response.data == handle.read()


def test_purge_erases_contacts_but_bundle_still_verifies(app, agent, territory):
    with long_ago(366):   # the pool and its draw, a year and a day ago
        pool = make_pool(agent, territory, people=9)
        draw = make_draw(agent, territory, pool, DrawState.DRAWN)
    pending = pools.start_import(agent, territory, pool, "liste.csv", b"Nom;Pr\xe9nom\r\nA;B\r\n")
    db.session.commit()
    assert db.session.get(PoolImport, pending.id) is not None
    pending.created_at -= timedelta(days=pools.PENDING_IMPORT_DAYS + 1)
    db.session.commit()
    before = bundles.bundle(draw)
    pool_id, draw_id = pool.id, draw.id
    # The command is its own operation: it commits and ends the session it used.
    result = app.test_cli_runner().invoke(args=["draw", "purge"])
    assert result.exit_code == 0 and "9 personne(s) effacée(s)" in result.output
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(PoolImport.id))) == 0
    people = db.session.scalars(db.select(Person).filter_by(pool_id=pool_id)).all()
    assert all(p.email is None and p.last_name is None and p.purged_at for p in people)
    after = bundles.bundle(db.session.get(Draw, draw_id))
    assert after == before and verifier.verify_bundle(after).ok


def test_cli_verify_accepts_and_rejects(app, agent, territory, tmp_path):
    pool = make_pool(agent, territory, people=9)
    draw = make_draw(agent, territory, pool, DrawState.DRAWN)
    path = tmp_path / "bundle.json"
    bundle = bundles.bundle(draw)
    path.write_text(json.dumps(bundle), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["draw", "verify", str(path)])
    assert result.exit_code == 0 and "Tout concorde." in result.output
    bundle["randomness"]["value"] = "43"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = runner.invoke(args=["draw", "verify", str(path)])
    assert result.exit_code == 1 and "NE concorde PAS" in result.output


def test_panel_larger_than_pool_is_refused(as_agent, agent, territory):
    pool = make_pool(agent, territory, people=2)
    draw = make_draw(agent, territory, pool)
    # The freeze job (run at once in tests) is refused; the draw's page says why.
    response = as_agent.post(f"{_base(territory, draw)}/geler", data={"confirmed": "1"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Le panel (3 personnes) est plus grand que le vivier (2 personnes)." in text_of(response)
    assert db.session.get(Draw, draw.id).state == DrawState.PREPARED


def test_demo_populates_the_steering_draw_and_the_evaluation_group(app, agent, territory,
                                                                   make_user):
    from thc_participation.demo import Demo
    from thc_participation.evaluation import demo as evaluation_demo
    from thc_participation.timeutil import utcnow

    citizens = [make_user() for _ in range(12)]
    evaluation_demo.populate(Demo(territory=territory, users={"agent": agent}, now=utcnow(),
                                  citizens=citizens))
    steering, group = sorted(draws.draws(territory), key=lambda d: d.id)
    # The guide's calendar: the committee's citizens before J, the group drawn at the launch.
    assert steering.state == DrawState.DRAWN and group.state == DrawState.DRAWN
    assert steering.drawn_at < group.frozen_at < group.drawn_at
    assert verifier.verify_bundle(bundles.bundle(steering)).ok
    assert verifier.verify_bundle(bundles.bundle(group)).ok
    assert steering.substitutions and any(s.status == "accepted" for s in steering.seats)


def test_public_writes_are_rate_limited(make_app, agent, territory):
    pool = make_pool(agent, territory, people=4)
    draw = make_draw(agent, territory, pool)
    draws.freeze(agent, territory, draw)
    db.session.commit()
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    url = f"/t/{territory.slug}/tirages/{draw.id}/recu"
    statuses = [client.post(url, data={"receipt": "0" * 32}).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    signup = f"/t/{territory.slug}/tirages/viviers/{pool.id}/inscription"
    statuses = [client.post(signup, data={}).status_code for _ in range(11)]
    assert statuses[-1] == 429
