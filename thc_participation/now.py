"""What one can do now: the way in that leads the home page and each territory page.

Read-only: the open consultations (closing date, a direct link to comment), the next events
with the places left, and whether a live workshop board is open (its code field is shown).
``territory`` None: the whole network (the home page).
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select

from .consultation.models import Consultation, ConsultationState
from .events.boards.models import Board, BoardState
from .events.models import Event, EventStatus, Registration, RegistrationStatus
from .events.permissions import visible_clause
from .events.services.queries import occurrences_of
from .extensions import db
from .models import Territory
from .timeutil import utcnow

CONSULTATIONS_SHOWN = 6
EVENTS_SHOWN = 4
EVENTS_WINDOW_DAYS = 120
RECURRING_READ = 100  # recurring series expanded at most (a network has a handful)


@dataclass(frozen=True)
class NextEvent:
    event: object
    start: object  # the occurrence's start (naive UTC)
    end: object
    places_left: int | None  # None: no limit, or no registration here

    @property
    def full(self):
        return self.places_left == 0


@dataclass(frozen=True)
class Now:
    consultations: list
    events: list
    board_open: bool

    def __bool__(self):
        return bool(self.consultations or self.events or self.board_open)


def open_consultations(territory=None, now=None, limit=CONSULTATIONS_SHOWN):
    """Consultations open for contributions now, the one closing first first."""
    now = now or utcnow()
    query = (select(Consultation).join(Territory, Territory.id == Consultation.territory_id)
             .where(Consultation.state == ConsultationState.OPEN,
                    or_(Consultation.opens_at.is_(None), Consultation.opens_at <= now),
                    or_(Consultation.closes_at.is_(None), Consultation.closes_at > now)))
    if territory is not None:
        query = query.where(Consultation.territory_id == territory.id)
    query = query.order_by(Consultation.closes_at.is_(None), Consultation.closes_at,
                           Consultation.id)
    return [c for c in db.session.scalars(query.limit(limit)) if c.phases]


def _confirmed_counts(event_ids):
    if not event_ids:
        return {}
    return dict(db.session.execute(
        select(Registration.event_id, func.count(Registration.id))
        .where(Registration.event_id.in_(event_ids),
               Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.event_id)).all())


def next_events(user, territory=None, now=None, limit=EVENTS_SHOWN):
    """The next events ``user`` may see (cancelled ones and workshops left out; a series by its
    next occurrence), with places left. Reads at most ``limit`` single events and the recurring series running in the
    window (never every event of the window: a network may hold tens of thousands)."""
    now = now or utcnow()
    end = now + timedelta(days=EVENTS_WINDOW_DAYS)
    query = select(Event).where(visible_clause(user), Event.parent_id.is_(None),
                                Event.status != EventStatus.CANCELLED, Event.start_at < end,
                                Event.series_end_at > now)
    if territory is not None:
        query = query.where(Event.territory_id == territory.id)
    single = db.session.scalars(query.where(Event.rrule == "", Event.start_at >= now)
                                .order_by(Event.start_at, Event.id).limit(limit)).unique()
    recurring = db.session.scalars(query.where(Event.rrule != "")
                                   .order_by(Event.start_at, Event.id)
                                   .limit(RECURRING_READ)).unique()
    items = []
    for event in [*single, *recurring]:  # a series shows its next occurrence only
        upcoming = [occ for occ in occurrences_of(event, window=(now, end)) if occ.start >= now]
        if upcoming:
            items.append((upcoming[0], event))
    items.sort(key=lambda pair: (pair[0].start, pair[1].id))
    items = items[:limit]
    counts = _confirmed_counts([e.id for _o, e in items if e.capacity])
    result = []
    for occ, event in items:
        left = None
        if event.capacity and event.registration_enabled:
            left = max(0, event.capacity - counts.get(event.id, 0))
        result.append(NextEvent(event, occ.start, occ.end, left))
    return result


def board_open(territory=None):
    """Whether a live workshop board is open (during the summit): its code field is shown."""
    query = select(Board.id).where(Board.state == BoardState.OPEN)
    if territory is not None:
        query = query.where(Board.territory_id == territory.id)
    return db.session.scalar(query.limit(1)) is not None


def now_for(user, territory=None):
    return Now(open_consultations(territory), next_events(user, territory),
               board_open(territory))
