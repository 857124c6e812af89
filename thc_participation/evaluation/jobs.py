"""Background work of the draws: freezing a draw computes its LEXIMIN lottery, CPU-heavy
work that never runs in a web process (it froze every page for 18-26 s when it did); a
confirmed CSV import checks and inserts every row (100,000 rows stalled everyone 8.9 s)."""

from flask_babel import gettext as _

from ..access import load
from ..errors import Conflict
from ..extensions import db
from ..jobs import job, start
from ..models import User
from . import permissions
from .models import Draw, PoolImport
from .services import draws, pools

FREEZE = "draw_freeze"
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
    return _("Tirage gelé. Empreinte publiée : %(fp)s", fp=draw.fingerprint)


def import_subject(pool):
    return f"pool:{pool.id}"


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
    return _("%(n)s personnes importées dans le vivier.", n=count)
