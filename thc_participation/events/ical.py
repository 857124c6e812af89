"""Our calendars as iCalendar, written by the ``icalendar`` library from plain data objects.

Every VCALENDAR, VEVENT and VTIMEZONE is an icalendar component, serialised by icalendar
(content lines, parameters, CRLF, folding at 75 octets). What we add, each shown by a test
in ``tests/events/test_events_ical.py``:

- the Europe/Paris VTIMEZONE is built from icalendar's ``Timezone`` components with yearly
  RRULEs, since ``Timezone.from_tzid`` writes one RDATE per change over a fixed span of years;
- ``REFRESH-INTERVAL`` and all-day ``EXDATE`` get their ``VALUE`` parameter explicitly;
- TEXT values are escaped by ``Text``, because icalendar turns a typed backslash-N into a
  line break (and, before 7.0, leaves a lone CR unescaped, breaking the CRLF lines);
- output is byte-identical for unchanged data: DTSTAMP is the last modification (never
  "now"), UIDs are ours (``event_uid``), and components are written in the order we add
  them (``to_ical(sorted=False)``);
- a feed is written one event at a time (``_write``) so that thousands of events never sit
  in memory as component objects at once.

Nothing here touches the database or Flask: callers turn their models into ``CalEvent``
objects (``feeds.py``) and this module turns those into text.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import icalendar

from ..timeutil import to_paris

TZID = "Europe/Paris"
PRODID = "-//THC Participation//Calendrier//FR"
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
    # A cancelled session: shown as cancelled (STATUS:CANCELLED) with its own summary and
    # note (the reason) instead of disappearing (an EXDATE).
    cancelled: bool = False
    summary: str = ""
    note: str = ""


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


class Text(icalendar.vText):
    """A TEXT value escaped as RFC 5545 (3.3.11) says, any line ending written ``\\n``."""

    def to_ical(self):
        escaped = self.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        for newline in ("\r\n", "\r", "\n"):
            escaped = escaped.replace(newline, "\\n")
        return escaped.encode("utf-8")


def event_uid(event_id, host):
    """The event's UID, the same in every feed, file and e-mail: ``event-<id>@<host>``."""
    return f"event-{event_id}@{host}"


def paris_timezone():
    """Europe/Paris as an RRULE-style VTIMEZONE, valid since the EU rules of 1996 (last
    Sunday of March / October), which every calendar app reads the same way."""
    timezone = icalendar.Timezone()
    timezone.add("TZID", TZID)
    timezone.add("X-LIC-LOCATION", TZID)
    for kind, before, after, name, start in (
        (icalendar.TimezoneDaylight, 1, 2, "CEST", datetime(1970, 3, 29, 2)),
        (icalendar.TimezoneStandard, 2, 1, "CET", datetime(1970, 10, 25, 3)),
    ):
        part = kind()
        part.add("TZOFFSETFROM", timedelta(hours=before))
        part.add("TZOFFSETTO", timedelta(hours=after))
        part.add("TZNAME", name)
        part.add("DTSTART", start)
        part.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": start.month, "BYDAY": "-1SU"})
        timezone.add_component(part)
    return timezone


# --- events --------------------------------------------------------------------------------


def _add_time(component, name, dt, all_day):
    if all_day:
        component.add(name, to_paris(dt).date(), parameters={"VALUE": "DATE"})
    else:
        component.add(name, to_paris(dt))


def _add_span(component, start, end, all_day):
    _add_time(component, "DTSTART", start, all_day)
    if all_day:  # the end of an all-day event is the day after its last day
        last_day = max(to_paris(end).date(), to_paris(start).date())
        component.add("DTEND", last_day + timedelta(days=1), parameters={"VALUE": "DATE"})
    else:
        _add_time(component, "DTEND", end, all_day)


def _vevent(event, host, modified):
    vevent = icalendar.Event()
    vevent.add("UID", event_uid(event.id, host))
    vevent.add("DTSTAMP", modified)
    if event.created is not None:
        vevent.add("CREATED", event.created)
    vevent.add("LAST-MODIFIED", modified)
    vevent.add("SEQUENCE", event.sequence)
    return vevent


def _describe(vevent, event, status, location):
    vevent.add("SUMMARY", Text(event.summary))
    description = event.description.strip()
    if event.url:
        description = f"{description}\n\n{event.url}" if description else event.url
    if description:
        vevent.add("DESCRIPTION", Text(description))
    if location:
        vevent.add("LOCATION", Text(location))
    if event.geo is not None and location == event.location:
        vevent.add("GEO", (round(event.geo[0], 6), round(event.geo[1], 6)))
    if event.categories:
        vevent.add("CATEGORIES", list(event.categories))
    if event.url:
        vevent.add("URL", icalendar.vUri(event.url))
    vevent.add("STATUS", STATUS[status])


def _address(party, **params):
    """A mailto: address with its CN (a parameter cannot hold quotes or line breaks)."""
    name = party.name.replace('"', "'").replace("\r", " ").replace("\n", " ")
    address = icalendar.vCalAddress(f"mailto:{party.email}")
    address.params.update({"CN": name} if name.strip() else {}, **params)
    return address


def _add_parties(vevent, parties):
    if parties is None:
        return
    organizer, attendee = parties
    vevent.add("ORGANIZER", _address(organizer))
    vevent.add("ATTENDEE", _address(attendee, ROLE="REQ-PARTICIPANT", PARTSTAT="ACCEPTED",
                                    RSVP="FALSE"))


def event_components(event, host, status=None, parties=None):
    """The VEVENTs of one event: the master, then its moved occurrences in date order."""
    status = status or event.status
    master = _vevent(event, host, event.last_modified)
    _add_span(master, event.start, event.end, event.all_day)
    if event.rrule:
        master.add("RRULE", icalendar.vRecur.from_ical(event.rrule))
        for exdate in sorted(event.exdates):
            _add_time(master, "EXDATE", exdate, event.all_day)
    _describe(master, event, status, event.location)
    _add_parties(master, parties)
    yield master
    if not event.rrule:
        return
    for override in sorted(event.overrides, key=lambda o: o.recurrence_id):
        modified = max(override.last_modified or event.last_modified, event.last_modified)
        moved = _vevent(event, host, modified)
        _add_time(moved, "RECURRENCE-ID", override.recurrence_id, event.all_day)
        if override.cancelled:
            start = override.recurrence_id
            _add_span(moved, start, start + (event.end - event.start), event.all_day)
            described = replace(event, summary=override.summary or event.summary,
                                description="\n\n".join(p for p in (override.note,
                                                                      event.description) if p))
            _describe(moved, described, "cancelled", event.location)
        else:
            _add_span(moved, override.start, override.end, event.all_day)
            _describe(moved, event, status, override.location or event.location)
        _add_parties(moved, parties)
        yield moved


# --- calendars -----------------------------------------------------------------------------


def _calendar(method):
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    return calendar


def _write(calendar, components):
    """``calendar`` (its properties and VTIMEZONE) with ``components`` added, as text.

    Each VEVENT is serialised by icalendar as soon as it is built and then dropped, the
    calendar's own serialisation around them: the same bytes as adding them all to
    ``calendar`` first, without keeping every event's objects alive until the end.
    """
    calendar.add_component(paris_timezone())
    frame = calendar.to_ical(sorted=False).decode("utf-8")
    end = "END:VCALENDAR\r\n"
    parts = [frame.removesuffix(end)]
    parts.extend(component.to_ical(sorted=False).decode("utf-8") for component in components)
    parts.append(end)
    return "".join(parts)


def feed(events, *, host, name, description, refresh=timedelta(hours=1)):
    """A subscribable calendar (METHOD:PUBLISH) with French name and description.

    ``events`` are written in the order given: pass them sorted for stable output.
    """
    if refresh < timedelta(minutes=1) or refresh % timedelta(minutes=1):
        raise ValueError("refresh interval must be a positive whole number of minutes")
    calendar = _calendar("PUBLISH")
    calendar.add("X-WR-CALNAME", Text(name))
    calendar.add("X-WR-CALDESC", Text(description))
    calendar.add("X-WR-TIMEZONE", TZID)
    calendar.add("REFRESH-INTERVAL", icalendar.vDuration(refresh),
                 parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(refresh))
    return _write(calendar, (vevent for event in events
                             for vevent in event_components(event, host)))


def invitation(event, *, host, organizer, attendee, cancel=False):
    """The e-mailed form of one event: METHOD:REQUEST, or METHOD:CANCEL when ``cancel``.

    ``organizer`` is the platform's sending address (never a person's), ``attendee`` the
    recipient alone, so that mail clients offer "add to calendar" and no one else's address
    is disclosed.
    """
    calendar = _calendar("CANCEL" if cancel else "REQUEST")
    return _write(calendar, event_components(
        event, host, status="cancelled" if cancel else None, parties=(organizer, attendee)))
