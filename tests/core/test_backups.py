"""Backups: ``thc backup`` then ``thc restore`` into an empty database and an empty upload
folder reproduce pages, calendar feeds, draw bundles and uploaded files byte for byte (SQLite,
and PostgreSQL with ``THC_TEST_DATABASE=postgres``); a damaged archive or a database that is
not empty is refused with a French message. Only the CSRF token of forms is normalised (it is
random per session by design); nothing else is."""

import html
import io
import json
import re
import tarfile
import time
import uuid
from collections import Counter, deque

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from thc_participation import jobs
from thc_participation.consultation.jobs import refresh_reports
from thc_participation.demo import DEMO_SLUG
from thc_participation.evaluation.models import Draw
from thc_participation.extensions import db
from thc_participation.models import User
from thc_participation.timeutil import utcnow

from ..conftest import USE_POSTGRES, session_token
from ..support import report
from ..support.worker import Worker

CSRF = re.compile(rb'name="csrf_token" value="[^"]*"')
LINK = re.compile(r'href="(/[^"#]*)"')
# The wall's PDF is a derived export (instance/exports, not in the archive): rebuilt by a job
# on demand after a restore, so its first answer is that job's progress page.
SKIPPED = ("/static/", "/compte/", "/langue", "/mur.pdf")
FOLLOWED = (f"/t/{DEMO_SLUG}/", "/evenements/", "/calendrier/")
PAGES_PER_VISITOR = 300
PER_SHAPE = 4


def _seeds(draw_ids):
    base = f"/t/{DEMO_SLUG}"
    seeds = [f"{base}/", f"{base}/consultations/", f"{base}/evenements/", f"{base}/tirages/",
             f"{base}/acteurs", f"{base}/gestion/tableau-de-bord", "/reseau",
             f"{base}/calendrier.ics", "/calendrier/reseau.ics", "/calendrier/moi"]
    for draw_id in draw_ids:
        seeds += [f"{base}/tirages/{draw_id}", f"{base}/tirages/{draw_id}/verification.json"]
    return seeds


def _crawl(client, seeds):
    """GET the pages reachable from ``seeds``, at most a few of each shape (URL with its
    numbers blanked: calendar months, comments...), up to a bound: {url: (status, body)}."""
    seen, queue, pages, shapes = set(seeds), deque(seeds), {}, Counter()
    while queue and len(pages) < PAGES_PER_VISITOR:
        url = queue.popleft()
        response = client.get(url)
        pages[url] = (response.status_code, CSRF.sub(b'name="csrf_token" value=""',
                                                     response.data))
        if response.mimetype == "text/html":
            for link in LINK.findall(response.get_data(as_text=True)):
                link = html.unescape(link)
                shape = re.sub(r"\d+", "N", link)
                if link not in seen and link.startswith(FOLLOWED) and shapes[shape] < PER_SHAPE \
                        and not any(part in link for part in SKIPPED):
                    seen.add(link)
                    shapes[shape] += 1
                    queue.append(link)
    return pages


def _signed_in(app, token):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = token, True
    return client


def _empty_database(request, tmp_path, name):
    """A database of its own, with no table at all."""
    if USE_POSTGRES:
        return request.getfixturevalue("postgres_server").create_database(
            f"thc_{name}_{uuid.uuid4().hex[:8]}")
    return f"sqlite:///{tmp_path / f'{name}.db'}"


def _migrated_app(make_app, request, tmp_path, name):
    """An app on a database of its own built by the migrations (as in production), with its
    own instance and upload folders."""
    folder = tmp_path / name
    app = make_app(SQLALCHEMY_DATABASE_URI=_empty_database(request, tmp_path, name),
                   INSTANCE_DIR=str(folder), UPLOAD_DIR=str(folder / "uploads"))
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return app


def test_backup_then_restore_reproduces_pages_feeds_bundles_and_files(make_app, request,
                                                                     tmp_path):
    source_dir, target_dir = tmp_path / "source", tmp_path / "target"
    source = _migrated_app(make_app, request, tmp_path, "source")
    (source_dir / "secret_key").write_text("clé-de-l-instance-" + "k" * 40 + "\n")
    runner = source.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with source.app_context():
        refresh_reports()  # the participation reports, as the worker computes them
        db.session.commit()
        draws = db.session.scalars(db.select(Draw.id).where(Draw.frozen_at.isnot(None))).all()
        agent = db.session.scalar(db.select(User).where(User.email == "agent@demo.thc.fr"))
        token = session_token(agent)
    assert draws and len(list((source_dir / "uploads").iterdir())) >= 2  # frozen draws, files
    visitors = {"anonymous": source.test_client(), "agent": _signed_in(source, token)}
    before = {name: _crawl(client, _seeds(draws)) for name, client in visitors.items()}
    feeds = [u for pages in before.values() for u in pages if u.endswith(".ics")]
    bundles = [u for pages in before.values() for u in pages if u.endswith("verification.json")]
    files = [u for pages in before.values() for u in pages if "/documents/" in u]
    assert len(before["agent"]) > 60 and feeds and bundles and files, sorted(before["agent"])
    report.COUNTS["backup round trip"] = (
        f"{sum(map(len, before.values()))} responses ({len(before['anonymous'])} anonymous, "
        f"{len(before['agent'])} agent): {len(feeds)} calendar feeds, {len(bundles)} draw "
        f"bundles, {len(files)} document files, identical after restore")

    result = runner.invoke(args=["backup", "--output", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    archive = next((tmp_path / "backups").glob("thc-backup-*.tar.gz"))

    target = make_app(SQLALCHEMY_DATABASE_URI=_empty_database(request, tmp_path, "target"),
                      INSTANCE_DIR=str(target_dir), UPLOAD_DIR=str(target_dir / "uploads"))
    restore = target.test_cli_runner()
    result = restore.invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert "restaurée" in result.output
    assert (target_dir / "secret_key").read_bytes() == (source_dir / "secret_key").read_bytes()
    visitors = {"anonymous": target.test_client(), "agent": _signed_in(target, token)}
    for name, pages in before.items():
        for url, (status, body) in pages.items():
            again = visitors[name].get(url)
            assert again.status_code == status, (name, url)
            assert CSRF.sub(b'name="csrf_token" value=""', again.data) == body, (name, url)

    # The database now holds data: a second restore is refused unless --force.
    refused = restore.invoke(args=["restore", str(archive)])
    assert refused.exit_code != 0 and "n'est pas vide" in refused.output
    assert restore.invoke(args=["restore", "--force", str(archive)]).exit_code == 0


def _tampered(archive, tmp_path, name, content):
    """A copy of ``archive`` whose member ``name`` holds ``content`` instead."""
    copy = tmp_path / f"modifiee-{name.replace('/', '-')}.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == name:
                data = content
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def test_restore_refuses_a_damaged_archive_and_changes_nothing(make_app, request, tmp_path):
    source = _migrated_app(make_app, request, tmp_path, "a")
    runner = source.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["backup", "--output", str(tmp_path / "b")]).exit_code == 0
    archive = next((tmp_path / "b").glob("*.tar.gz"))
    target = make_app(SQLALCHEMY_DATABASE_URI=_empty_database(request, tmp_path, "c"),
                      INSTANCE_DIR=str(tmp_path / "c"), UPLOAD_DIR=str(tmp_path / "c/up"))
    restore = target.test_cli_runner()
    upload = next(n for n in tarfile.open(archive).getnames() if n.startswith("uploads/"))
    damaged = _tampered(archive, tmp_path, upload, b"%PDF-1.4 autre contenu")
    result = restore.invoke(args=["restore", str(damaged)])
    assert result.exit_code != 0 and "somme de contrôle" in result.output, result.output
    garbage = tmp_path / "pas-une-archive.tar.gz"
    garbage.write_bytes(b"ceci n'est pas une sauvegarde")
    result = restore.invoke(args=["restore", str(garbage)])
    assert result.exit_code != 0 and "illisible" in result.output
    with target.app_context():
        assert inspect(db.engine).get_table_names() == []  # nothing was restored
    assert not (tmp_path / "c/up").exists()


def test_restore_refuses_an_unknown_revision(make_app, request, tmp_path):
    source = _migrated_app(make_app, request, tmp_path, "a")
    runner = source.test_cli_runner()
    assert runner.invoke(args=["backup", "--output", str(tmp_path / "b")]).exit_code == 0
    archive = next((tmp_path / "b").glob("*.tar.gz"))
    manifest = json.loads(tarfile.open(archive).extractfile("manifest.json").read())
    manifest["alembic_revision"] = "0123abcdef99"  # made by a newer version
    newer = _tampered(archive, tmp_path, "manifest.json", json.dumps(manifest).encode())
    target = make_app(SQLALCHEMY_DATABASE_URI=_empty_database(request, tmp_path, "c"),
                      INSTANCE_DIR=str(tmp_path / "c"), UPLOAD_DIR=str(tmp_path / "c/up"))
    result = target.test_cli_runner().invoke(args=["restore", str(newer)])
    assert result.exit_code != 0 and "version plus récente" in result.output, result.output


def test_an_older_backup_is_restored_then_upgraded(make_app, request, tmp_path):
    """The upgrade path: a backup made before the last migration is restored, ``thc restore``
    asks for ``thc db upgrade``, which brings it to this version's schema."""
    source = _migrated_app(make_app, request, tmp_path, "old")
    with source.app_context():
        scripts = ScriptDirectory(source.extensions["migrate"].directory)
        (head,) = scripts.get_heads()
        previous = scripts.get_revision(head).down_revision
    runner = source.test_cli_runner()
    assert runner.invoke(args=["db", "downgrade", previous]).exit_code == 0
    assert runner.invoke(args=["backup", "--output", str(tmp_path / "b")]).exit_code == 0
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0  # as the fixture expects it
    archive = next((tmp_path / "b").glob("*.tar.gz"))
    target = make_app(SQLALCHEMY_DATABASE_URI=_empty_database(request, tmp_path, "new"),
                      INSTANCE_DIR=str(tmp_path / "new"), UPLOAD_DIR=str(tmp_path / "new/up"))
    restore = target.test_cli_runner()
    result = restore.invoke(args=["restore", str(archive)])
    assert result.exit_code == 0 and "thc db upgrade" in result.output, result.output
    assert restore.invoke(args=["db", "upgrade"]).exit_code == 0
    with target.app_context():
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head


def test_backup_refuses_a_database_without_schema_revision(app, tmp_path):
    """A database made without the migrations could not be restored: said at backup time."""
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(tmp_path)])
    assert result.exit_code != 0 and "thc db upgrade" in result.output, result.output
    assert not list(tmp_path.glob("*.tar.gz"))


KEPT = ["thc-backup-20250106T013000Z.tar.gz",   # the last 3 days: today's, 6 and 5 January
        "thc-backup-20250105T013000Z.tar.gz",
        "thc-backup-20241225T013000Z.tar.gz"]   # the last 4 weeks: today's, W2, W1, W52
REMOVED = ["thc-backup-20250106T003000Z.tar.gz",  # an older one of a kept day
           "thc-backup-20250104T013000Z.tar.gz",  # W1 already kept by its Sunday
           "thc-backup-20241218T013000Z.tar.gz"]  # beyond 4 weeks


def test_the_worker_makes_the_daily_backup_and_applies_the_retention(make_app, request,
                                                                      tmp_path):
    """The periodic ``backup`` task, queued now, run by a real ``thc worker``."""
    app = _migrated_app(make_app, request, tmp_path, "instance")
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    for name in KEPT + REMOVED + ["notes.txt"]:
        (folder / name).write_bytes(b"ancienne")
    huey = jobs.create_huey({"THC_REDIS_URL": None, "INSTANCE_DIR": app.config["INSTANCE_DIR"]})
    jobs.register_tasks(huey, app)["backup"]()  # enqueued, for the worker to run
    worker = Worker(app, THC_BACKUP_DIR=str(folder), THC_BACKUP_KEEP_DAILY="3",
                    THC_BACKUP_KEEP_WEEKLY="4").start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.process.poll() is None and all(
                (folder / name).exists() for name in REMOVED):
            time.sleep(0.2)
        output = worker.output()
        names = sorted(p.name for p in folder.iterdir())
        new = [n for n in names if n.startswith("thc-backup-") and n not in KEPT]
        assert len(new) == 1 and new[0][11:19] == utcnow().strftime("%Y%m%d"), (names, output)
        assert sorted(KEPT + new + ["notes.txt"]) == names, output
        with tarfile.open(folder / new[0]) as archive:
            assert {"manifest.json", "database.sqlite3" if not USE_POSTGRES
                    else "database.pgdump"} <= set(archive.getnames())
    finally:
        worker.stop()
