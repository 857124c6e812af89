"""For probes run in a subprocess: monkey-patch for eventlet or gevent as ``thc run`` does
(call it before importing anything else), and the three greenlet operations they need."""


def patch(mode):
    """Returns ``(spawn, yield_turn, join)`` for ``mode``, once it has monkey-patched."""
    if mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()
        return eventlet.spawn, lambda: eventlet.sleep(0), lambda green: green.wait()
    import gevent
    from gevent import monkey

    monkey.patch_all()
    return gevent.spawn, lambda: gevent.sleep(0), lambda green: green.join()
