"""Rate limits outside the HTTP routes (socket events), on the storage Flask-Limiter uses.

Both read ``RATELIMIT_STORAGE_URI``: process memory in the single-process mode, Redis when
``THC_REDIS_URL`` is set, so that several web processes enforce ONE limit (a client whose
requests or socket events land on two workers counts once). Both use the moving-window
strategy (``RATELIMIT_STRATEGY``): at most N hits in any window of the limit's length.

When the storage is unreachable (Redis restarting), limits **fail open**: the request or
event is served and a warning logged (``RATELIMIT_SWALLOW_ERRORS`` for Flask-Limiter, the
same rule here). A short Redis outage must not refuse citizens; the limits are abuse brakes,
not access control, and they apply again as soon as Redis answers.
"""

import logging

from flask import current_app
from flask_babel import gettext as _
from limits import parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import RateLimited

log = logging.getLogger(__name__)
# One storage per URI in a process (the apps of a test run share the memory one, as the
# processes of a deployment share the Redis one).
_limiters = {}


def _limiter():
    config = current_app.config
    uri = config["RATELIMIT_STORAGE_URI"]
    limiter = _limiters.get(uri)
    if limiter is None:
        storage = storage_from_string(uri, wrap_exceptions=True,
                                      **config.get("RATELIMIT_STORAGE_OPTIONS", {}))
        limiter = _limiters[uri] = MovingWindowRateLimiter(storage)
    return limiter


def hit(limit, *identifiers):
    """Count one hit of ``limit`` (e.g. ``"10 per 5 seconds"``) for ``identifiers``, or raise
    ``RateLimited`` when it is exhausted. Fails open when the storage is unreachable."""
    try:
        allowed = _limiter().hit(parse(limit), *identifiers)
    except StorageError:
        log.warning("Rate limit storage unreachable: %s not enforced", identifiers[:1])
        return
    if not allowed:
        raise RateLimited(_("Doucement ! Trop d'actions en peu de temps, réessayez dans un "
                            "instant."), code="rate_limited")


def reset():
    """Forget every count (tests: a matrix of events is not a flood)."""
    _limiter().storage.reset()
