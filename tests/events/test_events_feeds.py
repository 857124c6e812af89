"""The iCal feeds through HTTP: content, caching, privacy, personal tokens, other parsers."""

import time
from datetime import UTC, datetime, timedelta

import vobject

from thc_participation.events import feeds
from thc_participation.events.services import events, queries, registration, tokens
from thc_participation.events.services.validation import EventData
from thc_participation.models import Membership
from thc_participation.timeutil import to_paris

from .conftest import paris
from .eventcal_parsers import content_lines, icaljs_occurrences, icaljs_rows, rie_occurrences


def uid(event):
    return f"event-{event.id}@thc.test"


def test_network_feed_headers_etag_304_and_head(client, make_event, admin, monkeypatch):
    event = make_event(admin, kind="visio-publique", title="Visio publique THC", address="")
    # Half a second after the change (the clock set, not raced: a first feed can take longer
    # than a second to build on a busy machine), no Last-Modified: an HTTP date has whole
    # seconds.
    half_a_second_later = event.last_modified + timedelta(milliseconds=500)
    monkeypatch.setattr(feeds, "utcnow", lambda: half_a_second_later)
    fresh = client.get("/calendrier/reseau.ics")
    assert fresh.status_code == 200 and "Last-Modified" not in fresh.headers
    monkeypatch.undo()
    time.sleep(1.1)
    first = client.get("/calendrier/reseau.ics")
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert first.headers["Cache-Control"] == "public, max-age=3600"
    assert "X-Robots-Tag" not in first.headers
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["Last-Modified"]
    again = client.get("/calendrier/reseau.ics")
    assert again.data == first.data  # byte-identical for unchanged data
    assert again.headers["ETag"] == etag

    not_modified = client.get("/calendrier/reseau.ics", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    assert not_modified.headers["ETag"] == etag
    since = client.get("/calendrier/reseau.ics",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    head = client.head("/calendrier/reseau.ics")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == etag
    assert head.headers["Content-Type"] == "text/calendar; charset=utf-8"


def test_an_edit_changes_etag_sequence_and_last_modified_but_not_uid(client, make_event, admin, db):
    event = make_event(admin, kind="visio-publique", title="Visio publique THC", address="")
    before = client.get("/calendrier/reseau.ics")
    assert f"UID:{uid(event)}" in content_lines(before.get_data(as_text=True))
    assert "SEQUENCE:0" in content_lines(before.get_data(as_text=True))
    data = EventData.from_event(event)
    data.start, data.end = data.start + timedelta(hours=1), data.end + timedelta(hours=1)
    events.update_event(admin, event, data)
    db.session.commit()
    after = client.get("/calendrier/reseau.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    lines = content_lines(after.get_data(as_text=True))
    assert f"UID:{uid(event)}" in lines
    assert "SEQUENCE:1" in lines
    stamp = event.last_modified.strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTAMP:{stamp}" in lines and f"LAST-MODIFIED:{stamp}" in lines
    # A description edit changes the bytes (DTSTAMP) but not the SEQUENCE.
    data = EventData.from_event(event)
    data.description = "Ordre du jour : bilan de l'année."
    events.update_event(admin, event, data)
    db.session.commit()
    lines = content_lines(client.get("/calendrier/reseau.ics").get_data(as_text=True))
    assert "SEQUENCE:1" in lines


def test_private_events_never_in_public_feeds_and_no_secrets(client, make_event, admin, agent,
                                                            territory, monthly_call):
    make_event(agent, territory, title="Réunion publique sur les mobilités")
    make_event(agent, territory, title="Comité interne", visibility="invites")
    public = client.get("/calendrier/reseau.ics").get_data(as_text=True)
    local = client.get(f"/t/{territory.slug}/calendrier.ics").get_data(as_text=True)
    assert "Visio mensuelle" not in public and "Visio mensuelle" not in local
    assert "Comité interne" not in local
    assert "Réunion publique sur les mobilités" in local
    assert "X-WR-CALNAME:Agenda de Villeneuve-les-Tests" in content_lines(local)
    for text in (public, local):
        assert "visio.exemple.fr" not in text
        assert "ATTENDEE" not in text and "ORGANIZER" not in text and "mailto:" not in text
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in content_lines(text)
        assert "X-PUBLISHED-TTL:PT1H" in content_lines(text)
    # The private call's own file answers 404 to outsiders.
    assert client.get(f"/evenements/{monthly_call.id}.ics").status_code == 404
    assert client.get("/t/nulle-part/calendrier.ics").status_code == 404


def test_single_event_file_and_page_url(client, make_event, agent, territory):
    event = make_event(agent, territory, title="Réunion publique sur le budget")
    response = client.get(f"/evenements/{event.id}.ics")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f"UID:{uid(event)}" in content_lines(text)
    assert f"URL:http://thc.test/evenements/{event.id}" in content_lines(text)
    parsed = vobject.readOne(text)
    assert f"http://thc.test/evenements/{event.id}" in parsed.vevent.description.value
    assert parsed.vevent.location.value == "Salle des fêtes, 1 place de la Mairie"


def test_cancelled_event_stays_with_status_cancelled(client, make_event, admin, db):
    event = make_event(admin, kind="visio-publique", title="Visio publique THC", address="")
    events.cancel_event(admin, event, "Intervenante malade")
    db.session.commit()
    lines = content_lines(client.get("/calendrier/reseau.ics").get_data(as_text=True))
    assert "STATUS:CANCELLED" in lines
    assert "SEQUENCE:1" in lines
    assert any(line.startswith("SUMMARY:Annulé : Visio publique THC") for line in lines)


def test_multi_day_visit_is_all_day_with_exclusive_end(client, make_event, admin):
    make_event(admin, kind="autre", title="Journée portes ouvertes à Kingersheim", all_day=True,
               start=datetime(2030, 3, 26), end=datetime(2030, 3, 27))
    lines = content_lines(client.get("/calendrier/reseau.ics").get_data(as_text=True))
    assert "DTSTART;VALUE=DATE:20300326" in lines
    assert "DTEND;VALUE=DATE:20300328" in lines


def _personal_url(client, login, user):
    login(client, user)
    page = client.post("/calendrier/moi")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    start = text.index("http://thc.test/calendrier/moi/")
    return text[start:text.index('"', start)].replace("http://thc.test", "")


def test_personal_feed_recurring_call_reads_the_same_in_three_parsers(
        client, login, elu, admin, monthly_call, db):
    series = queries.occurrences_of(monthly_call)
    events.cancel_occurrence(admin, monthly_call,
                             to_paris(series[2].original_start).replace(tzinfo=None))
    moved = to_paris(series[5].original_start).replace(tzinfo=None)
    events.move_occurrence(admin, monthly_call, moved, moved + timedelta(days=2),
                           moved + timedelta(days=2, hours=2))
    db.session.commit()
    url = _personal_url(client, login, elu)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    text = response.get_data(as_text=True)
    assert "Visio mensuelle du réseau" in text
    assert "visio.exemple.fr" not in text
    window = (datetime.now(UTC) - timedelta(days=1), datetime.now(UTC) + timedelta(days=800))
    expanded = icaljs_occurrences(text, *window)
    assert expanded == rie_occurrences(text, *window)
    # The cancelled session stays in the series, marked cancelled (it was an EXDATE that made
    # it disappear): 24 occurrences in both parsers, one of them "Séance annulée".
    assert len(expanded) == 24
    summaries = [row["summary"] for row in icaljs_rows(text, *window)]
    assert summaries.count("Séance annulée : Visio mensuelle du réseau") == 1
    for _uid, start, _end in expanded:
        local = datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        local = local.astimezone(to_paris(monthly_call.start_at).tzinfo)
        assert (local.hour, local.minute) == (18, 0)  # winter and summer alike
    assert "STATUS:CANCELLED" in content_lines(text)
    assert any(line.startswith("RECURRENCE-ID;TZID=Europe/Paris:")
               for line in content_lines(text))


def test_personal_token_regenerate_tamper_and_leaving_the_network(
        client, login, elu, db, monthly_call, smtp, caplog):
    caplog.set_level("DEBUG")
    url = _personal_url(client, login, elu)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 256 bits in URL-safe base64
    stored = tokens.calendar_token_info(elu).token_hash
    assert token not in stored and len(stored) == 64
    assert client.get(url).status_code == 200
    assert client.get(url[:-5] + ("A" if url[-5] != "A" else "B") + ".ics").status_code == 404
    assert client.get("/calendrier/moi/x.ics").status_code == 404

    new_url = _personal_url(client, login, elu)
    assert new_url != url
    assert client.get(url).status_code == 404  # the old address stops at once
    registration.register(monthly_call, user=elu)  # even registered, it goes with membership
    db.session.commit()
    before = client.get(new_url)
    assert "Visio mensuelle du réseau" in before.get_data(as_text=True)
    for membership in list(elu.memberships):
        db.session.delete(membership)
    db.session.commit()
    after = client.get(new_url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Visio mensuelle du réseau" not in after.get_data(as_text=True)
    assert Membership.query.filter_by(user_id=elu.id).count() == 0
    assert client.head(new_url).headers["X-Robots-Tag"] == "noindex, nofollow"
    for secret in (token, new_url.rsplit("/", 1)[1].removesuffix(".ics")):
        assert secret not in caplog.text  # never logged


def test_personal_feed_lists_my_registrations(client, login, citizen, make_event, agent,
                                              territory, db):
    event = make_event(agent, territory, title="Réunion publique sur le budget")
    other = make_event(agent, territory, title="Balade urbaine", start=paris(12, 10))
    registration.register(event, user=citizen)
    db.session.commit()
    text = client.get(_personal_url(client, login, citizen)).get_data(as_text=True)
    assert f"UID:{uid(event)}" in content_lines(text)
    assert f"UID:{uid(other)}" not in content_lines(text)


def test_subscribe_buttons_per_app(client, territory):
    text = client.get(f"/t/{territory.slug}/evenements").get_data(as_text=True)
    feed = "thc.test/t/villeneuve-les-tests/calendrier.ics"
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F" + feed.replace(
        "/", "%2F") in text
    assert f'href="webcal://{feed}"' in text
    assert "addfromweb?url=http%3A%2F%2F" + feed.replace("/", "%2F") in text
    assert "Thunderbird" in text and "Apple" in text and "Outlook" in text


def test_if_modified_since_notices_an_event_leaving_the_public_feed(client, make_event, admin,
                                                                   login, elu, db):
    kept = make_event(admin, kind="visio-publique", title="Visio publique THC", address="")
    leaving = make_event(admin, kind="autre", title="Séminaire des pairs",
                         start=paris(20, 9))
    time.sleep(1.1)
    first = client.get("/calendrier/reseau.ics")
    data = EventData.from_event(leaving)
    data.visibility = "reseau"
    events.update_event(admin, leaving, data)
    db.session.commit()
    again = client.get("/calendrier/reseau.ics",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200
    assert "Séminaire des pairs" not in again.get_data(as_text=True)
    assert f"UID:{uid(kept)}" in content_lines(again.get_data(as_text=True))
    # Personal feeds answer by ETag only: a date alone never gets a 304.
    url = _personal_url(client, login, elu)
    time.sleep(1.1)
    mine = client.get(url)
    assert mine.headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": mine.headers["Last-Modified"]}
                      ).status_code == 200
    assert client.get(url, headers={"If-None-Match": mine.headers["ETag"]}).status_code == 304
