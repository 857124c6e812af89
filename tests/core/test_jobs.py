"""Background jobs: `thc worker` runs the retention purges (a real worker process, a real
queue in the instance folder or in a real Redis, the test database)."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest

from thc_participation import audit, jobs
from thc_participation.extensions import db
from thc_participation.models import AuditEntry, User
from thc_participation.retention import PURGES
from thc_participation.timeutil import utcnow

from ..support.servers import ROOT


def test_the_daily_schedule_runs_every_retention_purge(app):
    huey = jobs.init_app(app)
    periodic = {task.name: task for task in huey._registry.periodic_tasks}
    assert set(periodic) == {f"purge_{name}" for name in PURGES} | {"backup"} \
        == set(jobs.tasks(app))
    assert set(PURGES) == {"events", "pools", "audit", "unconfirmed_accounts", "sessions"}
    # Each runs once a day, at 02:xx UTC, and at no other time.
    day = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = [day + timedelta(minutes=m) for m in range(24 * 60)]
    for name, task in periodic.items():
        runs = [moment for moment in minutes if task.validate_datetime(moment)]
        hour = int(jobs.BACKUP_TIME["hour"]) if name == "backup" else jobs.PURGE_HOUR
        assert len(runs) == 1 and runs[0].hour == hour, name


def _start_worker(app, log, redis_url, **extra_env):
    env = {**os.environ, **extra_env, "PYTHONPATH": str(ROOT),
           "THC_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "THC_INSTANCE_DIR": app.config["INSTANCE_DIR"], "THC_ASYNC_MODE": "threading"}
    env.pop("THC_REDIS_URL", None)
    if redis_url:
        env["THC_REDIS_URL"] = redis_url
    return subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c",
         "import sys; from thc_participation.entry import main; sys.argv=['thc', 'worker']; "
         "main()"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_the_worker_runs_the_queued_purges(queue, request, app, make_user, agent, territory):
    """The queue in the instance folder (SQLite), or in Redis when THC_REDIS_URL is set."""
    redis_url = request.getfixturevalue("redis_url") if queue == "redis" else None
    stale = make_user(email="jamais.confirme@exemple.fr", confirmed=False)
    stale.created_at = utcnow() - timedelta(days=8)
    fresh = make_user(email="tout.juste.inscrit@exemple.fr", confirmed=False)
    old = audit.record(agent, "essai.ancien", territory=territory)
    audit.record(agent, "essai.recent", territory=territory)
    db.session.flush()
    old.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    stale_id, fresh_id = stale.id, fresh.id

    huey = jobs.create_huey({"THC_REDIS_URL": redis_url, "INSTANCE_DIR": app.config["INSTANCE_DIR"]})
    assert type(huey).__name__ == ("RedisHuey" if redis_url else "SqliteHuey")
    tasks = jobs.register_tasks(huey, app)
    tasks["purge_unconfirmed_accounts"]()  # enqueued, for the worker to run
    tasks["purge_audit"]()
    with tempfile.NamedTemporaryFile(prefix="thc-worker-", suffix=".log", delete=False) as log:
        worker = _start_worker(app, log, redis_url)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and worker.poll() is None:
            db.session.remove()
            if db.session.get(User, stale_id) is None and db.session.scalars(
                    db.select(AuditEntry).where(AuditEntry.action == "essai.ancien")).first() \
                    is None:
                break
            time.sleep(0.2)
        db.session.remove()
        output = Path(log.name).read_text(errors="replace")
        assert worker.poll() is None, output
        assert db.session.get(User, stale_id) is None, output
        assert db.session.get(User, fresh_id) is not None
        actions = set(db.session.scalars(db.select(AuditEntry.action)))
        assert "essai.ancien" not in actions and "essai.recent" in actions, output
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(5)
    assert worker.returncode == 0, Path(log.name).read_text(errors="replace")
    os.unlink(log.name)
