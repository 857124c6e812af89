"""The analysis of an uploaded CSV and the drawing itself are background jobs computed by a real
`thc worker`: the request only stores the file (or checks the step) and queues the job; the page
shows the progress bar, then the result; a worker that dies while drawing is resumed."""

import io
import socket

from tests.support.pages import text_of
from tests.support.worker import Worker, wait_until
from thc_participation import jobs
from thc_participation.evaluation import jobs as evaluation_jobs
from thc_participation.evaluation.models import Draw, DrawState, PoolImport
from thc_participation.extensions import db as _db
from thc_participation.jobs import JobRun, JobState

from .builders import QUARTIERS, at_announced_time, make_draw, make_pool

ROWS = 20_000
BROKEN_LINE = 15_001  # the file's own line number (the header is line 1)


def _file(broken):
    rows = [f"Nom{i};Prénom{i};{('femme', 'homme')[i % 2]};{QUARTIERS[i % 3]}"
            for i in range(ROWS)]
    if broken:
        rows[BROKEN_LINE - 2] = f"Nom{BROKEN_LINE};Prénom;garçon;Nord"
    return "\r\n".join(["Nom;Prénom;genre;quartier", *rows]).encode("utf-8")


def _work_until(app, job_queue, done):
    """A real worker runs the queued jobs until ``done()``, then stops."""
    worker = Worker(app, job_queue).start()
    try:
        assert wait_until(done, timeout=180), worker.output()
    finally:
        worker.stop()


def _check(pending_id):
    return jobs.latest(evaluation_jobs.CHECK, f"pool_import:{pending_id}")


def test_the_upload_queues_the_analysis_and_the_page_shows_its_progress_then_the_errors(
        job_queue, app, client, login, agent, territory, db):
    pool_id = make_pool(agent, territory, people=0).id
    as_agent = login(client, agent)
    base = f"/t/{territory.slug}/gestion/tirages/viviers/{pool_id}"
    response = as_agent.post(f"{base}/import", data={"file": (io.BytesIO(_file(True)), "l.csv")},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    review = response.headers["Location"]
    pending_id = int(review.rsplit("/", 1)[1])
    # Stored and queued: no row was read by the request.
    assert _check(pending_id).state == JobState.QUEUED
    page = as_agent.get(review)
    html = page.get_data(as_text=True)
    assert "Analyse du fichier" in text_of(page) and "En attente" in text_of(page)
    assert "<progress" in html and "jobs/progress.js" in html
    assert 'value="confirm"' not in html
    _work_until(app, job_queue, lambda: _check(pending_id).state == JobState.DONE)
    page = as_agent.get(review)
    html = page.get_data(as_text=True)
    assert f"{ROWS} lignes de données" in text_of(page)
    assert "<progress" not in html and 'value="confirm"' not in html  # one bad row: no import
    assert (f"<tr><td>{BROKEN_LINE}</td><td>genre</td><td>« garçon » n'est pas une valeur de "
            "« genre »") in text_of(page)
    assert "1 ligne en erreur" in text_of(page)
    # Another mapping is analysed by the job too: the request only queues it.
    response = as_agent.post(review, data={"map-last_name": "0", "map-first_name": "1",
                                           "map-cat:genre": "2", "action": "check"})
    assert response.status_code == 302 and _check(pending_id).state == JobState.QUEUED
    again = as_agent.post(review, data={"map-last_name": "0", "action": "check"})
    assert again.status_code == 409 and "déjà en cours" in text_of(again)
    _work_until(app, job_queue, lambda: _check(pending_id).state == JobState.DONE)
    page = text_of(as_agent.get(review))
    assert "Indiquez la colonne « quartier »." in page
    assert db.session.get(PoolImport, pending_id) is not None


def test_a_clean_file_is_analysed_then_confirmed_by_the_worker(job_queue, app, client, login,
                                                               agent, territory, db):
    pool_id = make_pool(agent, territory, people=0).id
    as_agent = login(client, agent)
    base = f"/t/{territory.slug}/gestion/tirages/viviers/{pool_id}"
    review = as_agent.post(f"{base}/import",
                           data={"file": (io.BytesIO(_file(False)), "l.csv")},
                           content_type="multipart/form-data").headers["Location"]
    pending_id = int(review.rsplit("/", 1)[1])
    worker = Worker(app, job_queue).start()
    try:
        assert wait_until(lambda: _check(pending_id).state == JobState.DONE, timeout=180), \
            worker.output()
        page = as_agent.get(review)
        assert f"Confirmer l'import de {ROWS} personnes" in text_of(page)
        response = as_agent.post(review, data={
            "map-last_name": "0", "map-first_name": "1", "map-cat:genre": "2",
            "map-cat:quartier": "3", "action": "confirm"})
        assert response.status_code == 302 and response.headers["Location"].endswith(base)
        assert wait_until(lambda: jobs.latest(evaluation_jobs.IMPORT, f"pool:{pool_id}").state
                          == JobState.DONE, timeout=180), worker.output()
    finally:
        worker.stop()
    assert f"{ROWS} personnes importées dans le vivier." in text_of(as_agent.get(base))


def test_a_broken_row_is_reported_by_the_analysis_with_its_line(client, login, agent,
                                                                territory):
    """The upload reads the first line only; a broken quote further down is found by the
    analysis job (at once here, without a worker) and shown on the review page, with its
    line."""
    pool = make_pool(agent, territory, people=0)
    as_agent = login(client, agent)
    data = b"Nom;Pr\xc3\xa9nom\r\nA;B\r\n\"Martin;Eric\r\n"
    response = as_agent.post(f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/import",
                             data={"file": (io.BytesIO(data), "l.csv")},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    page = as_agent.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Ligne 3 : un guillemet (\") ouvre une cellule" in text_of(page)
    assert "Le fichier ne peut pas être lu" in text_of(page)
    assert 'value="confirm"' not in page.get_data(as_text=True)
    assert pool.people.count() == 0


def _run(draw_id):
    return jobs.latest(evaluation_jobs.RUN, f"draw:{draw_id}")


def test_the_drawing_runs_in_the_worker_after_the_confirmation(job_queue, app, client, login,
                                                               agent, territory, db):
    draw = make_draw(agent, territory, make_pool(agent, territory, people=30),
                     DrawState.RANDOMNESS, purpose="evaluation-continue", size=6)
    draw_id = draw.id
    as_agent = login(client, agent)
    base = f"/t/{territory.slug}/gestion/tirages/{draw_id}"
    with at_announced_time(draw):
        # Without JavaScript the confirmation page comes first; nothing is queued.
        page = as_agent.post(f"{base}/tirer")
        assert page.status_code == 200 and 'name="confirmed"' in page.get_data(as_text=True)
        assert _run(draw_id) is None
        response = as_agent.post(f"{base}/tirer", data={"confirmed": "1"})
        assert response.status_code == 302 and response.headers["Location"].endswith(base)
        assert _run(draw_id).state == JobState.QUEUED
        assert db.session.get(Draw, draw_id).state == DrawState.RANDOMNESS
        page = as_agent.get(base)
        html = page.get_data(as_text=True)
        assert "Calcul du tirage" in text_of(page) and "<progress" in html
        assert f'action="{base}/tirer"' not in html  # no second start while it runs
        again = as_agent.post(f"{base}/tirer", data={"confirmed": "1"})
        assert again.status_code == 409 and "déjà en cours" in text_of(again)
        worker = Worker(app, job_queue).start()
        try:
            assert wait_until(lambda: _run(draw_id).state == JobState.DONE), worker.output()
        finally:
            worker.stop()
        page = as_agent.get(base)
    draw = db.session.get(Draw, draw_id)
    assert draw.state == DrawState.DRAWN and len(draw.seats) == 6
    assert "<progress" not in page.get_data(as_text=True)
    for seat in draw.seats:
        assert seat.pseudonym in text_of(page)


def test_a_drawing_left_by_a_dead_worker_is_resumed_with_the_same_panel(
        job_queue, app, client, login, agent, territory, db):
    draw = make_draw(agent, territory, make_pool(agent, territory, people=30),
                     DrawState.RANDOMNESS, purpose="evaluation-continue", size=6)
    draw_id = draw.id
    as_agent = login(client, agent)
    with at_announced_time(draw):
        assert as_agent.post(f"/t/{territory.slug}/gestion/tirages/{draw_id}/tirer",
                             data={"confirmed": "1"}).status_code == 302
    # The state a worker SIGKILLed mid-way leaves: claimed by a process that no longer exists.
    dead = f"{socket.gethostname()}:{2 ** 22 + 1}"
    db.session.execute(_db.update(JobRun).where(JobRun.id == _run(draw_id).id).values(
        state=JobState.RUNNING, worker=dead, attempts=1))
    db.session.commit()
    worker = Worker(app, job_queue).start()
    try:
        assert wait_until(lambda: _run(draw_id).state == JobState.DONE), worker.output()
    finally:
        worker.stop()
    assert _run(draw_id).attempts == 2
    draw = db.session.get(Draw, draw_id)
    assert draw.state == DrawState.DRAWN and len(draw.seats) == 6
