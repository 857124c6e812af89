"""`make test`: the whole suite on SQLite, then every non-browser test again on PostgreSQL.

The throw-away PostgreSQL, Redis and SMTP servers are started on free loopback ports by the
test fixtures (tests/support/servers.py) and stopped at the end of each run.
"""

import os
import subprocess
import sys

RUNS = (
    ("SQLite", {}, []),
    ("PostgreSQL", {"THC_TEST_DATABASE": "postgres"}, ["-m", "not browser"]),
)


def main():
    extra = sys.argv[1:]
    failed = []
    for name, env, args in RUNS:
        print(f"\n=== Suite on {name} ===", flush=True)
        code = subprocess.call(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, *extra],
            env={**os.environ, **env, "PYTHONWARNINGS": "ignore"},
        )
        if code != 0:
            failed.append(f"{name} (exit {code})")
    if failed:
        print("\nFailed: " + ", ".join(failed))
        return 1
    print("\nAll test runs passed on SQLite and PostgreSQL.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
