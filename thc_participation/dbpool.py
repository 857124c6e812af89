"""Database connections are checked before use only after they have been idle a while.

SQLAlchemy's ``pool_pre_ping`` costs a round trip on every checkout, i.e. on every socket
event of a live board, where each round trip also waits for a turn of the event loop. A busy
connection is known to be alive; one idle for a while may have been cut (database restart,
firewall). A database restart during activity costs one failed event per process:
SQLAlchemy then invalidates the whole pool.
"""

import time

from sqlalchemy import event, exc

IDLE_SECONDS = 10


def ping_when_idle(engine):
    event.listen(engine.pool, "checkin", _checked_in)
    event.listen(engine.pool, "checkout", _ping_if_idle)


def _checked_in(dbapi_connection, record):
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, proxy):
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()
    except Exception as error:  # noqa: BLE001 - any failure means a dead connection
        raise exc.DisconnectionError() from error  # the pool retries with a new one
