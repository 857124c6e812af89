"""``thc draw purge``: after the retention period nothing identifies a pool's people, whatever
became of their draw, and every published bundle still verifies."""

from thc_participation.evaluation import verifier
from thc_participation.evaluation.models import Draw, DrawState, Person
from thc_participation.evaluation.services import bundles, draws, pools, seats
from thc_participation.extensions import db
from thc_participation.models import AuditEntry

from ..support.database import where_found
from .builders import age, announced, at_announced_time, long_ago

CATEGORIES = "genre : femme, homme\npublic : aucun, personne isolée"
ISOLATED = "personne isolée"
# Where a category value may stay once the people are gone: the pool's and the draws'
# definitions (no person in them), the draw settings in the log, and a frozen commitment
# (pseudonyms only: what the public bundle needs to verify) with its transparency report
# (computed from it once: profiles and their sizes, no pseudonym).
DEFINITIONS = {"pool.categories", "draw.quotas", "draw.commitment_json", "draw.report_json",
               "audit_entry.details"}


def _planted(agent, territory, tag, people=6, account=None, special=ISOLATED):
    """A pool of volunteers with names and contacts unique to ``tag`` (the first one signed
    up from ``account``); every other one is ``special`` for the category "public"."""
    categories = CATEGORIES.replace(ISOLATED, special)
    pool = pools.create_pool(agent, territory, f"Vivier {tag}", "", categories)
    pools.set_signup_open(agent, territory, pool, True)
    for i in range(people):
        pools.signup(territory, pool, first_name=f"Prénom{tag}{i}", last_name=f"Nom{tag}{i}",
                     email=f"{tag}{i}@planté.fr".replace("é", "e"), phone=f"06 00 {tag} {i}",
                     values={"genre": ("femme", "homme")[i % 2],
                             "public": (special, "aucun")[i % 2]},
                     consent=True, publish_name=True, user=account if i == 0 else None)
    db.session.commit()
    return pool


def _draw(agent, territory, pool, state):
    draw = draws.create_draw(agent, territory, pool, f"Tirage {pool.name}",
                             "evaluation-continue", 3, "Loto du samedi", announced())
    quotas = {"genre": {"femme": [0, 3], "homme": [0, 3]},
              "public": {"aucun": [0, 3], ISOLATED: [1, 3]}}   # constrains: in the commitment
    draws.update_draw(agent, territory, draw, 3, quotas, "Loto du samedi")
    if state != DrawState.PREPARED:
        draws.freeze(agent, territory, draw)
    if state == DrawState.DRAWN:
        with at_announced_time(draw):
            draws.enter_randomness(agent, territory, draw, "7 21 33")
            draws.run_draw(agent, territory, draw)
    db.session.commit()
    return draw


def _identities(tag, people=6):
    return [needle for i in range(people)
            for needle in (f"Prénom{tag}{i}", f"Nom{tag}{i}", f"{tag}{i}@plante.fr",
                           f"06 00 {tag} {i}")]


def test_draw_purge_erases_every_trace_of_the_people(app, agent, territory, make_user):
    volunteer = make_user(name="Compte Volontaire", email="compte.volontaire@exemple.fr")
    with long_ago(366):   # the drawn pool's whole history, a year and a day ago
        drawn = _planted(agent, territory, "AA", account=volunteer)
        drawn_draw = _draw(agent, territory, drawn, DrawState.DRAWN)
        seat = drawn_draw.seats[0]
        seats.accept_seat(agent, territory, seat)
        db.session.commit()
    frozen = _planted(agent, territory, "BB")
    frozen_draw = _draw(agent, territory, frozen, DrawState.FROZEN)
    prepared = _planted(agent, territory, "CC")
    _draw(agent, territory, prepared, DrawState.PREPARED)
    no_draw = _planted(agent, territory, "DD")
    recent = _planted(agent, territory, "EE", special="jeune")
    db.session.commit()
    for pool in (frozen, prepared, no_draw):
        age(pool, pool.retention_days + 1)
    before = {d.id: bundles.bundle(d) for d in (drawn_draw, frozen_draw)}
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(
        action="draw.pool.signup_person", actor_id=volunteer.id)) == 1
    volunteer_id, recent_id = volunteer.id, recent.id

    result = app.test_cli_runner().invoke(args=["draw", "purge"])
    assert result.exit_code == 0 and "24 personne(s) effacée(s)" in result.output

    purged = db.session.scalars(db.select(Person).where(Person.pool_id != recent_id)).all()
    assert len(purged) == 24
    assert all(p.purged_at and p.values == {} and p.user_id is None and p.receipt is None
               and p.email is None and p.first_name is None and p.phone is None
               and p.public_name is None for p in purged)
    found = where_found(*(n for tag in ("AA", "BB", "CC", "DD") for n in _identities(tag)))
    assert {needle: tables for needle, tables in found.items() if tables} == {}
    # The recent pool keeps its people (its retention is not over).
    assert all(where_found(*_identities("EE")).values())
    # A category value is left only in definitions and in the frozen commitments.
    assert where_found(ISOLATED)[ISOLATED] <= DEFINITIONS
    for entry in db.session.scalars(db.select(AuditEntry)):
        if ISOLATED in str(entry.details):
            assert entry.action == "draw.update"    # the quotas an agent set
    # Nothing in the log links the account to a pool any more.
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(
        actor_id=volunteer_id)) == 0
    signups = db.session.scalars(db.select(AuditEntry).filter_by(
        action="draw.pool.signup_person")).all()
    assert sum(e.details == {"anonymised": True} for e in signups) == 24
    # The bundles are the same bytes and still verify.
    for draw_id, bundle in before.items():
        after = bundles.bundle(db.session.get(Draw, draw_id))
        assert after == bundle and verifier.verify_bundle(after).ok
    assert app.test_cli_runner().invoke(args=["draw", "purge"]).output.startswith("0 ")


def test_an_electoral_list_pool_is_purged_while_its_draw_stays_frozen(agent, territory):
    pool = pools.create_pool(agent, territory, "Liste électorale", "", CATEGORIES)
    rows = ["Nom;Prénom;Courriel;genre;public"] + [
        f"Électeur{i};Zélie{i};electeur{i}@liste.fr;{('femme', 'homme')[i % 2]};"
        f"{(ISOLATED, 'aucun')[i % 2]}" for i in range(8)]
    data = ("\r\n".join(rows) + "\r\n").encode("utf-8")
    pending = pools.start_import(agent, territory, pool, "liste.csv", data)
    pools.confirm_import(agent, territory, pending,
                         pools.importer.guess_mapping(rows[0].split(";"), pool.categories))
    db.session.commit()
    draw = _draw(agent, territory, pool, DrawState.FROZEN)
    age(pool, 40)
    assert pools.purge_expired() == 0   # a year of retention by default
    pool.retention_days = 30
    db.session.commit()
    bundle = bundles.bundle(draw)
    assert pools.purge_expired() == 8
    db.session.commit()
    needles = [n for i in range(8) for n in (f"Électeur{i}", f"Zélie{i}", f"electeur{i}@liste")]
    assert not any(where_found(*needles).values())
    draw = db.session.get(Draw, draw.id)
    assert draw.state == DrawState.FROZEN
    assert bundles.bundle(draw) == bundle and verifier.verify_bundle(bundle).ok


def test_purged_people_stay_out_of_a_later_freeze(agent, territory):
    pool = _planted(agent, territory, "FF")
    age(pool, pool.retention_days + 1)
    assert pools.purge_expired() == 6
    _planted_again = pools.signup(territory, pool, first_name="Nouvelle", last_name="Venue",
                                  email="nouvelle@exemple.fr", phone=None,
                                  values={"genre": "femme", "public": "aucun"}, consent=True,
                                  publish_name=False)
    db.session.commit()
    draw = draws.create_draw(agent, territory, pool, "Après la purge", "evaluation-continue", 1,
                             "Loto", announced())
    draws.freeze(agent, territory, draw)
    assert [row[0] for row in draw.commitment["pool"]] == [_planted_again[0].pseudonym]
