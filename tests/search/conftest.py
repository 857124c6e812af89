"""Fixtures of the search tests: the consultation and events builders."""

from tests.consultation.conftest import client_for, neighbour, open_consultation  # noqa: F401
from tests.events.conftest import make_event  # noqa: F401
