"""Background jobs: `thc worker` runs the retention purges (a real worker process, a real
queue in the instance folder or in a real Redis, the test database)."""

from datetime import timedelta

import pytest

from thc_participation import audit, jobs
from thc_participation.extensions import db
from thc_participation.models import AuditEntry, User
from thc_participation.retention import PURGES
from thc_participation.timeutil import utcnow

from ..support.worker import Worker, wait_until

DAILY = {"backup": (1, 30), "events_remind": (7, 30), "notifications_digest": (6, 0)}


def test_the_daily_schedule_runs_every_retention_purge(app):
    huey = jobs.init_app(app)
    periodic = {task.name: task for task in huey._registry.periodic_tasks}
    purges = {f"purge_{name}" for name in PURGES}
    # The purges, the daily backup, the event reminders, the notifications digest, the
    # participation reports (every minute); plus the one task that runs the long jobs.
    assert set(periodic) == purges | {"backup", "events_remind", "notifications_digest",
                                      "refresh_reports"}
    assert set(jobs.tasks(app)) == set(periodic) | {"run_job"}
    assert set(PURGES) == {"events", "pools", "audit", "unconfirmed_accounts", "sessions"}
    # The reports every minute; the others once a day: the backup at 01:30 UTC, the purges at
    # 02:xx, the digest at 06:00, the reminders at 07:30.
    day = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = [day + timedelta(minutes=m) for m in range(24 * 60)]
    reports = periodic.pop("refresh_reports")
    assert all(reports.validate_datetime(moment) for moment in minutes)
    for name, task in periodic.items():
        runs = [moment for moment in minutes if task.validate_datetime(moment)]
        assert len(runs) == 1, name
        if name in purges:
            assert runs[0].hour == jobs.PURGE_HOUR, name
        else:
            assert (runs[0].hour, runs[0].minute) == DAILY[name], name


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
    worker = Worker(app, redis_url).start()
    try:
        wait_until(lambda: db.session.get(User, stale_id) is None and db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == "essai.ancien")).first() is None,
            timeout=20)
        output = worker.output()
        assert worker.process.poll() is None, output
        assert db.session.get(User, stale_id) is None, output
        assert db.session.get(User, fresh_id) is not None
        actions = set(db.session.scalars(db.select(AuditEntry.action)))
        assert "essai.ancien" not in actions and "essai.recent" in actions, output
    finally:
        status = worker.stop()
    assert status == 0, worker.output()
