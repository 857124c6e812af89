"""Fixtures of the notifications tests: an open consultation (the consultation tests' own
fixtures) and events (the events tests' ``make_event``)."""

from tests.consultation.conftest import (  # noqa: F401 - fixtures shared with these tests
    client_for,
    neighbour,
    open_consultation,
    phase,
)
from tests.events.conftest import make_event  # noqa: F401
