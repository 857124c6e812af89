"""Open data and the participation report: every contribution as CSV (French Excel) and
JSON under the Licence Ouverte, and the printable report with its charts."""

from flask import Response, render_template, stream_with_context
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import jobs
from ...csvio import csv_response, stream_csv
from ...labels import label_of
from ...models import AgeBand, Gender
from ...transaction import after_commit
from .. import charts
from ..services import opendata, report
from .common import context, load_consultation

LICENCE_LINK = f'<{opendata.LICENCE_URL}>; rel="license"'


# The exports are streamed as they are read (a million contributions never sit in memory):
# what they need of the consultation is read first (``opendata.source``), the rows then come
# from the database session while they are sent (``stream_with_context``).


def export_csv(slug, consultation_id):
    territory, consultation = load_consultation(slug, consultation_id)
    export = opendata.source(territory, consultation)
    chunks = stream_csv(opendata.csv_rows(export), opendata.EXPORT_FIELDS)
    response = csv_response(stream_with_context(chunks),
                            f"consultation-{consultation.id}-contributions.csv")
    response.headers["Link"] = LICENCE_LINK
    return response


def _encoded(chunks, size=64 * 1024):
    """Text pieces as UTF-8 bytes, gathered into blocks of about ``size`` bytes."""
    block = []
    length = 0
    for chunk in chunks:
        data = chunk.encode("utf-8")
        block.append(data)
        length += len(data)
        if length >= size:
            yield b"".join(block)
            block, length = [], 0
    yield b"".join(block)


def export_json(slug, consultation_id):
    territory, consultation = load_consultation(slug, consultation_id)
    chunks = _encoded(opendata.json_chunks(opendata.source(territory, consultation)))
    return Response(stream_with_context(chunks), mimetype="application/json",
                    headers={"Link": LICENCE_LINK})


PROFILES = (
    ("age_bands", AgeBand, _l("Participants par tranche d'âge (déclarée)")),
    ("genders", Gender, _l("Participants par genre (déclaré)")),
    ("neighbourhoods", None, _l("Participants par quartier (déclaré)")),
)


def participation_report(slug, consultation_id):
    """The report as the background job last computed it (never computed here): a stale or
    missing one asks the job for fresh figures once this request commits."""
    territory, consultation = load_consultation(slug, consultation_id)
    stored, ask = report.stored_report(consultation)
    if ask:
        after_commit(jobs.tasks()["refresh_reports"])
    if stored is None:
        return render_template("consultation/report.html",
                               **context(territory, consultation, data=None))
    data = dict(stored.data, top_proposals=report.top_proposals(stored.data))
    per_day = [(d.strftime("%d/%m"), n) for d, n in report.days(data)]
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
        **context(territory, consultation, data=data, figures=figures, profiles=profiles,
                  computed_at=stored.computed_at),
    )
