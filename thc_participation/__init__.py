"""THC Participation: the platform of the Territoires Hautement Citoyens programme.

Importing this package opens no socket and imports no networking library, so that the
server entry point can monkey-patch for eventlet or gevent before anything else.
"""


def create_app(config_overrides=None):
    from .app import create_app as _create_app

    return _create_app(config_overrides)
