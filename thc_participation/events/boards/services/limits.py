"""Rate limits of board events: a token bucket per participant (or per socket for ``join``),
kept in the process that holds the socket."""

import time

from flask_babel import gettext as _

from ....errors import RateLimited


class _Bucket:
    __slots__ = ("tokens", "stamp")

    def __init__(self, capacity):
        self.tokens, self.stamp = capacity, time.monotonic()


_buckets = {}
PARTICIPANT_RATE = (10, 2.0)  # burst, tokens per second
FACILITATOR_RATE = (40, 10.0)


def check_rate(key, facilitator=False):
    """Take one token from ``key``'s bucket, or refuse (``rate_limited``) when it is empty."""
    capacity, refill = FACILITATOR_RATE if facilitator else PARTICIPANT_RATE
    bucket = _buckets.get(key)
    if bucket is None:
        bucket = _buckets[key] = _Bucket(capacity)
    now = time.monotonic()
    bucket.tokens = min(capacity, bucket.tokens + (now - bucket.stamp) * refill)
    bucket.stamp = now
    if bucket.tokens < 1:
        raise RateLimited(_("Doucement ! Trop d'actions en peu de temps, réessayez dans un "
                            "instant."), code="rate_limited")
    bucket.tokens -= 1


def forget_rate(key):
    _buckets.pop(key, None)
