"""Rate limits of board events, per participant (or per socket for ``join``), counted in the
storage every web process shares (``ratelimits``: Redis when ``THC_REDIS_URL`` is set)."""

from .... import ratelimits

# A burst of N events, then N per window on average (moving window).
PARTICIPANT_RATE = "10 per 5 seconds"
FACILITATOR_RATE = "40 per 4 seconds"


def check_rate(key, facilitator=False):
    """Count one event of ``key``, or refuse (``rate_limited``) beyond its rate."""
    ratelimits.hit(FACILITATOR_RATE if facilitator else PARTICIPANT_RATE, "board", str(key))
