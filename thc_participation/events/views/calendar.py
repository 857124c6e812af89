"""Calendars (network and territory, month or list) and the iCalendar feeds."""

from datetime import date, datetime, timedelta

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ...errors import NotFound
from ...extensions import db
from ...models import Territory
from ...timeutil import to_paris, utcnow
from ...urls import absolute_url
from ...web import territory_for
from .. import feeds
from ..display import days_between
from ..models import EventKind
from ..permissions import visible_event
from ..services import queries, tokens

# Months the calendar shows: beyond them, dates leave what the database and Python hold.
FIRST_MONTH, LAST_MONTH = date(1970, 1, 1), date(2999, 12, 1)
LIST_DAYS = 366


def _month(value):
    """(first day of the month asked for, or of this month with a French reason)."""
    today = to_paris(utcnow()).date().replace(day=1)
    if not value:
        return today, None
    try:
        month = datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return today, _("Le mois demandé n'est pas valide (format attendu : 2026-03) : voici "
                        "le mois en cours.")
    if not FIRST_MONTH <= month <= LAST_MONTH:
        return today, _("L'agenda va de janvier 1970 à décembre 2999 : voici le mois en "
                        "cours.")
    return month, None


def _weeks(month, items):
    """Monday-first weeks covering the month: [[(date, in_month, [(occ, event)])]]."""
    by_day = {}
    for occ, event in items:
        first = to_paris(occ.start).date()
        last = to_paris(occ.end - timedelta(seconds=1)).date()
        for day in days_between(first, max(first, last)):
            by_day.setdefault(day, []).append((occ, event))
    last_day = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    day = month - timedelta(days=month.weekday())
    end = last_day + timedelta(days=6 - last_day.weekday())
    weeks = []
    while day <= end:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append((day, day.month == month.month, by_day.get(day, [])))
        day += timedelta(days=1)
    return weeks


def _calendar(territory):
    view = "liste" if request.args.get("vue") == "liste" else "mois"
    kind = request.args.get("type") or ""
    if kind not in set(EventKind):
        kind = ""
    territories = db.session.scalars(select(Territory).order_by(Territory.name)).all()
    place = territory.slug if territory else request.args.get("territoire") or ""
    chosen = territory or next((t for t in territories if t.slug == place), None)
    month, problem = _month(request.args.get("mois"))
    if view == "mois":
        window = queries.month_window(month)
    else:
        window = (utcnow(), utcnow() + timedelta(days=LIST_DAYS))
    items = queries.calendar_items(current_user, window, kind, chosen,
                                   network_only=place == "reseau")
    context = {
        "view": view, "kind": kind, "kinds": EventKind.choices(), "place": place,
        "territories": territories, "territory": territory, "items": items,
        "problem": problem, "month": month,
        "feed_url": absolute_url("events.territory_ics", slug=territory.slug) if territory
        else absolute_url("events.network_ics"),
    }
    if view == "mois":
        nav = {"type": kind, "vue": "mois", "territoire": place if not territory else ""}
        context["nav_args"] = {k: v for k, v in nav.items() if v}
        if territory:
            context["nav_args"]["slug"] = territory.slug
        context["weeks"] = _weeks(month, items)
        context["previous"] = (month - timedelta(days=1)).replace(day=1).strftime("%Y-%m")
        context["next"] = (month + timedelta(days=32)).replace(day=1).strftime("%Y-%m")
    return render_template("events/calendar.html", **context)


def calendar():
    return _calendar(None)


def territory_calendar(slug):
    return _calendar(territory_for(slug))


# --- feeds ----------------------------------------------------------------------------------


def network_ics():
    return feeds.serve(feeds.network_feed(), "reseau.ics")


def network_archive_ics():
    """Every public network event ever (to download; the subscribed feed has a window)."""
    return feeds.serve(feeds.network_feed(archive=True), "reseau-archive.ics", download=True)


def territory_ics(slug):
    territory = territory_for(slug)
    return feeds.serve(feeds.territory_feed(territory), f"{territory.slug}.ics")


def territory_archive_ics(slug):
    territory = territory_for(slug)
    return feeds.serve(feeds.territory_feed(territory, archive=True),
                       f"{territory.slug}-archive.ics", download=True)


def event_ics(event_id):
    event = visible_event(current_user, event_id)
    return feeds.serve(feeds.single_event_feed(event), f"evenement-{event.id}.ics")


def personal_ics(token):
    user = tokens.user_for_calendar_token(token)
    if user is None:
        raise NotFound(_("Cet agenda n'existe pas ou son adresse a été remplacée."))
    return feeds.serve(feeds.personal_feed(user), "mon-agenda.ics")


@login_required
def my_calendar():
    token = None
    if request.method == "POST":
        token = tokens.regenerate_calendar_token(current_user)
    info = tokens.calendar_token_info(current_user)
    url = absolute_url("events.personal_ics", token=token) if token else None
    response = render_template("events/my_calendar.html", info=info, feed_url=url)
    return response, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
