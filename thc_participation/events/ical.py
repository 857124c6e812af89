"""An RFC 5545 writer for our calendars, built on plain data objects.

We write the text ourselves instead of going through ``icalendar`` because three details
matter to calendar apps and are awkward to get from it: the Europe/Paris VTIMEZONE must be
RRULE-style (the block icalendar generates is misread by Mozilla's ical.js in some summers),
``REFRESH-INTERVAL`` needs its ``VALUE=DURATION`` parameter, and the output must be
byte-identical for unchanged data (so DTSTAMP comes from the last modification, never from
"now", and everything is written in a fixed order).

Nothing here touches the database or Flask: callers turn their models into ``CalEvent``
objects (``feeds.py``) and this module turns those into text.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..timeutil import to_paris

TZID = "Europe/Paris"
PRODID = "-//THC Participation//Calendrier//FR"

# Valid for Europe/Paris since the EU rules of 1996 (last Sunday of March / October).
PARIS_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "X-LIC-LOCATION:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class CalOverride:
    """One moved occurrence of a recurring event (a RECURRENCE-ID override).

    ``recurrence_id`` is the occurrence's original start; times are naive UTC.
    """

    recurrence_id: datetime
    start: datetime
    end: datetime
    location: str = ""
    last_modified: datetime | None = None


@dataclass(frozen=True)
class CalEvent:
    """What a calendar app needs to know about one event; times are naive UTC.

    For an all-day event only the Europe/Paris dates of ``start`` and ``end`` count, and
    ``end`` falls within the last day (the writer makes the end exclusive).
    """

    id: int
    summary: str
    start: datetime
    end: datetime
    last_modified: datetime
    sequence: int = 0
    created: datetime | None = None
    all_day: bool = False
    description: str = ""
    url: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    status: str = "scheduled"
    categories: tuple[str, ...] = ()
    rrule: str = ""
    exdates: tuple[datetime, ...] = ()
    overrides: tuple[CalOverride, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Party:
    """Organiser or attendee of an e-mailed invitation (METHOD:REQUEST / CANCEL)."""

    name: str
    email: str


# --- value formatting ----------------------------------------------------------------------


def escape_text(value):
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _utc(dt):
    return dt.strftime("%Y%m%dT%H%M%SZ")


def _local(dt):
    return to_paris(dt).strftime("%Y%m%dT%H%M%S")


def _paris_date(dt):
    return to_paris(dt).date()


def _date(d):
    return d.strftime("%Y%m%d")


def _param_text(value):
    """A parameter value (such as CN): quoted, without the characters it cannot hold."""
    return '"' + value.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def _duration(delta):
    seconds = int(delta.total_seconds())
    if seconds <= 0 or seconds % 60:
        raise ValueError("refresh interval must be a positive whole number of minutes")
    hours, minutes = divmod(seconds // 60, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")


def fold(line):
    """Fold one content line at 75 octets without cutting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # do not split inside a multi-byte character
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with one space
    return "\r\n ".join(parts)


# --- components ----------------------------------------------------------------------------


def _when(prop, dt, all_day):
    if all_day:
        return f"{prop};VALUE=DATE:{_date(_paris_date(dt))}"
    return f"{prop};TZID={TZID}:{_local(dt)}"


def _end_line(start, end, all_day):
    if all_day:
        last_day = max(_paris_date(end), _paris_date(start))
        return f"DTEND;VALUE=DATE:{_date(last_day + timedelta(days=1))}"
    return f"DTEND;TZID={TZID}:{_local(end)}"


def _common(lines, event, host, last_modified):
    stamp = _utc(last_modified)
    lines.append(f"UID:{event_uid(event.id, host)}")
    lines.append(f"DTSTAMP:{stamp}")
    if event.created is not None:
        lines.append(f"CREATED:{_utc(event.created)}")
    lines.append(f"LAST-MODIFIED:{stamp}")
    lines.append(f"SEQUENCE:{event.sequence}")


def _describe(lines, event, status, location):
    lines.append("SUMMARY:" + escape_text(event.summary))
    description = event.description.strip()
    if event.url:
        description = f"{description}\n\n{event.url}" if description else event.url
    if description:
        lines.append("DESCRIPTION:" + escape_text(description))
    if location:
        lines.append("LOCATION:" + escape_text(location))
    if event.geo is not None and location == event.location:
        lines.append(f"GEO:{event.geo[0]:.6f};{event.geo[1]:.6f}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    if event.url:
        lines.append("URL:" + event.url)
    lines.append("STATUS:" + STATUS[status])


def _vevent(lines, event, host, status, parties):
    lines.append("BEGIN:VEVENT")
    _common(lines, event, host, event.last_modified)
    lines.append(_when("DTSTART", event.start, event.all_day))
    lines.append(_end_line(event.start, event.end, event.all_day))
    if event.rrule:
        lines.append("RRULE:" + event.rrule)
        for exdate in sorted(event.exdates):
            lines.append(_when("EXDATE", exdate, event.all_day))
    _describe(lines, event, status, event.location)
    _parties(lines, parties)
    lines.append("END:VEVENT")
    if not event.rrule:
        return
    for override in sorted(event.overrides, key=lambda o: o.recurrence_id):
        lines.append("BEGIN:VEVENT")
        modified = max(override.last_modified or event.last_modified, event.last_modified)
        _common(lines, event, host, modified)
        lines.append(_when("RECURRENCE-ID", override.recurrence_id, event.all_day))
        lines.append(_when("DTSTART", override.start, event.all_day))
        lines.append(_end_line(override.start, override.end, event.all_day))
        _describe(lines, event, status, override.location or event.location)
        _parties(lines, parties)
        lines.append("END:VEVENT")


def _parties(lines, parties):
    if parties is None:
        return
    organizer, attendee = parties
    lines.append(f"ORGANIZER;CN={_param_text(organizer.name)}:mailto:{organizer.email}")
    lines.append(
        f"ATTENDEE;CN={_param_text(attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
        f"RSVP=FALSE:mailto:{attendee.email}"
    )


def event_uid(event_id, host):
    """The event's UID, the same in every feed, file and e-mail: ``event-<id>@<host>``."""
    return f"event-{event_id}@{host}"


def _calendar(events, host, header, parties=None, force_status=None):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + PRODID,
        "CALSCALE:GREGORIAN",
        *header,
        *PARIS_VTIMEZONE,
    ]
    for event in events:
        _vevent(lines, event, host, force_status or event.status, parties)
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def feed(events, *, host, name, description, refresh=timedelta(hours=1)):
    """A subscribable calendar (METHOD:PUBLISH) with French name and description.

    ``events`` are written in the order given: pass them sorted for stable output.
    """
    ttl = _duration(refresh)
    header = (
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(name),
        "X-WR-CALDESC:" + escape_text(description),
        "X-WR-TIMEZONE:" + TZID,
        f"REFRESH-INTERVAL;VALUE=DURATION:{ttl}",
        f"X-PUBLISHED-TTL:{ttl}",
    )
    return _calendar(events, host, header)


def invitation(event, *, host, organizer, attendee, cancel=False):
    """The e-mailed form of one event: METHOD:REQUEST, or METHOD:CANCEL when ``cancel``.

    ``organizer`` is the platform's sending address (never a person's), ``attendee`` the
    recipient alone, so that mail clients offer "add to calendar" and no one else's address
    is disclosed.
    """
    method = "CANCEL" if cancel else "REQUEST"
    return _calendar(
        [event],
        host,
        (f"METHOD:{method}",),
        parties=(organizer, attendee),
        force_status="cancelled" if cancel else None,
    )
