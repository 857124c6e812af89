"""One dated archive (``thc-backup-YYYYMMDDTHHMMSSZ.tar.gz``) holding the database, the
uploaded files, the instance's signing key when it has one, and ``manifest.json`` (application
version, Alembic revision, date, SHA-256 of every file); and its restoration."""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util.exc import CommandError
from flask import current_app
from flask_babel import gettext as _

from ..config import SECRET_KEY_FILE
from ..errors import Conflict, Invalid
from ..extensions import db
from ..timeutil import utcnow
from . import database

FORMAT = "thc-backup/1"
MANIFEST = "manifest.json"
UPLOADS = "uploads"
NAME_FORMAT = "thc-backup-%Y%m%dT%H%M%SZ.tar.gz"


def create_backup(folder, now=None):
    """Write one archive into ``folder`` (created, mode 0700); returns its path. The archive
    is written under a temporary name and renamed: a half-written one never has the name."""
    now = now or utcnow()  # naive UTC
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / now.strftime(NAME_FORMAT)
    config = current_app.config
    # The work folder is beside the archive (same disk: the system's /tmp may be small).
    with tempfile.TemporaryDirectory(prefix=".thc-work-", dir=folder) as work:
        work = Path(work)
        engine = db.engine
        revision = database.revision(engine)
        if revision is None:  # not restorable: say it now, not on the day of the restore
            raise Conflict(_("La base n'a pas de révision de schéma (table alembic_version) : "
                             "créez-la par « thc db upgrade » avant de la sauvegarder."))
        db_file, db_details = database.dump(engine, work)
        uploads = Path(config["UPLOAD_DIR"])
        if uploads.is_dir():
            shutil.copytree(uploads, work / UPLOADS, copy_function=_snapshot)
        key = Path(config["INSTANCE_DIR"]) / SECRET_KEY_FILE
        if key.is_file():
            shutil.copy2(key, work / SECRET_KEY_FILE)
        manifest = {
            "format": FORMAT,
            "version": _version(),
            "created_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "alembic_revision": revision,
            "database": {"file": db_file, **db_details},
            "files": {name: _sha256(work / name) for name in _files(work)},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                     encoding="utf-8")
        partial = folder / f".{target.name}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            for name in manifest["files"]:
                tar.add(work / name, arcname=name)
        os.replace(partial, target)
    return target


def restore_backup(path, force=False):
    """Restore ``path`` into this instance's database and upload folder, which must be empty
    unless ``force``; returns the manifest. Refused (nothing changed) when the archive is
    unreadable, a checksum differs, the database kind differs, or its revision is unknown to
    this version."""
    config = current_app.config
    engine = db.engine
    db.session.remove()
    instance = Path(config["INSTANCE_DIR"])
    instance.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".thc-restore-", dir=instance) as work:
        work = Path(work)
        manifest = _extract(path, work)
        details = manifest["database"]
        if details.get("dialect") != database.dialect(engine):
            raise Conflict(_("Cette sauvegarde vient d'une base %(archive)s : elle ne peut être "
                             "restaurée que dans une base du même type (ici %(here)s).",
                             archive=details.get("dialect"), here=database.dialect(engine)))
        _check_revision(manifest["alembic_revision"])
        uploads = Path(config["UPLOAD_DIR"])
        if not force:
            if not database.is_empty(engine):
                raise Conflict(_("La base de données n'est pas vide : la restauration "
                                 "remplacerait son contenu. Relancez avec --force pour "
                                 "l'écraser."))
            if uploads.is_dir() and any(uploads.iterdir()):
                raise Conflict(_("Le dossier des fichiers déposés (%(folder)s) n'est pas vide. "
                                 "Relancez avec --force pour le remplacer.", folder=uploads))
        database.load(engine, work, details)
        if database.revision(engine) != manifest["alembic_revision"]:
            raise Conflict(_("La base restaurée n'est pas à la révision annoncée par la "
                             "sauvegarde (%(revision)s).",
                             revision=manifest["alembic_revision"]))
        if uploads.is_dir():
            shutil.rmtree(uploads)
        if (work / UPLOADS).is_dir():
            shutil.copytree(work / UPLOADS, uploads)
        else:
            uploads.mkdir(parents=True)
        if (work / SECRET_KEY_FILE).is_file():
            _write_key(Path(config["INSTANCE_DIR"]) / SECRET_KEY_FILE,
                       (work / SECRET_KEY_FILE).read_bytes())
    return manifest


def needs_upgrade(manifest):
    """True when the restored revision is older than this version's (run ``thc db upgrade``)."""
    return manifest["alembic_revision"] not in _scripts().get_heads()


def _extract(path, work):
    """Unpack ``path`` into ``work`` and check it against its manifest."""
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            tar.extractall(work, filter="data")  # no absolute paths, links out, devices
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, tarfile.TarError, ValueError, EOFError) as exc:
        raise Invalid(_("L'archive %(path)s est illisible ou n'est pas une sauvegarde de THC "
                        "Participation.", path=path)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Invalid(_("L'archive %(path)s n'est pas une sauvegarde de THC Participation dans "
                        "un format connu.", path=path))
    listed = manifest.get("files") or {}
    present = set(_files(work)) - {MANIFEST}
    if set(listed) != present:
        raise Invalid(_("L'archive est incomplète ou modifiée : ses fichiers ne sont pas ceux "
                        "de son manifeste."))
    for name, checksum in listed.items():
        if _sha256(work / name) != checksum:
            raise Invalid(_("L'archive est corrompue : la somme de contrôle de %(name)s ne "
                            "correspond pas.", name=name))
    return manifest


def _check_revision(revision):
    if revision is None:
        raise Invalid(_("La sauvegarde ne porte pas de révision de schéma : elle n'est pas "
                        "restaurable."))
    try:
        found = _scripts().get_revision(revision)
    except (RevisionError, CommandError):
        found = None
    if found is None:
        raise Conflict(_("Cette sauvegarde vient d'une version plus récente de THC "
                         "Participation (révision %(revision)s inconnue ici) : installez une "
                         "version au moins aussi récente avant de restaurer.",
                         revision=revision))


def _scripts():
    return ScriptDirectory(current_app.extensions["migrate"].directory)


def _snapshot(source, target):
    """An uploaded file into the work folder: a hard link when on the same disk (uploads are
    written once under a random name, never changed), a copy otherwise."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _files(folder):
    """Every regular file under ``folder``, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_key(path, content):
    temporary = path.with_name(f".{path.name}.restore")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(temporary, path)


def _version():
    try:
        return metadata.version("thc-participation")
    except metadata.PackageNotFoundError:
        return "unknown"
