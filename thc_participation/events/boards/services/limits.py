"""Rate limits of board events, per participant (or per socket for ``join``), counted in the
storage every web process shares (``ratelimits``: Redis when ``THC_REDIS_URL`` is set).

Three budgets: changes (``check_rate``), reads of the whole board (``check_read``: ``sync``
and ``snapshot``, which cost the server far more than a change) and new anonymous
participants per board and network address (``check_newcomer``).
"""

from flask import current_app

from .... import ratelimits

# A burst of N events, then N per window on average (moving window).
PARTICIPANT_RATE = "10 per 5 seconds"
FACILITATOR_RATE = "40 per 4 seconds"


def check_rate(key, facilitator=False):
    """Count one event of ``key``, or refuse (``rate_limited``) beyond its rate."""
    ratelimits.hit(FACILITATOR_RATE if facilitator else PARTICIPANT_RATE, "board", str(key))


# ``sync`` and ``snapshot``: a client needs one after a reconnect or a lasting gap, not more.
READ_RATE = "5 per 10 seconds"
FACILITATOR_READ_RATE = "20 per 10 seconds"
# New anonymous participants of one board from one network address per 10 minutes
# (THC_BOARD_NEWCOMERS, 100 by default): a room of 60 phones behind the town hall's Wi-Fi (one
# address) fits, a script minting fresh dots does not; a plenary of several hundred people on
# one venue's Wi-Fi needs it raised.


def check_read(key, facilitator=False):
    """Count one ``sync`` or ``snapshot`` of participant ``key``, or refuse it."""
    ratelimits.hit(FACILITATOR_READ_RATE if facilitator else READ_RATE, "board-read", str(key))


def check_newcomer(board_id, address):
    """Count one new anonymous participant of ``board_id`` from ``address``, or refuse it."""
    newcomers = current_app.config["THC_BOARD_NEWCOMERS"]
    ratelimits.hit(f"{newcomers} per 10 minutes", "board-newcomer", str(board_id), str(address))
