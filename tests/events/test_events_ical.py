"""The iCal writer and recurrence rules, read back by parsers other than the writer."""

from datetime import date, datetime, timedelta

import icalendar
import pytest
import vobject

from thc_participation.events import ical
from thc_participation.events.recurrence import RuleError, build_rule, expand, validate_rule
from thc_participation.timeutil import from_paris, to_paris

from .eventcal_parsers import (
    content_lines,
    icaljs_occurrences,
    icaljs_rows,
    rie_occurrences,
    utc,
    vobject_occurrences,
)

HOST = "participation.example.fr"
MODIFIED = datetime(2025, 12, 1, 9, 30)


def monthly_call():
    """The network's monthly private call: 2nd Tuesday, 18:00-20:00 Paris, two years,
    one occurrence cancelled (EXDATE) and one moved (RECURRENCE-ID override)."""
    start = from_paris(datetime(2026, 1, 13, 18, 0))
    rule = build_rule("monthly_weekday", start, until=date(2027, 12, 31))
    series = expand(start, start + timedelta(hours=2), rule)
    cancelled = series[3].original_start  # 14 April 2026
    moved = series[7]  # 11 August 2026 -> Thursday 20 August, 17:30
    new_start = from_paris(datetime(2026, 8, 20, 17, 30))
    override = ical.CalOverride(
        moved.original_start,
        new_start,
        new_start + timedelta(hours=2),
        location="Visioconférence",
        last_modified=MODIFIED,
    )
    return ical.CalEvent(
        id=42,
        summary="Visio mensuelle du réseau",
        start=start,
        end=start + timedelta(hours=2),
        last_modified=MODIFIED,
        sequence=3,
        rrule=rule,
        exdates=(cancelled,),
        overrides=(override,),
        url=f"https://{HOST}/evenements/42",
        description="Échanges entre élus et agents des territoires.",
        categories=("Visio privée",),
    )


def visit():
    """A two-day on-site visit, written as all-day dates with an exclusive end."""
    return ical.CalEvent(
        id=7,
        summary="Visite apprenante à Loos-en-Gohelle",
        start=from_paris(datetime(2026, 3, 26, 9, 0)),
        end=from_paris(datetime(2026, 3, 27, 17)),
        all_day=True,
        last_modified=MODIFIED,
        location="Mairie, 2 rue Jean Jaurès, Loos-en-Gohelle",
        geo=(50.4571, 2.7936),
        url=f"https://{HOST}/evenements/7",
    )


def cancelled_seminar():
    start = from_paris(datetime(2026, 10, 8, 9, 30))
    return ical.CalEvent(
        id=9,
        summary="Séminaire des pairs",
        start=start,
        end=start + timedelta(hours=7),
        last_modified=MODIFIED,
        sequence=2,
        status="cancelled",
        url=f"https://{HOST}/evenements/9",
        description="Annulé : grève des transports.",
    )


def network_feed(events=None):
    return ical.feed(
        events if events is not None else [visit(), cancelled_seminar(), monthly_call()],
        host=HOST,
        name="Réseau des Territoires Hautement Citoyens",
        description="Visites, séminaires et visios du réseau",
        refresh=timedelta(hours=2),
    )


WINDOW = (utc(2025, 12, 1), utc(2028, 1, 1))


def test_three_parsers_expand_the_same_occurrences_across_two_years_of_dst():
    text = network_feed()
    ours = icaljs_occurrences(text, *WINDOW)
    assert ours == rie_occurrences(text, *WINDOW)
    assert ours == vobject_occurrences(text, *WINDOW)

    calls = [o for o in ours if o[0] == f"event-42@{HOST}"]
    assert len(calls) == 23  # 24 second Tuesdays, one cancelled
    for _, start, _end in calls:
        local = to_paris(datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ"))
        if local.date() == date(2026, 8, 20):
            assert (local.hour, local.minute) == (17, 30)
            continue
        assert (local.hour, local.minute, local.weekday()) == (18, 0, 1)
        assert 8 <= local.day <= 14
    # Winter at 17:00 UTC, summer at 16:00 UTC: the wall clock never moves.
    assert ("event-42@" + HOST, "2026-01-13T17:00:00Z", "2026-01-13T19:00:00Z") in calls
    assert ("event-42@" + HOST, "2026-07-14T16:00:00Z", "2026-07-14T18:00:00Z") in calls
    assert not any(start.startswith("2026-04-14") for _, start, _ in calls)
    # The python expansion used by the pages and reminders agrees with all three.
    event = monthly_call()
    python = [
        o.start.strftime("%Y-%m-%dT%H:%M:%SZ")
        for o in expand(
            event.start, event.end, event.rrule, exdates=event.exdates, overrides=event.overrides
        )
    ]
    assert python == [start for _, start, _ in calls]


def test_all_day_visit_has_an_exclusive_end_everywhere():
    text = network_feed([visit()])
    assert "DTSTART;VALUE=DATE:20260326" in content_lines(text)
    assert "DTEND;VALUE=DATE:20260328" in content_lines(text)
    expected = [(f"event-7@{HOST}", "2026-03-26", "2026-03-28")]
    assert icaljs_occurrences(text, *WINDOW) == expected
    assert rie_occurrences(text, *WINDOW) == expected


def test_vobject_reads_every_property():
    calendar = vobject.readOne(network_feed())
    assert calendar.method.value == "PUBLISH"
    assert calendar.contents["x-wr-calname"][0].value == "Réseau des Territoires Hautement Citoyens"
    by_uid = {}
    for vevent in calendar.vevent_list:
        by_uid.setdefault(vevent.uid.value, []).append(vevent)
    master, override = by_uid[f"event-42@{HOST}"]
    assert master.sequence.value == "3"
    assert master.dtstamp.value == master.last_modified.value
    assert master.dtstamp.value.strftime("%Y%m%dT%H%M%S") == "20251201T093000"
    assert str(master.dtstart.value.tzinfo) in ("Europe/Paris", "<tzicalvtz 'Europe/Paris'>")
    assert f"https://{HOST}/evenements/42" in master.description.value
    assert override.location.value == "Visioconférence"
    (seminar,) = by_uid[f"event-9@{HOST}"]
    assert seminar.status.value == "CANCELLED"
    (trip,) = by_uid[f"event-7@{HOST}"]
    assert trip.geo.value == "50.4571;2.7936"


def test_refresh_interval_has_its_value_parameter_and_matches_the_ttl():
    lines = content_lines(network_feed())
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT2H" in lines
    assert "X-PUBLISHED-TTL:PT2H" in lines
    parsed = icalendar.Calendar.from_ical(network_feed())
    assert parsed["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    # icalendar adds no VALUE parameter by itself: ical.feed passes it.
    bare = icalendar.Calendar()
    bare.add("REFRESH-INTERVAL", icalendar.vDuration(timedelta(hours=2)))
    assert b"REFRESH-INTERVAL:PT2H" in bare.to_ical()
    for bad in (timedelta(0), timedelta(minutes=-5), timedelta(seconds=90)):
        with pytest.raises(ValueError):
            ical.feed([], host=HOST, name="n", description="d", refresh=bad)


def test_unchanged_data_gives_byte_identical_output_and_an_edit_changes_dtstamp():
    assert network_feed() == network_feed()
    edited = ical.CalEvent(**{**visit().__dict__, "last_modified": datetime(2026, 1, 5, 8, 0)})
    text = network_feed([edited])
    assert "DTSTAMP:20260105T080000Z" in text
    assert "LAST-MODIFIED:20260105T080000Z" in text
    assert f"UID:event-7@{HOST}" in text


def test_every_line_folds_at_75_octets_without_breaking_characters():
    long = ical.CalEvent(**{**visit().__dict__, "description": "Échange à l’Hôtel de ville, " * 20})
    text = network_feed([long])
    raw = text.encode("utf-8")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    parsed = icalendar.Calendar.from_ical(text)
    (vevent,) = parsed.walk("VEVENT")
    assert str(vevent["DESCRIPTION"]).startswith(("Échange à l’Hôtel de ville, " * 20).strip())


def test_vtimezone_is_rrule_style():
    text = network_feed()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in content_lines(text)
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in content_lines(text)
    assert "RDATE" not in text
    assert text.count("BEGIN:VTIMEZONE") == 1
    (timezone,) = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")
    rules = {
        part.name: (part["TZOFFSETTO"].to_ical(), dict(part["RRULE"]))
        for part in timezone.subcomponents
    }
    assert rules == {
        "DAYLIGHT": ("+0200", {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}),
        "STANDARD": ("+0100", {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}),
    }


def test_icalendar_alone_writes_an_rdate_style_vtimezone():
    """Why ``ical.paris_timezone`` builds the VTIMEZONE from components: icalendar's own
    one lists every change as an RDATE over a fixed span of years."""
    generated = icalendar.Timezone.from_tzid("Europe/Paris").to_ical().decode()
    assert "RDATE" in generated and "RRULE" not in generated


def test_icalendar_reads_the_output_back_and_writes_the_same_bytes():
    """Every line is icalendar's: re-serialising what it parsed changes nothing."""
    organizer = ical.Party("THC Participation", "ne-pas-repondre@participation.example.fr")
    attendee = ical.Party("Camille Durand", "camille.durand@example.org")
    for text in (
        network_feed(),
        ical.invitation(monthly_call(), host=HOST, organizer=organizer, attendee=attendee),
    ):
        assert icalendar.Calendar.from_ical(text).to_ical(sorted=False).decode() == text


def test_a_feed_written_event_by_event_equals_the_whole_calendar_written_at_once():
    """``ical._write`` serialises each VEVENT as soon as it is built (memory stays flat
    for big feeds): the bytes are those of one icalendar Calendar holding everything."""
    events = [visit(), cancelled_seminar(), monthly_call()]
    calendar = icalendar.Calendar.from_ical(network_feed([]))
    for event in events:
        for component in ical.event_components(event, HOST):
            calendar.add_component(component)
    assert network_feed(events) == calendar.to_ical(sorted=False).decode()


def test_feed_carries_no_attendee_organiser_or_email():
    text = network_feed()
    for forbidden in ("ATTENDEE", "ORGANIZER", "mailto:", "@example.org"):
        assert forbidden not in text


def test_invitation_request_and_cancel():
    organizer = ical.Party("THC Participation", "ne-pas-repondre@participation.example.fr")
    attendee = ical.Party("Camille Durand", "camille.durand@example.org")
    request = ical.invitation(monthly_call(), host=HOST, organizer=organizer, attendee=attendee)
    lines = content_lines(request)
    assert "METHOD:REQUEST" in lines
    assert f"UID:event-42@{HOST}" in lines
    assert (
        'ATTENDEE;CN="Camille Durand";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:'
        "mailto:camille.durand@example.org" in lines
    )
    assert "X-WR-CALNAME" not in request and "REFRESH-INTERVAL" not in request
    bumped = ical.CalEvent(**{**monthly_call().__dict__, "sequence": 4})
    cancel = ical.invitation(bumped, host=HOST, organizer=organizer, attendee=attendee, cancel=True)
    parsed = vobject.readOne(cancel)
    assert parsed.method.value == "CANCEL"
    assert {v.status.value for v in parsed.vevent_list} == {"CANCELLED"}
    assert {v.sequence.value for v in parsed.vevent_list} == {"4"}


def test_escaping_survives_a_round_trip():
    tricky = ical.CalEvent(**{**visit().__dict__, "summary": "Atelier ; vélo, bus\\tram\nsoir"})
    (vevent,) = icalendar.Calendar.from_ical(network_feed([tricky])).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Atelier ; vélo, bus\\tram\nsoir"


def test_a_typed_backslash_n_and_a_lone_carriage_return_survive():
    """Why TEXT values go through ``ical.Text``: icalendar's own escaping reads a typed
    backslash-N as a line break (and icalendar 6 leaves a lone CR raw in the line)."""
    assert icalendar.vText("C:\\Nantes").to_ical() == b"C:\\nantes"
    summary = "Dossier C:\\Nantes\rpartagé"
    tricky = ical.CalEvent(**{**visit().__dict__, "summary": summary, "location": "\\N"})
    text = network_feed([tricky])
    assert "SUMMARY:Dossier C:\\\\Nantes\\npartagé" in content_lines(text)
    assert "\r" not in text.replace("\r\n", "")
    # (icalendar's parser misreads an escaped backslash before N too: read with the others)
    parsed = vobject.readOne(text).vevent
    assert parsed.summary.value == "Dossier C:\\Nantes\npartagé"
    assert parsed.location.value == "\\N"
    assert [row["summary"] for row in icaljs_rows(text, *WINDOW)] == [parsed.summary.value]


def test_invitation_names_cannot_break_the_parameter():
    organizer = ical.Party("THC Participation", "ne-pas-repondre@participation.example.fr")
    attendee = ical.Party('Camille "Cam"\r\nDurand', "camille.durand@example.org")
    text = ical.invitation(visit(), host=HOST, organizer=organizer, attendee=attendee)
    (vevent,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert vevent["ATTENDEE"].params["CN"] == "Camille 'Cam'  Durand"
    assert str(vevent["ATTENDEE"]) == "mailto:camille.durand@example.org"


def test_all_day_series_excludes_its_cancelled_day_everywhere():
    """EXDATE of an all-day series carries VALUE=DATE (icalendar 6 would not add it)."""
    start = from_paris(datetime(2026, 1, 5, 0, 0))
    rule = build_rule("weekly", start, count=4, all_day=True)
    series = expand(start, start + timedelta(hours=23), rule)
    event = ical.CalEvent(**{**visit().__dict__, "start": start, "end": start, "rrule": rule,
                             "exdates": (series[1].original_start,)})
    text = network_feed([event])
    assert "EXDATE;VALUE=DATE:20260112" in content_lines(text)
    expected = [(f"event-7@{HOST}", day, end) for day, end in (
        ("2026-01-05", "2026-01-06"), ("2026-01-19", "2026-01-20"), ("2026-01-26", "2026-01-27"))]
    assert icaljs_occurrences(text, *WINDOW) == expected
    assert rie_occurrences(text, *WINDOW) == expected
    assert vobject_occurrences(text, *WINDOW) == expected


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("", "syntax"),
        ("FREQ=MONTHLY;BYDAY=2TU", "end"),
        ("FREQ=SECONDLY;COUNT=3", "frequency"),
        ("FREQ=MONTHLY;COUNT=0", "count"),
        ("FREQ=DAILY;COUNT=100000", "count"),
        ("FREQ=MONTHLY;BYDAY=9ZZ;COUNT=3", "syntax"),
        ("FREQ=MONTHLY;BYDAY=3WE;COUNT=3", "start"),
        ("FREQ=MONTHLY;BYDAY=2TU;COUNT=3;X-EVIL=1", "syntax"),
        ("FREQ=MONTHLY;BYDAY=2TU;COUNT=3\r\nATTENDEE:mailto:x@y", "syntax"),
        ("FREQ=YEARLY;UNTIL=20990101T000000Z", "span"),
        ("FREQ=DAILY;UNTIL=99991231T000000Z", "count"),
    ],
)
def test_invalid_rules_are_refused(rule, code):
    start = from_paris(datetime(2026, 1, 13, 18, 0))
    with pytest.raises(RuleError) as info:
        validate_rule(rule, start)
    assert info.value.code == code


def test_build_rule_choices():
    start = from_paris(datetime(2026, 1, 27, 18, 0))  # the last Tuesday of January
    assert build_rule("monthly_weekday", start, count=6) == "FREQ=MONTHLY;BYDAY=-1TU;COUNT=6"
    assert (
        build_rule("weekly", start, interval=2, count=3)
        == "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2;COUNT=3"
    )
    assert build_rule("monthly_day", start, until=date(2026, 6, 30)) == (
        "FREQ=MONTHLY;BYMONTHDAY=27;UNTIL=20260630T215959Z"
    )
    all_day = from_paris(datetime(2026, 1, 27, 0, 0))
    assert build_rule("yearly", all_day, until=date(2028, 1, 27), all_day=True) == (
        "FREQ=YEARLY;UNTIL=20280127"
    )
    for bad in (
        {"interval": 0, "count": 2},
        {"count": None},
        {"count": 2, "until": date(2027, 1, 1)},
    ):
        with pytest.raises(RuleError):
            build_rule("weekly", start, **bad)
