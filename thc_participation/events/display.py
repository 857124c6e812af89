"""How event times read in French pages and e-mails (Europe/Paris)."""

from datetime import timedelta

from flask_babel import format_date, format_time, ngettext
from flask_babel import gettext as _

from ..timeutil import to_paris


def when(start, end, all_day=False):
    """« mardi 13 janvier 2026, 18:00 – 20:00 », « du 26 au 27 mars 2026 »..."""
    first, last = to_paris(start), to_paris(end)
    if all_day:
        last_day = max(last.date(), first.date())
        if last_day == first.date():
            return format_date(first.date(), "EEEE d MMMM y")
        return _("du %(first)s au %(last)s", first=format_date(first.date(), "EEEE d MMMM"),
                 last=format_date(last_day, "EEEE d MMMM y"))
    if first.date() == last.date():
        return _("%(day)s, %(start)s – %(end)s", day=format_date(first.date(), "EEEE d MMMM y"),
                 start=format_time(start, "HH:mm"), end=format_time(end, "HH:mm"))
    return _("du %(first)s à %(start)s au %(last)s à %(end)s",
             first=format_date(first.date(), "EEEE d MMMM y"), start=format_time(start, "HH:mm"),
             last=format_date(last.date(), "EEEE d MMMM y"), end=format_time(end, "HH:mm"))


def places(capacity, taken):
    """Places in words: « 31 places prises sur 150, 119 restantes », « Complet »..."""
    if not capacity:
        return ""
    left = max(capacity - taken, 0)
    taken_text = ngettext("%(num)d place prise sur %(total)d", "%(num)d places prises sur %(total)d",
                          taken, total=capacity)
    if left == 0:
        return _("%(taken)s : complet, inscription sur liste d'attente", taken=taken_text)
    return _("%(taken)s, %(left)s", taken=taken_text,
             left=ngettext("%(num)d restante", "%(num)d restantes", left))


def is_full(event, counts):
    return bool(event.capacity) and counts.get("confirmed", 0) >= event.capacity


def event_when(event):
    return when(event.start_at, event.end_at, event.all_day)


def days_between(first, last):
    """Paris dates from ``first`` to ``last`` inclusive."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
