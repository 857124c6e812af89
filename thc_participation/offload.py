"""CPU-heavy work that releases the GIL (password hashing: scrypt takes ~90 ms) runs in a
native thread when the server runs on eventlet or gevent, so the hub keeps serving every other
client of the process meanwhile. Without monkey-patching (tests, CLI, the job worker) it simply
runs in place."""

import sys


def in_native_thread(function, *args):
    if "eventlet" in sys.modules:
        from eventlet import patcher, tpool

        if patcher.is_monkey_patched("thread"):
            return tpool.execute(function, *args)
    if "gevent" in sys.modules:
        from gevent import get_hub, monkey

        if monkey.is_module_patched("threading"):
            return get_hub().threadpool.apply(function, args)
    return function(*args)
