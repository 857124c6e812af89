"""The evaluation blueprint and what every view of the module uses: loading what a URL names
(scoped to the territory)."""

from flask import Blueprint
from flask_babel import gettext as _

from ...access import load
from ...errors import NotFound
from .. import permissions
from ..models import Draw, Pool

bp = Blueprint("evaluation", __name__)


def _pool(territory, pool_id):
    return load(Pool, pool_id, territory, _("Ce vivier n'existe pas."))


def _draw(territory, draw_id):
    return load(Draw, draw_id, territory, _("Ce tirage n'existe pas."))


def _public_draw(territory, draw_id):
    draw = _draw(territory, draw_id)
    permissions.require_public(draw)
    return draw


def _part_of(parent, link, model, ident, territory, message):
    """The ``model`` row ``ident`` of ``territory`` whose ``link`` column is ``parent``."""
    obj = load(model, ident, territory, message)
    if getattr(obj, link) != parent.id:
        raise NotFound(message)
    return obj
