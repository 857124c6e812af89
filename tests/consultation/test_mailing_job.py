"""The action-plan mailing as a background job run by a real `thc worker`: progress on a real
Socket.IO client, a worker SIGKILLed mid-way, the SMTP server stopped mid-way; each recipient
receives it exactly once."""

import queue

import socketio

from tests.boards.support import session_cookie
from tests.support.worker import Worker, wait_until
from thc_participation import jobs
from thc_participation.consultation import jobs as consultation_jobs
from thc_participation.consultation.models import Mailing, RecipientStatus
from thc_participation.consultation.services import comments
from thc_participation.consultation.services import mailing as mailings
from thc_participation.jobs import JobState


def _mailing(agent, consultation, phase, people, db):
    for person in people:
        comments.post_comment(person, phase, "Participation")
    mailing = mailings.publish_action_plan(agent, consultation, "Plan")
    run = consultation_jobs.start_mailing(agent, consultation, mailing.id)
    db.session.commit()  # the job is queued by this commit
    return mailing.id, run.id


def _run(run_id, db):
    return db.session.get(jobs.JobRun, run_id)


def _each_once(smtp, mailing_id, db):
    addresses = [m["To"] for m in smtp.messages]
    assert len(addresses) == len(set(addresses)), "nobody receives it twice"
    stats = mailings.mailing_stats(db.session.get(Mailing, mailing_id))
    assert stats[RecipientStatus.PENDING.value] == 0
    return addresses, stats


def test_progress_reaches_a_watching_page(job_queue, app, live_server_factory, open_consultation,
                                          phase, many_users, agent, citizen, smtp, db):
    """Through Redis (the worker emits) or relayed from the database by the web process."""
    env = {"THC_REDIS_URL": job_queue} if job_queue else {}
    server = live_server_factory(**env)
    people = many_users(120)
    emails = sorted(p.email for p in people)
    mailing, run_id = _mailing(agent, open_consultation, phase, people, db)
    events = queue.Queue()
    watcher = socketio.Client(reconnection=False)
    watcher.on("progress", events.put, namespace="/jobs")
    watcher.connect(server.url, namespaces=["/jobs"], transports=["websocket"], wait_timeout=10,
                    headers={"Cookie": session_cookie(app, agent)})
    stranger = socketio.Client(reconnection=False)
    stranger.connect(server.url, namespaces=["/jobs"], transports=["websocket"], wait_timeout=10,
                     headers={"Cookie": session_cookie(app, citizen)})
    worker = None
    try:
        answer = watcher.call("watch", {"job": run_id}, namespace="/jobs", timeout=10)
        assert answer["ok"] and answer["state"] == "queued", answer
        refused = stranger.call("watch", {"job": run_id}, namespace="/jobs", timeout=10)
        assert refused["ok"] is False and refused["error"] == "not_found"
        worker = Worker(app, job_queue).start()
        seen = []
        while not seen or seen[-1]["state"] not in ("done", "failed"):
            seen.append(events.get(timeout=60))
        last = seen[-1]
        assert last["state"] == "done", (seen, worker.output())
        assert last["done"] == last["total"] == 120 and "120" in last["message"]
        counts = [event["done"] for event in seen]
        assert counts == sorted(counts)  # the bar only moves forward
    finally:
        watcher.disconnect()
        stranger.disconnect()
        if worker:
            worker.stop()
    smtp.wait_for(120)
    addresses, stats = _each_once(smtp, mailing, db)
    assert stats["sent"] == 120 and sorted(addresses) == emails


def test_a_killed_worker_resumes_the_mailing_without_duplicates(job_queue, app, open_consultation,
                                                                phase, many_users, agent, smtp,
                                                                db):
    people = many_users(150)
    emails = sorted(p.email for p in people)
    mailing, run_id = _mailing(agent, open_consultation, phase, people, db)
    worker = Worker(app, job_queue).start()
    try:
        smtp.wait_for(20, timeout=60)
    finally:
        worker.kill()  # SIGKILL mid-way: the run is left "running"
    before = len(smtp.messages)
    assert 20 <= before < 150, "the worker should have been stopped mid-way"
    assert _run(run_id, db).state == JobState.RUNNING
    db.session.remove()
    again = Worker(app, job_queue).start()  # resumes the run at start
    try:
        assert wait_until(lambda: _run(run_id, db).state == JobState.DONE), again.output()
    finally:
        again.stop()
    run = _run(run_id, db)
    assert run.attempts == 2 and run.done == run.total == 150
    smtp.wait_for(149)
    addresses, stats = _each_once(smtp, mailing, db)
    # at most the one e-mail being sent at the moment of the kill is uncertain (never resent)
    assert stats["sending"] <= 1 and stats["sent"] + stats["sending"] == 150
    assert len(addresses) >= 149 and set(addresses) <= set(emails)


def test_smtp_stopped_during_the_mailing_resumes_without_duplicates(job_queue, app, smtp,
                                                                    open_consultation, phase,
                                                                    many_users, agent, db):
    people = many_users(150)
    emails = sorted(p.email for p in people)
    mailing, run_id = _mailing(agent, open_consultation, phase, people, db)
    worker = Worker(app, job_queue, THC_JOBS_RETRY_DELAY="1").start()
    try:
        smtp.wait_for(20, timeout=60)
        smtp.stop()  # the mail server goes away mid-mailing
        try:
            stopped = len(smtp.messages)
            assert stopped < 150, "the server should have been stopped mid-way"
            # The job goes back to the queue and says why, in French, on its page.
            assert wait_until(lambda: _run(run_id, db).state == JobState.QUEUED
                              and "messagerie" in _run(run_id, db).message), worker.output()
            assert len(smtp.messages) == stopped
        finally:
            smtp.start()  # back: the next try sends the rest
        assert wait_until(lambda: _run(run_id, db).state == JobState.DONE), worker.output()
    finally:
        worker.stop()
    smtp.wait_for(150)
    addresses, stats = _each_once(smtp, mailing, db)
    assert stats["sent"] == 150 and stats["sending"] == stats["failed"] == 0
    assert sorted(addresses) == emails
    assert _run(run_id, db).attempts >= 2
