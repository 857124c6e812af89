"""Background work of the draws: freezing a draw computes its LEXIMIN lottery, CPU-heavy
work that never runs in a web process (it froze every page for 18-26 s when it did); drawing
computes the panel and its substitutes; an uploaded CSV is analysed (every row checked, for
the review page) and, once confirmed, checked again and inserted (100,000 rows stalled
everyone 8.9 s)."""

import hashlib
import json
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from ..access import load
from ..errors import Conflict, Invalid
from ..extensions import db
from ..jobs import job, latest, start
from ..jobs.files import store_built
from ..models import User
from . import importer, permissions
from .models import Draw, DrawState, PoolImport
from .services import bundles, draws, pools

FREEZE = "draw_freeze"
RUN = "draw_run"
CHECK = "pool_import_check"
IMPORT = "pool_import"


def subject(draw):
    return f"draw:{draw.id}"


def start_freeze(actor, territory, draw):
    """Check what can be checked at once (may manage, not frozen yet), then queue the freeze
    once the request commits; the draw's page shows its progress."""
    permissions.require_manage(actor, territory)
    if draw.frozen_at is not None:
        raise Conflict(_("Ce tirage est déjà gelé."))
    return start(FREEZE, territory, actor, subject(draw), draw_id=draw.id)


@job(FREEZE, may_watch=permissions.may_manage)
def freeze(run, progress, draw_id):
    """One operation: the draw is frozen with its fingerprint, or nothing changed (a worker
    stopped half-way leaves the draw as it was; the page then offers to start again)."""
    progress(0, None, _("Calcul de la loterie LEXIMIN sur le vivier…"))
    territory = run.territory
    draw = load(Draw, draw_id, territory)
    actor = db.session.get(User, run.actor_id) if run.actor_id else None
    draws.freeze(actor, territory, draw)
    prepare_bundle(draw)  # the public verification file, built next
    return _("Tirage gelé. Empreinte publiée : %(fp)s", fp=draw.fingerprint)


def current(draw):
    """(run, title) of the draw's job the manage page shows: the freeze while the draw is
    prepared, the draw itself once the randomness is entered (running, or failed with
    "Relancer"); (None, None) otherwise."""
    if draw.state == DrawState.PREPARED:
        run, title = latest(FREEZE, subject(draw)), _("Gel du tirage")
    else:
        run, title = latest(RUN, subject(draw)), _("Calcul du tirage")
        if run is not None and not run.active and draw.state != DrawState.RANDOMNESS:
            run = None
    return (run, title) if run is not None else (None, None)


def start_run(actor, territory, draw):
    """Check the draw may be drawn now, then queue the drawing once the request commits."""
    permissions.require_manage(actor, territory)
    draws.require_runnable(draw)
    return start(RUN, territory, actor, subject(draw), draw_id=draw.id)


@job(RUN, may_watch=permissions.may_manage, resumable=True)
def run_draw(run, progress, draw_id):
    """One operation: the panel and substitutes are stored, or nothing changed. The result
    depends only on the frozen commitment and the randomness, so a run stopped half-way runs
    again and gives the same panel."""
    progress(0, None, _("Calcul du panel et des remplaçants…"))
    draw = load(Draw, draw_id, run.territory)
    if draw.state != DrawState.DRAWN:  # drawn already: an earlier attempt committed
        actor = db.session.get(User, run.actor_id) if run.actor_id else None
        draws.run_draw(actor, run.territory, draw)
    prepare_bundle(draw)  # the public verification file now holds the result
    return _("Tirage effectué : le panel et les remplaçants sont publiés.")


def import_subject(pool):
    return f"pool:{pool.id}"


def check_subject(pending):
    return f"pool_import:{pending.id}"


def start_check(actor, territory, pending, mapping=None):
    """Queue the analysis of the uploaded ``pending`` file with ``mapping`` (guessed from the
    column names if None); its review page shows the progress, then the result."""
    permissions.require_manage(actor, territory)
    return start(CHECK, territory, actor, check_subject(pending), import_id=pending.id,
                 mapping=mapping)


@job(CHECK, may_watch=permissions.may_manage, resumable=True)
def check_import(run, progress, import_id, mapping):
    """Read and check every row (writes nothing but the run's result: counts, the first rows
    and errors with their line numbers). A file that cannot be read is a result too: the
    review page shows its French message, with the line."""
    pending = load(PoolImport, import_id, run.territory,
                   message=_("Cet import n'existe pas ou a déjà été traité."))
    progress(0, None, _("Lecture du fichier…"))

    def rows_checked(done, total):
        progress(done, total, _("%(done)s lignes vérifiées sur %(total)s…", done=done,
                                total=total))
    try:
        summary = pools.analyse_import(pending, mapping, progress=rows_checked).summary()
    except Invalid as exc:
        summary = importer.failed_summary(exc.message)
    run.result = summary
    if summary["fatal"]:
        return _("Le fichier ne peut pas être lu.")
    return _("Analyse terminée : %(n)s lignes lues.", n=summary["rows"])


def start_import(actor, territory, pool, pending, mapping):
    """Queue the confirmed import of ``pending`` with ``mapping`` (target -> column)."""
    permissions.require_manage(actor, territory)
    return start(IMPORT, territory, actor, import_subject(pool), import_id=pending.id,
                 mapping=mapping)


@job(IMPORT, may_watch=permissions.may_manage, resumable=True)
def confirm_import(run, progress, import_id, mapping):
    """All or nothing, in one transaction: a worker stopped half-way left nothing behind, so
    the job simply runs again from the start."""
    progress(0, 2, _("Vérification du fichier…"))
    pending = load(PoolImport, import_id, run.territory,
                   message=_("Cet import n'existe pas ou a déjà été traité."))
    actor = db.session.get(User, run.actor_id) if run.actor_id else None
    count = pools.confirm_import(actor, run.territory, pending, mapping, progress=progress)
    return ngettext("%(num)d personne importée dans le vivier.",
                    "%(num)d personnes importées dans le vivier.", count)


# --- the verification bundle: built once per version by a job, then served from its file ------

BUNDLE = "draw_bundle"


def _bundle_version(draw):
    """Changes whenever the bundle's content does: state, randomness, substitutions."""
    parts = [draw.fingerprint or "", draw.state.value, str(draw.randomness_at or ""),
             str(len(draw.substitutions))]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _bundle_folder():
    return Path(current_app.config["INSTANCE_DIR"]) / "exports" / "bundles"


def bundle_file(draw):
    """The stored bundle of the draw as it is now, or None while it is not built yet."""
    path = _bundle_folder() / f"draw-{draw.id}-{_bundle_version(draw)}.json"
    return path if path.is_file() else None


def prepare_bundle(draw):
    """Queue the building of the draw's current bundle unless it is being built already."""
    subject = f"bundle:{draw.id}"
    running = latest(BUNDLE, subject)
    if running is None or not running.active:
        start(BUNDLE, draw.territory, None, subject, draw_id=draw.id)


@job(BUNDLE, may_watch=permissions.may_manage, resumable=True)
def build_bundle(run, progress, draw_id):
    """Write the bundle to a file (atomically: a half-written file is never served), and
    remove the draw's older versions."""
    draw = load(Draw, draw_id, run.territory)
    path = _bundle_folder() / f"draw-{draw.id}-{_bundle_version(draw)}.json"
    data = json.dumps(bundles.bundle(draw), ensure_ascii=False, separators=(",", ":")).encode()
    store_built(path, data, f"draw-{draw.id}-*.json")
    run.result = {"file": path.name, "bytes": len(data)}
    return _("Fichier de vérification prêt.")
