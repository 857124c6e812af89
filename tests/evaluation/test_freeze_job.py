"""Freezing a draw is a background job computed by a real `thc worker`: the page only starts
it and shows its progress; a worker killed mid-way leaves the draw as it was and the page says
so, with "Relancer"."""

import re

import pytest

from tests.support.pages import text_of
from tests.support.worker import Worker, wait_until
from thc_participation import jobs
from thc_participation.evaluation import jobs as evaluation_jobs
from thc_participation.evaluation import verifier
from thc_participation.evaluation.models import Draw, DrawState, Person, Pool
from thc_participation.evaluation.services import pools
from thc_participation.jobs import JobState

from ..conftest import PASSWORD
from .builders import QUARTIERS, make_pool
from .samples import skewed_draw


def _run(draw_id, db):
    return db.session.scalars(db.select(jobs.JobRun).where(
        jobs.JobRun.kind == evaluation_jobs.FREEZE, jobs.JobRun.subject == f"draw:{draw_id}")
        .order_by(jobs.JobRun.id.desc())).first()


def _state(draw_id, db):
    return db.session.get(Draw, draw_id).state


def test_the_page_starts_the_freeze_and_the_worker_computes_it(job_queue, app, client, login,
                                                                agent, territory, db):
    draw_id = skewed_draw(agent, territory, 500).id  # a real LEXIMIN: seconds of CPU
    as_agent = login(client, agent)
    base = f"/t/{territory.slug}/gestion/tirages/{draw_id}"
    response = as_agent.post(f"{base}/geler", data={"confirmed": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(base)
    # The request only queued the job: nothing is computed until a worker takes it.
    assert _run(draw_id, db).state == JobState.QUEUED
    assert _state(draw_id, db) == DrawState.PREPARED
    page = as_agent.get(base)
    html = page.get_data(as_text=True)
    assert "Gel du tirage" in text_of(page) and "En attente" in text_of(page)
    assert "<progress" in html and 'http-equiv="refresh"' in html and "jobs/progress.js" in html
    assert 'action="' + f"{base}/geler" not in html  # no second start while it runs
    again = as_agent.post(f"{base}/geler", data={"confirmed": "1"})
    assert again.status_code == 409 and "déjà en cours" in text_of(again)
    worker = Worker(app, job_queue).start()
    try:
        assert wait_until(lambda: _run(draw_id, db).state != JobState.QUEUED), worker.output()
        # While the worker computes, the site answers (another process does the work).
        assert as_agent.get(f"/t/{territory.slug}/tirages/").status_code == 200
        assert wait_until(lambda: _run(draw_id, db).state == JobState.DONE, timeout=180), \
            worker.output()
    finally:
        worker.stop()
    draw = db.session.get(Draw, draw_id)
    assert draw.state == DrawState.FROZEN and len(draw.fingerprint) == 64
    assert draw.fingerprint in _run(draw_id, db).message
    page = as_agent.get(base)
    assert "<progress" not in page.get_data(as_text=True)
    assert draw.fingerprint in text_of(client.get(f"/t/{territory.slug}/tirages/{draw_id}"))
    # The freeze queued the public verification file: served from disk once built.
    url = f"/t/{territory.slug}/tirages/{draw_id}/verification.json"
    worker = Worker(app, job_queue).start()
    try:
        assert wait_until(lambda: client.get(url).status_code == 200), worker.output()
    finally:
        worker.stop()
    bundle = client.get(url).get_json()
    assert bundle["fingerprint"] == draw.fingerprint and verifier.verify_bundle(bundle).ok


def test_a_confirmed_import_runs_in_the_worker(job_queue, app, client, login, agent, territory,
                                               db):
    pool_id = make_pool(agent, territory, people=0).id
    rows = [f"Nom{i};Prénom{i};{('femme', 'homme')[i % 2]};{QUARTIERS[i % 3]}"
            for i in range(3000)]
    data = "\r\n".join(["Nom;Prénom;genre;quartier", *rows]).encode("utf-8")
    pending = pools.start_import(agent, territory, db.session.get(Pool, pool_id), "v.csv", data)
    db.session.commit()
    as_agent = login(client, agent)
    manage = f"/t/{territory.slug}/gestion/tirages/viviers/{pool_id}"
    response = as_agent.post(f"{manage}/import/{pending.id}", data={
        "map-last_name": "0", "map-first_name": "1", "map-cat:genre": "2",
        "map-cat:quartier": "3", "action": "confirm"})
    assert response.status_code == 302 and response.headers["Location"].endswith(manage)
    count = lambda: db.session.scalar(  # noqa: E731
        db.select(db.func.count(Person.id)).where(Person.pool_id == pool_id))
    assert count() == 0  # queued, not imported by the request
    page = text_of(as_agent.get(manage))
    assert "Import du fichier" in page and "En attente" in page
    worker = Worker(app, job_queue).start()
    try:
        assert wait_until(lambda: jobs.latest(evaluation_jobs.IMPORT, f"pool:{pool_id}").state
                          == JobState.DONE), worker.output()
    finally:
        worker.stop()
    assert count() == 3000
    assert "3000 personnes importées dans le vivier." in text_of(as_agent.get(manage))


def test_a_worker_killed_during_the_freeze_is_reported_then_restarted(job_queue, app, client,
                                                                      login, agent, territory,
                                                                      db):
    draw_id = skewed_draw(agent, territory, 500).id
    as_agent = login(client, agent)
    base = f"/t/{territory.slug}/gestion/tirages/{draw_id}"
    assert as_agent.post(f"{base}/geler", data={"confirmed": "1"}).status_code == 302
    worker = Worker(app, job_queue).start()
    try:
        assert wait_until(lambda: _run(draw_id, db).state == JobState.RUNNING, every=0.02), \
            worker.output()
    finally:
        worker.kill()  # SIGKILL while the lottery is being computed
    run_id = _run(draw_id, db).id
    assert _run(draw_id, db).state == JobState.RUNNING and _state(draw_id, db) == DrawState.PREPARED
    again = Worker(app, job_queue).start()  # on start: the dead worker's run is reported
    try:
        assert wait_until(lambda: _run(draw_id, db).state == JobState.FAILED), again.output()
        page = as_agent.get(base)
        assert "s'est arrêté pendant ce traitement" in text_of(page)
        assert "Relancer" in text_of(page) and _state(draw_id, db) == DrawState.PREPARED
        form = re.search(r'action="([^"]*/relancer)"', page.get_data(as_text=True)).group(1)
        response = as_agent.post(form, data={"next": base})
        assert response.status_code == 302 and response.headers["Location"].endswith(base)
        assert _run(draw_id, db).id != run_id  # a new run, queued for the live worker
        assert wait_until(lambda: _run(draw_id, db).state == JobState.DONE, timeout=180), \
            again.output()
    finally:
        again.stop()
    assert _state(draw_id, db) == DrawState.FROZEN
    # Restarting a run that did not fail is refused.
    done = _run(draw_id, db)
    response = as_agent.post(f"/t/{territory.slug}/gestion/traitements/{done.id}/relancer",
                             data={"next": base})
    assert response.status_code == 409


@pytest.mark.browser
def test_the_progress_bar_follows_the_worker_live(job_queue, live_server_factory, browser_page,
                                                  app, agent, territory):
    """In Chromium (strict CSP): the agent freezes, the page shows the bar; when the worker has
    frozen the draw, the page learns it over Socket.IO and shows the next step."""
    server = live_server_factory(**({"THC_REDIS_URL": job_queue} if job_queue else {}))
    draw = skewed_draw(agent, territory, 500)
    page = browser_page
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Se déconnecter").wait_for()
    page.goto(f"{server.url}/t/{territory.slug}/gestion/tirages/{draw.id}")
    page.get_by_role("button", name="Geler et publier l'empreinte").click()
    page.get_by_role("dialog").get_by_role("button",
                                           name="Oui, geler et publier l'empreinte").click()
    page.get_by_role("heading", name="Gel du tirage").wait_for()
    assert page.get_by_role("progressbar").is_visible()
    assert "En attente" in page.locator("[data-job-message]").inner_text()
    worker = Worker(app, job_queue).start()
    try:
        page.get_by_role("heading", name="Étape 3 : saisir l'aléa public").wait_for(
            timeout=180_000)
    finally:
        worker.stop()
    assert page.get_by_role("progressbar").count() == 0
    assert refused == []
