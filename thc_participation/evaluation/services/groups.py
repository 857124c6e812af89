"""Which evaluation group a territory has: the guide's rule that a final group is drawn three
months before the end (J+21) only when no continuous group was drawn."""

from flask_babel import format_date
from flask_babel import gettext as _

from ...dashboard.timeline import add_months
from ...errors import Conflict, Invalid
from ...extensions import db
from ...timeutil import to_paris, utcnow
from ..models import Draw, DrawPurpose, DrawState

FINAL_GROUP_MONTH = 21  # three months before the end of the two years


def continuous_group_drawn(territory):
    """True when a continuous evaluation group of the territory has been drawn."""
    return db.session.scalar(
        db.select(Draw.id).where(Draw.territory_id == territory.id,
                                 Draw.purpose == DrawPurpose.CONTINUOUS,
                                 Draw.state == DrawState.DRAWN).limit(1)
    ) is not None


def final_group_from(territory):
    """The first day a final group may be drawn (J+21), or None without a start date."""
    start = territory.programme_start
    return add_months(start, FINAL_GROUP_MONTH) if start else None


def require_final_group_allowed(territory, today=None):
    """A final group only without a continuous one, and not before J+21."""
    if continuous_group_drawn(territory):
        raise Conflict(_("Ce territoire a un groupe d'évaluation continue : il n'y a pas de "
                         "groupe d'évaluation finale à tirer."), code="continuous",
                       field="purpose")
    first = final_group_from(territory)
    today = today or to_paris(utcnow()).date()
    if first is not None and today < first:
        raise Invalid(_("Le groupe d'évaluation finale se tire trois mois avant la fin du "
                        "programme, à partir du %(date)s.", date=format_date(first, "d MMMM y")),
                      code="too_early", field="purpose")
