"""Fixtures of the events tests: events built through the services (the people are the
shared ones of ``tests/conftest.py``)."""

from datetime import datetime, timedelta

import pytest

from thc_participation.events.services import events
from thc_participation.events.services.validation import EventData, Recurrence
from thc_participation.extensions import db
from thc_participation.timeutil import to_paris, utcnow


def paris(days=0, hour=18, minute=0):
    """A Paris wall-clock time ``days`` from today (naive, as the form gives it)."""
    day = to_paris(utcnow()).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute)


@pytest.fixture
def make_event(app):
    def factory(actor, territory=None, parent=None, **fields):
        start = fields.pop("start", paris(10, 18))
        values = {"kind": "reunion", "title": "Réunion publique sur le budget",
                  "start": start, "end": fields.pop("end", start + timedelta(hours=2)),
                  "address": "Salle des fêtes, 1 place de la Mairie"}
        values.update(fields)
        event = events.create_event(actor, territory, EventData(**values), parent=parent)
        db.session.commit()  # the test body is the operation's boundary
        return event

    return factory


@pytest.fixture
def monthly_call(make_event, admin):
    """The network's private monthly call: 2nd Tuesday 18:00-20:00 for two years."""
    today = to_paris(utcnow()).date()
    first = today.replace(day=1)
    while first.weekday() != 1:
        first += timedelta(days=1)
    first += timedelta(days=7)
    if first <= today:  # next month's 2nd Tuesday
        month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        first = month + timedelta(days=(1 - month.weekday()) % 7 + 7)
    start = datetime(first.year, first.month, first.day, 18, 0)
    return make_event(
        admin, kind="visio-privee", title="Visio mensuelle du réseau", start=start,
        end=start.replace(hour=20), visibility="reseau", capacity=10, address="",
        online_url="https://visio.exemple.fr/reseau-mensuel",
        recurrence=Recurrence("monthly_weekday", count=24),
    )
