"""Time helpers: we store naive UTC and show Europe/Paris."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utcnow():
    """The current time as a naive UTC datetime, the form every model stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_paris(dt):
    """A stored naive UTC datetime as an aware Europe/Paris datetime."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC).astimezone(PARIS)


def from_paris(local):
    """A naive Europe/Paris wall-clock datetime (as typed in a form) as naive UTC."""
    return local.replace(tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)
