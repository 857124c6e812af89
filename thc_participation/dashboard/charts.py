"""Geometry of the dashboard's SVG pictures (pure, no database, no markup).

``timeline_chart`` places a territory's programme on a J+0 → J+D axis: phases as bands (the
engagement phase, before J, as a band left of J+0), a tick every three months, the today
marker, and each deliverable as a marker on the date it was done (or is due: the territory's
planned date, else the guide's landmark), stacked in lanes so that markers never overlap.
``bar_chart`` lays out small horizontal bar charts (key figures). The templates
``dashboard/_charts.html`` draw them; every number is also written as text.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from . import timeline as tl

WIDTH = 480
PAD = 8
ENGAGEMENT_WIDTH = 40  # the band of phase 1 (before J), left of J+0
AXIS_TOP = 22  # month labels above the bands
BAND_TOP, BAND_HEIGHT = 28, 44
LANE_TOP, LANE_HEIGHT = BAND_TOP + BAND_HEIGHT + 18, 24
MARKER_GAP = 17  # two markers of one lane are at least this far apart (px)
TICK_EVERY = 3  # months

# Each phase links to its section of the dashboard.
PHASE_ENDPOINTS = {
    "engagement": "dashboard.engagement",
    "diagnostic": "dashboard.diagnostic",
    "summit": "dashboard.summit",
    "implementation": "dashboard.actions",
    "evaluation": "dashboard.evaluation",
}


@dataclass(frozen=True)
class Band:
    key: str
    number: int
    label: str
    state: str  # past, current, future
    x: float
    width: float
    endpoint: str


@dataclass(frozen=True)
class Marker:
    key: str
    label: str
    status: str  # tl.DONE, tl.LATE or tl.MISSING (due)
    day: date | None  # the date the marker stands on
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    month: int
    x: float


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]
    today_x: float
    axis_start: float  # x of J+0
    axis_end: float  # x of J+duration


def month_fraction(start: date, day: date) -> float:
    """Months (with the fraction of the month) from ``start`` to ``day``; negative before."""
    whole = tl.months_elapsed(start, day)
    anchor = tl.add_months(start, whole)
    if day < anchor:  # months_elapsed rounds toward zero before the start
        whole -= 1
        anchor = tl.add_months(start, whole)
    following = tl.add_months(start, whole + 1)
    span = (following - anchor).days or calendar.monthrange(anchor.year, anchor.month)[1]
    return whole + (day - anchor).days / span


class Axis:
    """Months to x: J+0 at ``start_x``, J+duration at ``end_x``; before J, the engagement band."""

    def __init__(self, duration: int, width: int = WIDTH):
        self.duration = duration
        self.start_x = PAD + ENGAGEMENT_WIDTH
        self.end_x = width - PAD
        self.per_month = (self.end_x - self.start_x) / duration

    def x(self, months: float) -> float:
        if months < 0:  # before J: inside the engagement band, never left of it
            return max(PAD + 6, self.start_x + months * ENGAGEMENT_WIDTH / 6)
        return self.start_x + min(months, self.duration) * self.per_month


def _marker_day(item: tl.DeliverableStatus) -> date | None:
    if item.status == tl.DONE:
        return item.done_on
    return item.due or item.guide_due


def _lanes(points: list[tuple[float, object]]) -> list[tuple[float, int, object]]:
    """Greedy lanes: each point (sorted by x) goes to the first lane it does not crowd."""
    last: list[float] = []
    placed = []
    for x, item in sorted(points, key=lambda p: p[0]):
        for lane, previous in enumerate(last):
            if x - previous >= MARKER_GAP:
                last[lane] = x
                break
        else:
            lane = len(last)
            last.append(x)
        placed.append((x, lane, item))
    return placed


def timeline_chart(timeline: tl.Timeline, width: int = WIDTH) -> TimelineChart:
    axis = Axis(timeline.duration, width)
    bands = []
    for view in timeline.phases:
        first = tl.start_month(view.phase, timeline.duration)
        last = tl.end_month(view.phase, timeline.duration)
        left = PAD if first is None else axis.x(first)
        right = axis.start_x if first is None else axis.x(last)
        bands.append(Band(view.key, view.phase.number, str(view.phase.label), view.state, left,
                          right - left, PHASE_ENDPOINTS[view.key]))
    ticks = tuple(Tick(m, axis.x(m)) for m in range(0, timeline.duration + 1, TICK_EVERY))
    points = []
    for item in timeline.deliverables:
        day = _marker_day(item)
        x = axis.x(month_fraction(timeline.start, day)) if day else axis.start_x
        points.append((x, (item, day)))
    markers = tuple(Marker(item.key, str(item.label), item.status, day, x,
                           LANE_TOP + lane * LANE_HEIGHT)
                    for x, lane, (item, day) in _lanes(points))
    lanes = 1 + max((int((m.y - LANE_TOP) / LANE_HEIGHT) for m in markers), default=0)
    height = LANE_TOP + lanes * LANE_HEIGHT
    today_x = axis.x(month_fraction(timeline.start, timeline.today))
    return TimelineChart(width, height, tuple(bands), ticks, markers, today_x, axis.start_x,
                         axis.end_x)


# --- small bar charts ----------------------------------------------------------------------

BAR_WIDTH = 320
BAR_LABEL_WIDTH = 150
BAR_HEIGHT, BAR_GAP = 18, 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: float
    length: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


def bar_chart(items, width: int = BAR_WIDTH) -> BarChart:
    """``items``: (label, value) pairs. The longest bar fills the room left after the labels
    and the number; a zero is a zero-length bar (its number still written)."""
    items = [(str(label), max(0, int(value))) for label, value in items]
    room = width - BAR_LABEL_WIDTH - 40
    top = max((v for _l, v in items), default=0) or 1
    bars = tuple(Bar(label, value, i * (BAR_HEIGHT + BAR_GAP), room * value / top)
                 for i, (label, value) in enumerate(items))
    height = max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(width, height, BAR_LABEL_WIDTH, bars)
