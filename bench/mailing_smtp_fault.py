"""Fault: the SMTP server stops during the action-plan mailing, then comes back.

    .venv/bin/python bench/mailing_smtp_fault.py [--recipients 500] [--stop-after 100] [--down 10]

A fresh site (bench/jobsite.py), an open consultation with RECIPIENTS participants who agreed to
be contacted, a real SMTP server (aiosmtpd) and `thc worker` (retry delay 5 s). The plan is
published (the mailing job queued); after STOP_AFTER e-mails the SMTP server is stopped, DOWN
seconds later it is started again on the same port. Printed: a timeline (seconds from the
publication) of what the job's run said and of the e-mails received, then the duplicates.
"""
import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.jobsite import fresh_site  # noqa: E402
from tests.support.servers import SmtpServer  # noqa: E402
from tests.support.worker import Worker  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=500)
    parser.add_argument("--stop-after", type=int, default=100)
    parser.add_argument("--down", type=float, default=10.0)
    args = parser.parse_args()
    smtp = SmtpServer().start()
    instance = Path(tempfile.mkdtemp(prefix="thc-bench-smtp-"))
    app, _url, territory, agent = fresh_site(instance, MAIL_BACKEND="smtp", MAIL_HOST="127.0.0.1",
                                            MAIL_PORT=smtp.port)
    run_id, emails = publish(agent, territory, args.recipients)
    worker = Worker(app, os.environ.get("THC_REDIS_URL"), THC_JOBS_RETRY_DELAY="5")
    start = time.monotonic()
    timeline = []

    def note(text):
        timeline.append((time.monotonic() - start, text))
        print(f"t={timeline[-1][0]:6.2f} s  {text}", flush=True)

    worker.start()
    try:
        follow(args, smtp, run_id, note)
    finally:
        worker.stop()
        smtp.stop()
    received = Counter(m["To"] for m in smtp.messages)
    twice = sum(1 for count in received.values() if count > 1)
    missing = len(set(emails) - set(received))
    print(f"{len(received)} of {len(emails)} recipients received it; {twice} received it more "
          f"than once; {missing} missing")


def publish(agent, territory, count):
    from thc_participation.consultation import jobs as consultation_jobs
    from thc_participation.consultation.models import ConsultationState
    from thc_participation.consultation.services import comments, consultations, mailing
    from thc_participation.extensions import db
    from thc_participation.models import User
    from thc_participation.timeutil import utcnow

    consultation = consultations.create_consultation(agent, territory, "Mobilités", "Avis.")
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    people = [User(email=f"p{i}@exemple.fr", display_name=f"P {i}", password_hash="!",
                   confirmed_at=utcnow(), contact_consent=True) for i in range(count)]
    db.session.add_all(people)
    db.session.flush()
    for person in people:
        comments.post_comment(person, consultation.phases[0], "Participation")
    db.session.commit()
    published = mailing.publish_action_plan(agent, consultation, "Le plan d'action.")
    run = consultation_jobs.start_mailing(agent, consultation, published.id)
    db.session.commit()
    return run.id, [p.email for p in people]


def follow(args, smtp, run_id, note):
    from thc_participation.extensions import db
    from thc_participation.jobs import JobRun

    last, stopped_at = None, None
    note("mailing published, worker started")
    while True:
        db.session.remove()
        run = db.session.get(JobRun, run_id)
        # Every state change, and the messages that are not mere progress counts.
        said = (run.state.value, run.message if run.state.value != "running" else "")
        if said != last:
            note(f"run {run.state.value}: {run.message} ({len(smtp.messages)} e-mails received)")
            last = said
        if stopped_at is None and len(smtp.messages) >= args.stop_after:
            smtp.stop()
            stopped_at = time.monotonic()
            note(f"SMTP server stopped ({len(smtp.messages)} e-mails received)")
        if stopped_at is not None and smtp.controller is None and \
                time.monotonic() - stopped_at >= args.down:
            smtp.start()
            note("SMTP server started again")
        if run.state.value in ("done", "failed"):
            return
        time.sleep(0.05)


if __name__ == "__main__":
    main()
