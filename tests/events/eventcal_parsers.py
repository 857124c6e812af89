"""Read our calendars back with parsers other than the writer: vobject, recurring-ical-events
and Mozilla's ical.js run under Node from node_modules (installed from the lock file)."""

import json
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import recurring_ical_events
import vobject

HERE = Path(__file__).resolve().parent


def unfold(text):
    return text.replace("\r\n ", "")


def content_lines(text):
    return unfold(text).split("\r\n")


def _utc_iso(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def icaljs_occurrences(text, start, end):
    """[(uid, start, end)] from ical.js, times as UTC ISO strings, dates as YYYY-MM-DD."""
    return [
        (r["uid"], r["start"].replace(".000Z", "Z"), r["end"].replace(".000Z", "Z"))
        for r in icaljs_rows(text, start, end)
    ]


def icaljs_rows(text, start, end):
    """ical.js's occurrences as dicts: uid, summary, status, start, end, allDay, recurrenceId."""
    with tempfile.NamedTemporaryFile("w", suffix=".ics", newline="", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        out = subprocess.run(
            [
                "node",
                str(HERE / "icaljs_expand.mjs"),
                f.name,
                start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    return json.loads(out)


def rie_occurrences(text, start, end):
    """The same from recurring-ical-events (on top of icalendar's parser)."""
    calendar = icalendar.Calendar.from_ical(text)
    rows = [
        (str(e["UID"]), _utc_iso(e["DTSTART"].dt), _utc_iso(e["DTEND"].dt))
        for e in recurring_ical_events.of(calendar).between(start, end)
    ]
    return sorted(rows, key=lambda r: r[1])


def vobject_occurrences(text, start, end):
    """The same from vobject: each master's rruleset, moved occurrences applied by hand."""
    calendar = vobject.readOne(text)
    masters, moved = {}, {}
    for vevent in calendar.vevent_list:
        if hasattr(vevent, "recurrence_id"):
            moved.setdefault(vevent.uid.value, {})[vevent.recurrence_id.value] = vevent
        else:
            masters[vevent.uid.value] = vevent
    rows = []
    for uid, master in masters.items():
        duration = master.dtend.value - master.dtstart.value
        starts = (
            master.getrruleset(addRDate=True)
            if hasattr(master, "rrule")
            else [master.dtstart.value]
        )
        all_day = not isinstance(master.dtstart.value, datetime)
        for original in starts:
            if all_day and isinstance(original, datetime):
                original = original.date()  # vobject expands all-day rules as midnights
            item = moved.get(uid, {}).get(original)
            s, e = (
                (item.dtstart.value, item.dtend.value) if item else (original, original + duration)
            )
            if _overlaps(s, e, start, end):
                rows.append((uid, _utc_iso(s), _utc_iso(e)))
    return sorted(rows, key=lambda r: r[1])


def _overlaps(s, e, start, end):
    if not isinstance(s, datetime):
        return e > start.date() and s < end.date()
    return e > start and s < end


def utc(*args):
    return datetime(*args, tzinfo=UTC)
