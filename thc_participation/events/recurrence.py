"""Recurrence rules (RFC 5545 RRULE) and their expansion in Europe/Paris wall-clock time.

A monthly call at 18:00 stays at 18:00 Paris time in winter and in summer: rules are
expanded on the local time and each occurrence is then converted to UTC. Pure functions,
no database: the services and the tests share them.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import rrulestr
from flask_babel import lazy_gettext as _l

from ..labels import LabelledEnum
from ..timeutil import PARIS, to_paris


class Frequency(LabelledEnum):
    """What the event form offers: simple choices that calendar apps all understand."""

    DAILY = "daily", _l("Tous les jours")
    WEEKLY = "weekly", _l("Toutes les semaines, le même jour")
    MONTHLY_WEEKDAY = "monthly_weekday", _l("Tous les mois, le même jour de la semaine "
                                            "(ex. : 2e mardi)")
    MONTHLY_DAY = "monthly_day", _l("Tous les mois, à la même date")
    YEARLY = "yearly", _l("Tous les ans")


FREQUENCIES = tuple(Frequency)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ALLOWED_PARTS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
MAX_COUNT = 520
MAX_SPAN = timedelta(days=366 * 10)


class RuleError(ValueError):
    """A rule we refuse; ``code`` names the reason for a French message upstream."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Occurrence:
    original_start: datetime  # naive UTC, what RECURRENCE-ID / EXDATE refer to
    start: datetime
    end: datetime
    moved: bool = False


def _until_value(until_date, all_day):
    """UNTIL as RFC 5545 wants it: a DATE for all-day events, else UTC (DTSTART has a TZID)."""
    if all_day:
        return until_date.strftime("%Y%m%d")
    last_moment = datetime.combine(until_date, time(23, 59, 59), tzinfo=PARIS)
    return last_moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def build_rule(frequency, start, *, interval=1, until=None, count=None, all_day=False):
    """An RRULE string from the form's choices; ``start`` is the first occurrence (naive UTC).

    ``monthly_weekday`` repeats on the same weekday of the month as ``start`` (the 2nd
    Tuesday, or the last Friday when the start falls in the last week).
    """
    if frequency not in FREQUENCIES:
        raise RuleError("frequency")
    if not 1 <= interval <= 12:
        raise RuleError("interval")
    if (until is None) == (count is None):
        raise RuleError("end")
    local = to_paris(start)
    parts = {
        "daily": ["FREQ=DAILY"],
        "weekly": ["FREQ=WEEKLY", f"BYDAY={WEEKDAYS[local.weekday()]}"],
        "monthly_day": ["FREQ=MONTHLY", f"BYMONTHDAY={local.day}"],
        "yearly": ["FREQ=YEARLY"],
    }.get(frequency)
    if parts is None:
        nth = (local.day - 1) // 7 + 1
        if local.day + 7 > _days_in_month(local):
            nth = -1
        parts = ["FREQ=MONTHLY", f"BYDAY={nth}{WEEKDAYS[local.weekday()]}"]
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    if count is not None:
        parts.append(f"COUNT={count}")
    else:
        parts.append(f"UNTIL={_until_value(until, all_day)}")
    rule = ";".join(parts)
    validate_rule(rule, start)
    return rule


def rule_choices(rule):
    """The form's choices for a rule made by ``build_rule``: (frequency, interval, until,
    count), ``until`` as a Paris date; None for an empty rule."""
    if not rule:
        return None
    parts = dict(item.partition("=")[::2] for item in rule.split(";"))
    frequency = {"DAILY": "daily", "WEEKLY": "weekly", "YEARLY": "yearly"}.get(parts["FREQ"])
    if frequency is None:
        frequency = "monthly_day" if "BYMONTHDAY" in parts else "monthly_weekday"
    until = None
    if "UNTIL" in parts:
        value = parts["UNTIL"]
        if "T" in value:
            moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            until = moment.astimezone(PARIS).date()
        else:
            until = datetime.strptime(value, "%Y%m%d").date()
    count = int(parts["COUNT"]) if "COUNT" in parts else None
    return frequency, int(parts.get("INTERVAL", "1")), until, count


def _days_in_month(local):
    first_next = (local.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (first_next - timedelta(days=1)).day


def _rrule(rule, start):
    """Aware Europe/Paris starts of the rule's occurrences (wall-clock expansion)."""
    local = to_paris(start)
    if "UNTIL=" in rule and "T" not in rule.split("UNTIL=", 1)[1].split(";", 1)[0]:
        # A DATE UNTIL (all-day events) can only bound a naive DTSTART in dateutil.
        naive = rrulestr(rule, dtstart=local.replace(tzinfo=None))
        return (moment.replace(tzinfo=PARIS) for moment in naive)
    return iter(rrulestr(rule, dtstart=local))


def validate_rule(rule, start):
    """Raise RuleError unless ``rule`` is a bounded RRULE that yields ``start`` first."""
    if not rule or "\n" in rule or "\r" in rule:
        raise RuleError("syntax")
    parts = {}
    for item in rule.split(";"):
        key, sep, value = item.partition("=")
        if not sep or key not in ALLOWED_PARTS or key in parts or not value:
            raise RuleError("syntax")
        parts[key] = value
    if parts.get("FREQ") not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        raise RuleError("frequency")
    if "COUNT" in parts:
        if "UNTIL" in parts:
            raise RuleError("end")
        if not parts["COUNT"].isdigit() or not 1 <= int(parts["COUNT"]) <= MAX_COUNT:
            raise RuleError("count")
    elif "UNTIL" not in parts:
        raise RuleError("end")  # unbounded series would never leave the feeds
    try:
        # Never more than MAX_COUNT + 1 steps, whatever UNTIL says.
        locals_ = list(islice(_rrule(rule, start), MAX_COUNT + 1))
    except (ValueError, TypeError, OverflowError):
        raise RuleError("syntax") from None
    if not locals_ or locals_[0].astimezone(UTC).replace(tzinfo=None) != start:
        raise RuleError("start")
    if len(locals_) > MAX_COUNT:
        raise RuleError("count")
    if locals_[-1] - locals_[0] > MAX_SPAN:
        raise RuleError("span")


def expand(start, end, rule, *, exdates=(), overrides=(), window=None):
    """The occurrences of an event, sorted by start, as naive UTC ``Occurrence`` objects.

    ``exdates`` are cancelled original starts; ``overrides`` are objects with
    ``recurrence_id``, ``start`` and ``end`` (a moved occurrence); ``window`` an optional
    ``(from, to)`` pair of naive UTC datetimes keeping occurrences that overlap it.
    """
    duration = end - start
    if not rule:
        originals = [start]
    else:
        originals = [local.astimezone(UTC).replace(tzinfo=None) for local in _rrule(rule, start)]
    cancelled = set(exdates)
    moved = {o.recurrence_id: o for o in overrides}
    result = []
    for original in originals:
        if original in cancelled:
            continue
        override = moved.get(original)
        if override is not None:
            occurrence = Occurrence(original, override.start, override.end, moved=True)
        else:
            occurrence = Occurrence(original, original, original + duration)
        if window is None or (occurrence.end > window[0] and occurrence.start < window[1]):
            result.append(occurrence)
    result.sort(key=lambda o: o.start)
    return result
