"""Our events as iCalendar: which events go in which feed, and how they are served.

Conditional requests are answered before anything is generated: the ETag and Last-Modified
come from one aggregate query over the feed's events (count, sum of ids, latest
modification), which changes whenever an event enters, leaves or changes in the feed.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import Response, current_app, request
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, true

from ..extensions import db
from ..models import Territory
from ..timeutil import utcnow
from ..urls import absolute_url
from . import ical
from .models import (
    Event,
    EventKind,
    EventOccurrence,
    EventStatus,
    Registration,
    RegistrationStatus,
    Visibility,
    is_online,
)
from .permissions import visible_clause

# Bump when the output changes for the same data, so that caches let go (2: icalendar;
# 3: cancelled sessions as STATUS:CANCELLED overrides).
FORMAT_VERSION = "3"
REFRESH = timedelta(hours=1)
_ID_PLACEHOLDER = 987654321


def uid_host():
    return urlsplit(current_app.config["THC_BASE_URL"]).hostname or "localhost"


def event_url_factory():
    """A fast ``event_id -> absolute page URL`` (one url_for for the whole feed)."""
    template = absolute_url("events.event_page", event_id=_ID_PLACEHOLDER)
    head, _sep, tail = template.partition(str(_ID_PLACEHOLDER))
    return lambda event_id: f"{head}{event_id}{tail}"


class Texts:
    """The French sentences of a feed, translated once per feed rather than per event."""

    def __init__(self):
        # gettext without variables returns the translated template, filled in below.
        self.cancelled = _("Annulé : %(title)s")
        self.postponed = _("Reporté : %(title)s")
        self.reason = _("Motif de l'annulation : %(reason)s")
        self.session_cancelled = _("Séance annulée : %(title)s")
        self.organiser = _("Organisé par : %(organiser)s")
        self.network = _("Réseau des Territoires Hautement Citoyens")
        self.online_note = _("Le lien de connexion est donné aux inscrits sur la page de "
                             "l'événement, 15 minutes avant le début.")
        self.online = _("En ligne")
        self.kinds = EventKind.labels()


def to_cal_event(event, url, texts=None, exceptions=None):
    """The calendar view of an event (a model, or a row of ``generate``, whose moved and
    cancelled occurrences come as ``exceptions``): no video link, attendee or e-mail."""
    texts = texts or Texts()
    summary = event.title
    if event.status == EventStatus.CANCELLED:
        summary = texts.cancelled % {"title": event.title}
    elif event.status == EventStatus.POSTPONED:
        summary = texts.postponed % {"title": event.title}
    lines = []
    if event.status == EventStatus.CANCELLED and event.cancel_reason:
        lines.append(texts.reason % {"reason": event.cancel_reason})
    if event.description:
        lines.append(event.description.strip())
    organiser = _organiser_name(event) or texts.network
    lines.append(texts.organiser % {"organiser": organiser})
    online = is_online(event.kind, event.online_url, event.address)
    if event.online_url or online:
        lines.append(texts.online_note)
    location = event.address or (texts.online if online else "")
    geo = None
    if event.latitude is not None and event.longitude is not None:
        geo = (event.latitude, event.longitude)
    exdates, overrides = [], []
    if event.rrule:
        for occ in event.occurrences if exceptions is None else exceptions:
            if occ.cancelled:  # shown as cancelled, with the reason, not removed
                reason = getattr(occ, "cancel_reason", "") or ""
                overrides.append(ical.CalOverride(
                    occ.original_start, None, None, last_modified=occ.last_modified,
                    cancelled=True, summary=texts.session_cancelled % {"title": event.title},
                    note=texts.reason % {"reason": reason} if reason else ""))
            else:
                overrides.append(ical.CalOverride(
                    occ.original_start, occ.start_at, occ.end_at,
                    location=occ.address, last_modified=occ.last_modified))
    return ical.CalEvent(
        id=event.id,
        summary=summary,
        start=event.start_at,
        end=event.end_at,
        last_modified=event.last_modified,
        sequence=event.sequence,
        created=event.created_at,
        all_day=event.all_day,
        description="\n\n".join(lines),
        url=url(event.id),
        location=location,
        geo=geo,
        status=EventStatus(event.status).value,
        categories=(texts.kinds[EventKind(event.kind)],),
        rrule=event.rrule,
        exdates=tuple(exdates),
        overrides=tuple(overrides),
    )


# --- which events go in which feed ----------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    name: str
    description: str
    where: object  # SQL condition on Event: the feed's events
    # Events whose changes may add or remove one of the feed's events (a visibility change
    # takes an event out of a public feed): Last-Modified is their latest change. None for
    # personal feeds (leaving the network changes no event): they send the latest change of
    # their own events and answer conditional requests by ETag only.
    scope: object = None
    private: bool = False


def _recent(archive=False):
    """The feed's window: series whose last occurrence ended in the last
    ``THC_FEED_HISTORY_DAYS`` days, and all future ones. A recurring series is in or out as a
    whole (its RRULE is never cut in the middle). The archive has no window."""
    if archive:
        return true()
    days = current_app.config["THC_FEED_HISTORY_DAYS"]
    return Event.series_end_at >= utcnow() - timedelta(days=days)


def network_feed(archive=False):
    return Feed(
        _("Réseau des Territoires Hautement Citoyens"),
        _("Visites, séminaires et visios publiques du réseau des Territoires Hautement "
          "Citoyens"),
        and_(Event.territory_id.is_(None), Event.parent_id.is_(None),
             Event.visibility == Visibility.PUBLIC, _recent(archive)),
        scope=Event.territory_id.is_(None),
    )


def territory_feed(territory, archive=False):
    return Feed(
        _("Agenda de %(name)s", name=territory.name),
        _("Réunions publiques et sommet citoyen de %(name)s", name=territory.name),
        and_(Event.territory_id == territory.id, Event.parent_id.is_(None),
             Event.visibility == Visibility.PUBLIC, _recent(archive)),
        scope=Event.territory_id == territory.id,
    )


def single_event_feed(event):
    private = event.visibility != Visibility.PUBLIC
    return Feed(event.title, _("Un événement de THC Participation"), Event.id == event.id,
                scope=Event.id == event.id, private=private)


def personal_feed(user):
    """The user's registrations and the non-public events they may see, while they may."""
    registered = select(Registration.event_id).where(
        Registration.user_id == user.id,
        Registration.status == RegistrationStatus.CONFIRMED,
    )
    return Feed(
        _("Mon agenda THC Participation"),
        _("Mes inscriptions et les événements du réseau qui me concernent"),
        and_(
            visible_clause(user),
            or_(Event.id.in_(registered),
                and_(Event.visibility != Visibility.PUBLIC, Event.parent_id.is_(None))),
            _recent(),
        ),
        private=True,
    )


# --- serving --------------------------------------------------------------------------------


def feed_state(feed):
    """(strong ETag, Last-Modified) from aggregate queries, nothing generated."""
    count, id_sum, latest = db.session.execute(
        select(func.count(Event.id), func.coalesce(func.sum(Event.id), 0),
               func.max(Event.last_modified)).where(feed.where)
    ).one()
    key = "\x1f".join([FORMAT_VERSION, current_app.config["THC_BASE_URL"], feed.name,
                       feed.description, str(count), str(id_sum), str(latest)])
    etag = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    if feed.scope is not None:
        latest = db.session.scalar(select(func.max(Event.last_modified)).where(feed.scope))
    return etag, (latest or datetime(2020, 1, 1)).replace(tzinfo=UTC)


def _organiser_name(event):
    if isinstance(event, Event):
        return event.territory.name if event.territory else None
    return event.territory_name


def generate(feed):
    """The feed's text. Rows are streamed (never all loaded as objects): the work stays
    proportional to the number of events instead of growing with garbage-collector passes
    over thousands of live objects."""
    exceptions = {}
    for occ in db.session.execute(
        select(EventOccurrence.__table__).join(Event, Event.id == EventOccurrence.event_id)
        .where(feed.where).order_by(EventOccurrence.event_id, EventOccurrence.original_start)
    ):
        exceptions.setdefault(occ.event_id, []).append(occ)
    rows = db.session.execute(
        select(*Event.__table__.c, Territory.name.label("territory_name"))
        .outerjoin(Territory, Territory.id == Event.territory_id)
        .where(feed.where).order_by(Event.id).execution_options(yield_per=500)
    )
    url, texts = event_url_factory(), Texts()
    return ical.feed(
        (to_cal_event(row, url, texts, exceptions.get(row.id, ())) for row in rows),
        host=uid_host(), name=feed.name, description=feed.description, refresh=REFRESH,
    )


def serve(feed, filename, download=False):
    """The HTTP answer for a feed: 304 when the client's copy is current, else the file
    (``download``: an attachment, the archive people save rather than subscribe to)."""
    etag, last_modified = feed_state(feed)
    disposition = "attachment" if download else "inline"
    headers = {
        "Cache-Control": ("private" if feed.private else "public")
        + f", max-age={int(REFRESH.total_seconds())}",
        "Content-Disposition": f'{disposition}; filename="{filename}"',
    }
    if feed.private:
        headers["X-Robots-Tag"] = "noindex, nofollow"
        headers["Referrer-Policy"] = "no-referrer"
    if _not_modified(etag, last_modified if feed.scope is not None else None):
        response = Response(status=304, headers=headers)
    else:
        response = Response(generate(feed), headers=headers)
        response.content_type = "text/calendar; charset=utf-8"
    response.set_etag(etag)
    # An HTTP date has whole seconds: a version less than a second old could be followed
    # by another within the same second, which If-Modified-Since could not tell apart.
    if utcnow().replace(tzinfo=UTC) - last_modified >= timedelta(seconds=1):
        response.last_modified = last_modified.replace(microsecond=0)
    return response


def _not_modified(etag, last_modified):
    if request.if_none_match:
        return request.if_none_match.contains(etag)  # strong comparison
    since = request.if_modified_since
    return (since is not None and last_modified is not None
            and last_modified.replace(microsecond=0) <= since)
