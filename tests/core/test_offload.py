"""Password hashing leaves the eventlet hub: in a monkey-patched process (as `thc run`), the
hash runs in another OS thread while the hub keeps running green threads."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import eventlet
    eventlet.monkey_patch()
    import threading
    from werkzeug.security import generate_password_hash
    from thc_participation.offload import in_native_thread

    ticks = []

    def ticker():
        while True:
            ticks.append(1)
            eventlet.sleep(0.001)

    eventlet.spawn(ticker)
    eventlet.sleep(0.01)
    hub_thread = threading.get_native_id()
    hash_thread = in_native_thread(threading.get_native_id)
    before = len(ticks)
    in_native_thread(generate_password_hash, "un mot de passe", "scrypt")
    # Green threads ran during the hash (called in place, it would block them all).
    print(hub_thread != hash_thread, len(ticks) > before)
""")


def test_password_hash_runs_off_the_eventlet_hub():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.split() == ["True", "True"]


def test_without_monkey_patching_the_work_runs_in_place():
    import threading

    from thc_participation.offload import in_native_thread

    assert in_native_thread(threading.get_native_id) == threading.get_native_id()
