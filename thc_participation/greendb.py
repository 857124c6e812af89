"""psycopg2 cooperating with eventlet or gevent, with prompt round trips for board changes.

``thc run`` installs ``wait`` as psycopg2's wait callback (after monkey-patching, before
importing the app). A query's reply is normally awaited on the event loop, so that a slow
query lets every other greenlet run. But a reply that arrives while the loop is sending a
broadcast to 500 participants waits behind those 500 sends, and a board change makes five
round trips while it holds its board's row lock: inside ``promptly()`` (the change pipeline), a
reply is first awaited on the spot for at most ``PROMPT_SECONDS`` (a local database answers in
a fraction of that), then on the loop. The loop is thus never held more than
``PROMPT_SECONDS`` per round trip, and a change waiting on a lock still lets everything else
run (bench/board_fanout.py and tests/core/test_greendb.py measure both).
"""

import contextvars
from contextlib import contextmanager

PROMPT_SECONDS = 0.001
_prompt = contextvars.ContextVar("thc_prompt_database", default=False)


@contextmanager
def promptly():
    """Await the replies of this greenlet's queries on the spot (see the module's doc)."""
    token = _prompt.set(True)
    try:
        yield
    finally:
        _prompt.reset(token)


def patch_psycopg(mode):
    """Make psycopg2 cooperate with ``mode`` (eventlet or gevent), already monkey-patched."""
    import psycopg2
    from psycopg2 import extensions

    if mode == "eventlet":
        from eventlet import patcher
        from eventlet.hubs import trampoline

        select = patcher.original("select").select

        def wait_read(fd):
            trampoline(fd, read=True)

        def wait_write(fd):
            trampoline(fd, write=True)
    else:
        from gevent import monkey
        from gevent.socket import wait_read, wait_write

        select = monkey.get_original("select", "select")

    def wait(conn, timeout=None):
        while True:
            state = conn.poll()
            if state == extensions.POLL_OK:
                return
            if state == extensions.POLL_READ:
                fd = conn.fileno()
                if not (_prompt.get() and select([fd], [], [], PROMPT_SECONDS)[0]):
                    wait_read(fd)
            elif state == extensions.POLL_WRITE:
                wait_write(conn.fileno())
            else:
                raise psycopg2.OperationalError(f"Bad result from poll: {state!r}")

    extensions.set_wait_callback(wait)
