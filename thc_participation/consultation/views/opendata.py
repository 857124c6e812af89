"""Open data and the participation report: every contribution as CSV (French Excel) and
JSON under the Licence Ouverte, and the printable report with its charts."""

import json

from flask import Response, render_template
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...csvio import csv_response, write_csv
from ...labels import label_of
from ...models import AgeBand, Gender
from .. import charts
from ..services import opendata, report
from .common import context, load_consultation

LICENCE_LINK = f'<{opendata.LICENCE_URL}>; rel="license"'


def export_csv(slug, consultation_id):
    _territory, consultation = load_consultation(slug, consultation_id)
    rows = opendata.contributions(consultation)
    data = write_csv(([row[f] for f in opendata.EXPORT_FIELDS] for row in rows),
                     opendata.EXPORT_FIELDS)
    response = csv_response(data, f"consultation-{consultation.id}-contributions.csv")
    response.headers["Link"] = LICENCE_LINK
    return response


def export_json(slug, consultation_id):
    territory, consultation = load_consultation(slug, consultation_id)
    body = opendata.as_json(territory, consultation)
    return Response(json.dumps(body, ensure_ascii=False, indent=1),
                    mimetype="application/json", headers={"Link": LICENCE_LINK})


PROFILES = (
    ("age_bands", AgeBand, _l("Participants par tranche d'âge (déclarée)")),
    ("genders", Gender, _l("Participants par genre (déclaré)")),
    ("neighbourhoods", None, _l("Participants par quartier (déclaré)")),
)


def participation_report(slug, consultation_id):
    territory, consultation = load_consultation(slug, consultation_id)
    data = report.participation_report(consultation)
    per_day = [(d.strftime("%d/%m"), n) for d, n in data["per_day"]]
    figures = {
        "per_phase": charts.horizontal_bars(
            "chart-phases", _("Contributions par phase"),
            [(name, c + p) for name, c, p in data["per_phase"]]),
        "per_day": charts.columns("chart-days", _("Contributions par jour"), per_day,
                                  label_every=max(1, len(per_day) // 15)),
    }
    profiles = {}
    for key, enum_cls, title in PROFILES:
        profiles[key] = charts.shares(
            [(label_of(enum_cls, k, k) if enum_cls else k, n) for k, n in data[key]])
        figures[key] = charts.horizontal_bars(
            f"chart-{key}", str(title), [(label, pct) for label, _n, pct in profiles[key]],
            unit=" %", fmt=format_decimal)
    return render_template(
        "consultation/report.html",
        **context(territory, consultation, data=data, figures=figures, profiles=profiles),
    )
