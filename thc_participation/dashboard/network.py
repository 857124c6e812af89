"""The network overview: every territory of the programme with its phase and progress."""

from flask import url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import Territory
from . import charts
from . import timeline as tl
from .services import common, progress


class Row:
    def __init__(self, territory, timeline):
        self.territory = territory
        self.timeline = timeline
        self.chart = charts.timeline_chart(timeline) if timeline else None

    @property
    def phase_label(self):
        if self.timeline is None:
            return _("Date de lancement à venir")
        if self.timeline.current == tl.FINISHED:
            return _("Programme terminé")
        phase = self.timeline.current_phase
        return _("Phase %(n)d : %(label)s", n=phase.number, label=phase.label)


def overview():
    territories = db.session.scalars(
        db.select(Territory).where(Territory.follows_programme.is_(True)).order_by(Territory.name)
    ).all()
    today = common.today_paris()
    dates = progress.deliverable_dates_of(territories)
    plans = progress.plans_of(territories)
    return [Row(t, progress.timeline_of(t, today, dates[t.id], plans[t.id])) for t in territories]


def geojson(rows):
    """Territories with known coordinates as GeoJSON points (for the network map)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": row.territory.id,
                "geometry": {"type": "Point",
                             "coordinates": [row.territory.longitude, row.territory.latitude]},
                "properties": {
                    "name": row.territory.name,
                    "kind_label": row.phase_label,
                    "description": _("%(p)d %% des livrables réalisés",
                                     p=row.timeline.progress) if row.timeline else "",
                    "link": url_for("dashboard.territory_home", slug=row.territory.slug),
                    "link_label": _("Tableau de bord"),
                },
            }
            for row in rows
            if row.territory.latitude is not None and row.territory.longitude is not None
        ],
    }
