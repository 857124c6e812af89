"""Demo draws, on the demo's calendar: the steering committee's three citizens drawn a month
before the launch (J), the continuous evaluation group drawn in public at the launch."""
import random
from datetime import date, datetime, time, timedelta

from ..csvio import write_csv
from ..demo import FIRST_NAMES, LAST_NAMES, NEIGHBOURHOODS
from ..extensions import db
from ..models import AgeBand, AuditEntry
from ..timeutil import from_paris
from . import verifier
from .models import DrawPurpose
from .services import draws, pools, seats
from .services.common import iso

GENDERS = ("femme", "homme")
PUBLICS = ("aucun", "parent seul", "personne isolée")
AGES = [b.value for b in AgeBand if b != AgeBand.UNDER_18]
CATEGORIES = (f"genre : {', '.join(GENDERS)}\n"
              f"âge : {', '.join(AGES)}\n"
              f"quartier : {', '.join(NEIGHBOURHOODS)}\n"
              f"public : {', '.join(PUBLICS)}")


def _volunteer_values(rng, user):
    age = user.age_band.value if user.age_band and user.age_band.value in AGES else None
    public = ("personne isolée" if user.is_isolated else
              "parent seul" if user.is_single_parent else None)
    return {
        "genre": user.gender.value if user.gender and user.gender.value in GENDERS
        else rng.choice(GENDERS),
        "âge": age or rng.choice(AGES),
        "quartier": user.neighbourhood if user.neighbourhood in NEIGHBOURHOODS
        else rng.choice(NEIGHBOURHOODS),
        "public": public or rng.choice(PUBLICS),
    }


def _quotas(pool, panel_size, overrides):
    return {c["name"]: {v: overrides.get(c["name"], {}).get(v, (0, panel_size))
                        for v in c["values"]} for c in pool.categories}


def _ahead():
    """A moment ahead, as a freeze requires; `_dated` then puts the draw on its calendar day."""
    return draws.now_to_the_second() + timedelta(days=1)


def _dated(draw, day, hour):
    """Date a draw's freeze on ``day`` (Paris), its announced randomness 20 minutes later, as if
    it had been run then: the fingerprinted commitment, the draw and the freeze's audit entry
    carry the same times and fingerprint (the demo replays the protocol now on a past calendar;
    the fingerprint e-mail, composed after the commit, reads the final one)."""
    frozen = from_paris(datetime.combine(day, time(hour)))
    announced = frozen + timedelta(minutes=20)
    commitment = draw.commitment
    commitment["frozen_at"] = iso(frozen)
    commitment["randomness_not_before"] = iso(announced)
    draw.commitment_json = verifier.canonical_json(commitment).decode("ascii")
    draw.fingerprint = verifier.fingerprint(commitment)
    draw.created_at = frozen - timedelta(days=14)
    draw.frozen_at = frozen
    draw.randomness_not_before = announced
    entry = db.session.scalar(db.select(AuditEntry).filter_by(
        action="draw.freeze", target_type="Draw", target_id=draw.id))
    entry.details = {**entry.details, "fingerprint": draw.fingerprint,
                     "randomness_not_before": iso(announced)}
    entry.created_at = frozen
    return frozen


def _run(agent, territory, draw, randomness, day, hour):
    frozen = _dated(draw, day, hour)
    draws.enter_randomness(agent, territory, draw, randomness)
    draws.run_draw(agent, territory, draw)
    draw.randomness_at = frozen + timedelta(minutes=30)
    draw.drawn_at = frozen + timedelta(minutes=31)


def populate(demo):
    rng = random.Random(2026)
    agent, territory, calendar = demo.users["agent"], demo.territory, demo.calendar
    volunteers = pools.create_pool(
        agent, territory, "Volontaires de la société civile",
        "Candidats aux trois sièges citoyens du comité de pilotage.", CATEGORIES,
        signup_open=True)
    for user in demo.citizens:
        first, _sep, last = user.display_name.partition(" ")
        pools.signup(territory, volunteers, first_name=first, last_name=last.rstrip("."),
                        email=user.email, phone=None, values=_volunteer_values(rng, user),
                        consent=True, publish_name=rng.random() < 0.5, user=user)
    steering = draws.create_draw(
        agent, territory, volunteers, "Comité de pilotage : trois sièges citoyens",
        DrawPurpose.STEERING, 3, "Tirage du Loto de la FDJ du samedi suivant le gel : les cinq "
        "numéros puis le numéro chance, dans l'ordre de sortie.", _ahead())
    draws.update_draw(agent, territory, steering, 3, _quotas(volunteers, 3, {
        "genre": {"femme": (1, 2), "homme": (1, 2)}}), steering.randomness_source)
    draws.freeze(agent, territory, steering)
    _run(agent, territory, steering, "7 19 23 34 41 - 5", calendar.steering_draw, 21)
    # One seat holder accepts; another declines and the next substitute of her type sits.
    result = steering.result
    held = sorted(steering.seats, key=lambda s: -len(result["types"][s.type_index]["substitutes"]))
    seats.decline_seat(agent, territory, held[0])
    seats.accept_seat(agent, territory, held[1])
    answered = steering.drawn_at + timedelta(days=4)  # still before the launch
    for seat in steering.seats:
        seat.decided_at = answered if seat.decided_at else None
    for substitution in steering.substitutions:
        substitution.created_at = answered

    electoral = pools.create_pool(
        agent, territory, "Extrait de la liste électorale",
        "Tirage du groupe d'évaluation continue parmi les habitants inscrits.", CATEGORIES)
    rows = []
    today = calendar.today
    for i in range(240):
        born = date(today.year - rng.randint(19, 88), rng.randint(1, 12), rng.randint(1, 28))
        rows.append((LAST_NAMES[rng.randrange(20)].upper(), FIRST_NAMES[rng.randrange(20)],
                     born.strftime("%d/%m/%Y"), rng.choice(GENDERS),
                     rng.choices(NEIGHBOURHOODS, weights=(5, 2, 2, 1, 1))[0],
                     rng.choices(PUBLICS, weights=(8, 1, 1))[0], f"{i + 1:05d}"))
    data = write_csv(rows, ["Nom", "Prénoms", "Date de naissance", "genre", "quartier", "public",
                            "N° d'électeur"])
    pending = pools.start_import(agent, territory, electoral, "extrait-liste-electorale.csv", data)
    pools.confirm_import(agent, territory, pending, pools.analyse_import(pending).mapping)
    group = draws.create_draw(
        agent, territory, electoral, "Groupe d'évaluation continue", DrawPurpose.CONTINUOUS, 12,
        "Dés lancés en public lors de la soirée de lancement du programme, devant témoins : six "
        "dés, résultats lus de gauche à droite.", _ahead())
    draws.update_draw(agent, territory, group, 12, _quotas(electoral, 12, {
        "genre": {"femme": (5, 7), "homme": (5, 7)},
        "quartier": {n: (1, 4) for n in NEIGHBOURHOODS}}), group.randomness_source)
    draws.freeze(agent, territory, group)
    _run(agent, territory, group, "4 1 6 6 2 3", calendar.evaluation_draw, 19)
