"""Pools and draws built through the services, committed, for the draw tests."""

from contextlib import contextmanager
from datetime import UTC, timedelta

import time_machine

from thc_participation.evaluation.models import DrawState
from thc_participation.evaluation.services import draws, pools
from thc_participation.extensions import db

CATEGORIES = "genre : femme, homme\nquartier : Centre, Gare, Nord"
QUARTIERS = ("Centre", "Gare", "Nord")


def make_pool(agent, territory, people=12, open_=True):
    """A pool of ``people`` volunteers (the first agreed to publish her name)."""
    pool = pools.create_pool(agent, territory, "Volontaires", "Pour le comité.", CATEGORIES,
                             signup_open=True)
    for i in range(people):
        pools.signup(territory, pool, first_name=f"Prénom{i}", last_name=f"Nom{i}",
                     email=f"v{i}@exemple.fr", phone=None,
                     values={"genre": "femme" if i % 3 else "homme",
                             "quartier": QUARTIERS[i % 3]},
                     consent=True, publish_name=i == 0)
    if not open_:
        pools.set_signup_open(agent, territory, pool, False)
    db.session.commit()
    return pool


ANNOUNCED_IN = timedelta(hours=1)   # the announced randomness, an hour after creation


def announced():
    """A randomness moment announced an hour ahead (naive UTC, to the second)."""
    return draws.now_to_the_second() + ANNOUNCED_IN


@contextmanager
def at_announced_time(draw, after=timedelta(minutes=1)):
    """The clock moved to just after the draw's announced randomness moment."""
    with time_machine.travel((draw.randomness_not_before + after).replace(tzinfo=UTC),
                             tick=True):
        yield


def make_draw(agent, territory, pool, state=DrawState.PREPARED, purpose="steering", size=3,
              randomness="42"):
    """A draw of ``pool`` taken through the protocol up to ``state``; the randomness is
    entered (and the draw run) at the announced time, an hour after the freeze."""
    draw = draws.create_draw(agent, territory, pool, "Comité de pilotage", purpose, size,
                             "Loto du samedi 7 mars 2026", announced())
    if state != DrawState.PREPARED:
        draws.freeze(agent, territory, draw)
    if state in (DrawState.RANDOMNESS, DrawState.DRAWN):
        with at_announced_time(draw):
            draws.enter_randomness(agent, territory, draw, randomness)
            if state == DrawState.DRAWN:
                draws.run_draw(agent, territory, draw)
    db.session.commit()
    return draw


@contextmanager
def long_ago(days):
    """The clock moved ``days`` back: what is built inside happened that long ago (a drawn
    draw's bundle ties its randomness moment to its frozen commitment: it cannot be aged)."""
    with time_machine.travel((draws.now_to_the_second() - timedelta(days=days)).replace(
            tzinfo=UTC), tick=True):
        yield


def age(pool, days):
    """Move everything of ``pool`` (its people, its draws and their steps) ``days`` back in
    time, as if it had all happened that long ago. Not for a drawn draw: see ``long_ago``."""
    from datetime import timedelta

    from thc_participation.evaluation.models import Draw, Person

    shift = timedelta(days=days)
    pool.created_at -= shift
    for person in db.session.scalars(db.select(Person).where(Person.pool_id == pool.id)):
        person.created_at -= shift
    for draw in db.session.scalars(db.select(Draw).where(Draw.pool_id == pool.id)):
        assert draw.randomness_at is None, "a drawn draw cannot be aged: build it long_ago()"
        for name in ("created_at", "frozen_at", "randomness_at", "drawn_at"):
            if getattr(draw, name) is not None:
                setattr(draw, name, getattr(draw, name) - shift)
        for seat in draw.seats:
            if seat.decided_at is not None:
                seat.decided_at -= shift
        for step in draw.substitutions:
            step.created_at -= shift
    db.session.commit()
