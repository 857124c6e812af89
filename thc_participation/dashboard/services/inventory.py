"""The diagnostic inventory: for each step of the governance cycle, the territory's devices of
participation, means of informing the public and internal tools."""

from flask_babel import gettext as _

from ... import audit
from ...extensions import db
from ...text import clean_text
from .. import permissions
from ..models import CycleStep, InventoryCategory, InventoryItem
from .common import optional_text, remove


def add_inventory_item(user, territory, step, category, name, description=None):
    permissions.require_manage(user, territory)
    item = InventoryItem(
        territory_id=territory.id, step=CycleStep.parse(step, "step"),
        category=InventoryCategory.parse(category, "category"),
        name=clean_text(name, 160, _("Le nom"), field="name"),
        description=optional_text(description, 2000, _("La description"), "description"),
    )
    db.session.add(item)
    db.session.flush()
    audit.record(user, "inventory.add", territory, item)
    return item


def remove_inventory_item(user, territory, item):
    remove(user, territory, item, "inventory.remove")
