"""Background jobs (Huey): the daily retention purges, run by ``thc worker``.

The queue lives in ``<instance>/huey.db`` (SQLite), or in Redis when ``THC_REDIS_URL`` is set
(several web servers and workers then share it). The worker process creates one application
(the ``thc`` command's) and runs every task inside its app context, as one operation
(``@transactional``): a task commits everything it did, or nothing.

Enqueue a task from anywhere by calling it (``tasks["purge_audit"]()``): the worker runs it.
"""

import os

from flask import current_app
from huey import RedisHuey, SqliteHuey, crontab

from .backups import scheduled_backup
from .retention import PURGES
from .transaction import transactional

# Huey compares crontabs with UTC (utc=True): 02:00 UTC is 03:00 or 04:00 in Paris, a quiet
# hour; each purge has its own minute so that they never wait on each other's locks.
PURGE_HOUR = 2
BACKUP_TIME = {"hour": "1", "minute": "30"}  # before the purges
QUEUE_FILE = "huey.db"


def create_huey(config):
    """The queue described by the configuration (no task registered)."""
    if config.get("THC_REDIS_URL"):
        return RedisHuey("thc", url=config["THC_REDIS_URL"], utc=True, results=False)
    return SqliteHuey("thc", filename=os.path.join(config["INSTANCE_DIR"], QUEUE_FILE),
                      utc=True, results=False)


def _in_app(app, fn, name):
    """The task body: ``fn`` inside the worker's app context, as one transaction."""
    operation = transactional(fn)

    def run():
        with app.app_context():
            result = operation()
            app.logger.info("Job %s: %s", name, result)
            return result

    run.__name__ = name
    return run


def register_tasks(huey, app):
    """Register the tasks on ``huey``, run in ``app``; returns them by name.

    Every retention purge becomes a periodic task ``purge_<name>``, run daily; so does the
    backup (``backup``, into ``THC_BACKUP_DIR`` with its retention)."""
    tasks = {"backup": huey.periodic_task(crontab(**BACKUP_TIME), name="backup")(
        _in_app(app, scheduled_backup, "backup"))}
    for minute, (name, purge) in enumerate(PURGES.items()):
        task_name = f"purge_{name}"
        schedule = crontab(minute=str(minute * 5), hour=str(PURGE_HOUR))
        tasks[task_name] = huey.periodic_task(schedule, name=task_name)(
            _in_app(app, purge, task_name))
    return tasks


def init_app(app):
    """Create the app's queue from its configuration and register its tasks (once per app);
    returns the queue."""
    if "huey" not in app.extensions:
        huey = create_huey(app.config)
        app.extensions["huey_tasks"] = register_tasks(huey, app)
        app.extensions["huey"] = huey
    return app.extensions["huey"]


def tasks(app=None):
    """The registered tasks by name (calling one enqueues it)."""
    app = app or current_app._get_current_object()
    init_app(app)
    return app.extensions["huey_tasks"]


def run_consumer(app, workers=1):
    """Run the worker until it is stopped (SIGTERM or Ctrl-C): queued tasks and the periodic
    schedule. It polls the queue at least once a second when idle."""
    huey = init_app(app)
    consumer = huey.create_consumer(workers=workers, periodic=True, initial_delay=0.1,
                                    backoff=1.15, max_delay=1.0)
    consumer.run()
