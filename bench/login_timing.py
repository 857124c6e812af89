"""Login time for a known and an unknown e-mail address (a wrong password either way).

Builds the app on a fresh SQLite database with production's hashing (scrypt), creates one
account, then posts the login form alternately for the known and the unknown address through
the WSGI app, after warm-up rounds, and prints the median of each and their difference.

    python bench/login_timing.py --logins 50

Target (issue 14): the two medians within 10 % of each other.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from thc_participation import create_app  # noqa: E402
from thc_participation.extensions import db  # noqa: E402
from thc_participation.models import User  # noqa: E402
from thc_participation.timeutil import utcnow  # noqa: E402

KNOWN, UNKNOWN = "connue@exemple.fr", "inconnue@exemple.fr"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=50, help="logins per address")
    parser.add_argument("--warmup", type=int, default=2, help="rounds not counted")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="thc-login-")
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "INSTANCE_DIR": folder,
        "PASSWORD_HASH_METHOD": "scrypt", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
        "THC_ASYNC_MODE": "threading",
    })
    with app.app_context():
        db.create_all()
        user = User(email=KNOWN, display_name="Connue", confirmed_at=utcnow())
        user.set_password("un mot de passe solide et long")
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    times = {KNOWN: [], UNKNOWN: []}
    for round_ in range(args.warmup + args.logins):
        for email in sorted(times, reverse=bool(round_ % 2)):  # alternate the order
            start = time.perf_counter()
            response = client.post("/compte/connexion",
                                   data={"email": email, "password": "pas le bon"})
            elapsed = time.perf_counter() - start
            assert response.status_code == 400, response.status_code
            assert "mot de passe incorrect" in response.get_data(as_text=True)
            if round_ >= args.warmup:
                times[email].append(elapsed)
    known = statistics.median(times[KNOWN]) * 1000
    unknown = statistics.median(times[UNKNOWN]) * 1000
    gap = abs(known - unknown) / max(known, unknown) * 100
    print(f"median of {args.logins} logins: known {known:.1f} ms, unknown {unknown:.1f} ms, "
          f"difference {gap:.1f} % ({'within' if gap <= 10 else 'OVER'} the 10 % target)")


if __name__ == "__main__":
    main()
