"""Background jobs (Huey), run by ``thc worker``: periodic tasks (the daily retention purges,
the event reminders, the daily backup) and long jobs with a run row and a live progress bar (draw freezing, the
action-plan mailing).

- ``queue``: the Huey queue (SQLite in the instance folder, or Redis), the task registration
  (``periodic(name, schedule)``) and the consumer;
- ``runs``: the long jobs: ``@job(kind, may_watch, resumable)``, ``start(kind, territory,
  actor, subject, **params)`` (the one way to start one), execution, progress, recovery;
- ``sockets``: namespace ``/jobs``, where a page watches its run;
- ``views``: "Relancer" a failed run; the templates' partial is ``jobs/_progress.html``;
- ``files.serve_built``: a large file a job builds, served from disk (202 while it is built).
"""

from .files import serve_built
from .models import JobRun, JobState
from .queue import (
                    PERIODIC,
                    PURGE_HOUR,
                    create_huey,
                    init_app,
                    periodic,
                    register_tasks,
                    run_consumer,
                    tasks,
)
from .runs import KINDS, RetryLater, job, latest, restart, start

__all__ = ["JobRun", "JobState", "PERIODIC", "PURGE_HOUR", "create_huey", "init_app", "periodic",
           "register_tasks", "run_consumer", "tasks", "KINDS", "RetryLater", "job", "latest",
           "restart", "start", "serve_built"]
