"""The queue (Huey) and its tasks, run by ``thc worker``.

The queue lives in ``<instance>/huey.db`` (SQLite), or in Redis when ``THC_REDIS_URL`` is set
(several web servers and workers then share it). The worker process creates one application
(the ``thc`` command's) and runs every task inside its app context.

Tasks:
- ``run_job``: one run of a long job (``runs.start`` queues it; see ``runs``);
- one periodic task per entry of ``PERIODIC`` (name -> (crontab, function)), run as one
  operation (``@transactional``). Every retention purge is one (``purge_<name>``, daily at
  02:xx UTC). Another module adds its own with ``periodic(name, schedule)`` in its
  ``jobs.py``, listed in ``JOB_MODULES``.
"""

import importlib
import logging
import os

from flask import current_app
from huey import RedisHuey, SqliteHuey, crontab

from ..retention import PURGES
from ..transaction import transactional
from . import runs

# Huey compares crontabs with UTC (utc=True): 02:00 UTC is 03:00 or 04:00 in Paris, a quiet
# hour; each purge has its own minute so that they never wait on each other's locks.
PURGE_HOUR = 2
QUEUE_FILE = "huey.db"
# The modules whose ``jobs.py`` registers long jobs (``runs.job``) or periodic tasks.
JOB_MODULES = ("thc_participation.consultation.jobs", "thc_participation.events.jobs",
               "thc_participation.evaluation.jobs", "thc_participation.backups.jobs",
               "thc_participation.notifications.jobs", "thc_participation.events.boards.jobs")
PERIODIC = {}
log = logging.getLogger(__name__)


def periodic(name, schedule):
    """Register ``fn()`` as a periodic task ``name`` run on ``schedule`` (a ``huey.crontab``,
    UTC) in the worker, as one operation."""
    def register(fn):
        PERIODIC[name] = (schedule, fn)
        return fn
    return register


def create_huey(config):
    """The queue described by the configuration (no task registered)."""
    if config.get("THC_REDIS_URL"):
        huey = RedisHuey("thc", url=config["THC_REDIS_URL"], utc=True, results=False)
    else:
        huey = SqliteHuey("thc", filename=os.path.join(config["INSTANCE_DIR"], QUEUE_FILE),
                          utc=True, results=False)
    huey.immediate = bool(config.get("THC_JOBS_IMMEDIATE"))
    return huey


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


def _schedules():
    for module in JOB_MODULES:
        importlib.import_module(module)
    schedules = {}
    for minute, (name, purge) in enumerate(PURGES.items()):
        schedules[f"purge_{name}"] = (crontab(minute=str(minute * 5), hour=str(PURGE_HOUR)),
                                      purge)
    schedules.update(PERIODIC)
    return schedules


def register_tasks(huey, app):
    """Register the tasks on ``huey``, run in ``app``; returns them by name."""
    tasks = {}
    for name, (schedule, fn) in _schedules().items():
        tasks[name] = huey.periodic_task(schedule, name=name)(_in_app(app, fn, name))

    def run_job(run_id):
        runs.execute(app, run_id)

    tasks["run_job"] = huey.task(name="run_job")(run_job)
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
    schedule. It polls the queue at least once a second when idle. First, runs a dead worker
    left behind are resumed or reported (``runs.recover``)."""
    huey = init_app(app)
    resumed, failed = runs.recover(app)
    if resumed or failed:
        log.info("Interrupted job runs: resumed %s, reported failed %s", resumed, failed)
    consumer = huey.create_consumer(workers=workers, periodic=True, initial_delay=0.1,
                                    backoff=1.15, max_delay=1.0)
    consumer.run()
