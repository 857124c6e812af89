"""The ``thc`` console script.

``thc run`` serves with Socket.IO on eventlet (or gevent, ``THC_ASYNC_MODE``): the async
library must monkey-patch before anything else is imported, so this module imports nothing
from the application until it has done so.
"""

import os
import sys
import warnings


def _monkey_patch(mode):
    database_url = os.environ.get("THC_DATABASE_URL", "")
    if mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()
    elif mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    else:
        return
    if database_url.startswith("postgresql"):
        from .greendb import patch_psycopg

        patch_psycopg(mode)


def main():
    # eventlet stays the users' choice (THC_ASYNC_MODE=gevent is supported too): its
    # deprecation notice concerns the maintainers, not every operator command.
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    if sys.argv[1:3] == ["draw", "verify"] and not {"-h", "--help"} & set(sys.argv[3:]):
        # Verifying a bundle needs no application: the standalone verifier, started in ~0.1 s.
        from .evaluation import verifier

        sys.exit(verifier.main(sys.argv[3:]))
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        _monkey_patch(os.environ.get("THC_ASYNC_MODE", "eventlet"))
    elif len(sys.argv) > 1 and sys.argv[1] == "worker":
        # The worker serves no socket: it only emits progress through Redis, with threads.
        os.environ["THC_ASYNC_MODE"] = "threading"
    from .cli import cli

    cli(prog_name="thc")
