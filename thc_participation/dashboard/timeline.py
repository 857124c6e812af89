"""The timeline of a territory's programme (pure logic, no database).

Months are counted from the start date ``J`` with calendar arithmetic
(``dateutil.relativedelta``): J+2 months of 31 January is 31 March, of 30 December is
28 or 29 February. Phases are half-open: a phase that runs from J+2 to J+5 includes the day
J+2 and ends the day before J+5.

Phase 1 (engagement) is what must be in place on day J; phases 2 to 5 follow the guide:
diagnostic and map 0–2, summit, consultation and action plan 2–5, implementation 5 to D−3,
evaluation the last three months, where D is the programme's duration set by the convention
(24 months unless the entry assessment decided otherwise). After J+D the programme is over.

The guide's months are landmarks, not deadlines: the method may be followed in any order and a
territory may enter at any time. A deliverable is **late only against the territory's own
plan** (the date it planned for it at its entry assessment); what already existed when it
entered is recorded by the assessment and counts as done.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l

DURATION_MONTHS = 24
MIN_DURATION, MAX_DURATION = 12, 48
EVALUATION_MONTHS = 3  # the evaluation phase: the programme's last three months

DONE, LATE, MISSING = "done", "late", "missing"
NOT_STARTED, FINISHED = "not_started", "finished"


@dataclass(frozen=True)
class Phase:
    key: str
    number: int
    label: str
    start_month: int | None  # None: before J (engagement)
    end_month: int


@dataclass(frozen=True)
class Deliverable:
    key: str
    phase: str
    label: str
    due_month: int


PHASES = (
    Phase("engagement", 1, _l("Engagement et équipe"), None, 0),
    Phase("diagnostic", 2, _l("Diagnostic et cartographie"), 0, 2),
    Phase("summit", 3, _l("Sommet, consultation et plan d'action"), 2, 5),
    Phase("implementation", 4, _l("Mise en œuvre des actions"), 5, 21),
    Phase("evaluation", 5, _l("Évaluation"), 21, 24),
)
PHASE_BY_KEY = {p.key: p for p in PHASES}

DELIVERABLES = (
    Deliverable("team", "engagement", _l("Équipe et comité de pilotage constitués"), 0),
    Deliverable("declaration", "engagement", _l("Lettre de déclaration"), 0),
    Deliverable("partnership", "engagement", _l("Convention de partenariat"), 0),
    Deliverable("video", "engagement", _l("Vidéo d'engagement"), 0),
    Deliverable("diagnostic_report", "diagnostic", _l("Rapport de diagnostic démocratique"), 2),
    Deliverable("inventory", "diagnostic", _l("Inventaire du cycle de gouvernance"), 2),
    Deliverable("actors_map", "diagnostic", _l("Cartographie des acteurs citoyens"), 2),
    Deliverable("consultation", "summit", _l("Consultation en ligne"), 5),
    Deliverable("summit_report", "summit", _l("Compte rendu du sommet citoyen"), 5),
    Deliverable("governance_schema", "summit", _l("Schéma de gouvernance avant/après"), 5),
    Deliverable("action_plan", "summit", _l("Plan d'action adopté"), 5),
    Deliverable("actions_launched", "implementation", _l("Une action lancée par engagement"), 6),
    Deliverable("actions_assessed", "implementation", _l("Bilan de chaque action"), 21),
    Deliverable("evaluation_report", "evaluation", _l("Rapport du groupe d'évaluation"), 24),
    Deliverable("final_assessment", "evaluation", _l("Bilan final du territoire"), 24),
)


@dataclass(frozen=True)
class PlanEntry:
    """The territory's own plan for one deliverable: its planned date, or that it existed."""

    planned_on: date | None = None
    existing: bool = False  # recorded by the entry assessment: counted as done


def end_month(phase: Phase, duration: int = DURATION_MONTHS) -> int:
    """The month a phase ends for a programme of ``duration`` months."""
    if phase.key == "implementation":
        return duration - EVALUATION_MONTHS
    if phase.key == "evaluation":
        return duration
    return phase.end_month


def start_month(phase: Phase, duration: int = DURATION_MONTHS) -> int | None:
    if phase.key == "evaluation":
        return duration - EVALUATION_MONTHS
    return phase.start_month


def guide_month(deliverable: Deliverable, duration: int = DURATION_MONTHS) -> int:
    """The guide's landmark month of a deliverable; the last phases follow the duration."""
    if deliverable.due_month > 6:
        return deliverable.due_month - DURATION_MONTHS + duration
    return deliverable.due_month


def add_months(start: date, months: int) -> date:
    """``start`` + ``months`` calendar months (end of month clamps: 31 Jan + 1 = 28/29 Feb)."""
    return start + relativedelta(months=months)


def months_elapsed(start: date, today: date) -> int:
    """Whole calendar months from ``start`` to ``today`` (negative before the start)."""
    delta = relativedelta(today, start)
    return delta.years * 12 + delta.months


def current_phase(start: date, today: date, duration: int = DURATION_MONTHS) -> str:
    """Key of the phase running on ``today``; ``finished`` from J+duration on.

    Before J the territory is in its engagement phase.
    """
    if today < start:
        return "engagement"
    for phase in PHASES[1:]:
        if today < add_months(start, end_month(phase, duration)):
            return phase.key
    return FINISHED


@dataclass(frozen=True)
class DeliverableStatus:
    deliverable: Deliverable
    due: date | None  # the territory's planned date; None: not planned
    done_on: date | None
    status: str  # DONE, LATE (planned date passed) or MISSING (not done, not late)
    guide_due: date | None = None  # the guide's landmark (J+n months), for information
    existing: bool = False  # done before the programme (entry assessment)

    @property
    def key(self) -> str:
        return self.deliverable.key

    @property
    def label(self) -> str:
        return self.deliverable.label


def deliverable_status(deliverable: Deliverable, start: date, today: date,
                       done_on: date | None, plan: PlanEntry | None = None,
                       duration: int = DURATION_MONTHS,
                       assessed_on: date | None = None) -> DeliverableStatus:
    """Done, late against the territory's plan, or missing (not done, not late)."""
    plan = plan or PlanEntry()
    due = plan.planned_on
    guide_due = add_months(start, guide_month(deliverable, duration))
    if plan.existing:
        return DeliverableStatus(deliverable, due, done_on or assessed_on or start, DONE,
                                 guide_due, existing=True)
    if done_on is not None:
        status = DONE
    elif due is not None and today > due:
        status = LATE
    else:
        status = MISSING
    return DeliverableStatus(deliverable, due, done_on, status, guide_due)


@dataclass(frozen=True)
class PhaseView:
    phase: Phase
    starts: date | None
    ends: date
    state: str  # "past", "current" or "future"
    deliverables: tuple[DeliverableStatus, ...]

    @property
    def key(self) -> str:
        return self.phase.key

    @property
    def done_count(self) -> int:
        return sum(1 for d in self.deliverables if d.status == DONE)

    @property
    def late_count(self) -> int:
        return sum(1 for d in self.deliverables if d.status == LATE)


@dataclass(frozen=True)
class Timeline:
    start: date
    today: date
    current: str
    phases: tuple[PhaseView, ...]
    duration: int = DURATION_MONTHS

    @property
    def deliverables(self) -> list[DeliverableStatus]:
        return [d for p in self.phases for d in p.deliverables]

    @property
    def progress(self) -> int:
        """Share of deliverables done, in percent (0–100)."""
        items = self.deliverables
        return round(100 * sum(1 for d in items if d.status == DONE) / len(items))

    @property
    def time_progress(self) -> int:
        """Share of the programme's months elapsed, in percent (0–100)."""
        end = add_months(self.start, self.duration)
        if self.today <= self.start:
            return 0
        if self.today >= end:
            return 100
        return round(100 * (self.today - self.start).days / (end - self.start).days)

    @property
    def month(self) -> int:
        """The ``J+n`` month the programme is in (0 before the start)."""
        return max(0, months_elapsed(self.start, self.today))

    @property
    def current_phase(self) -> Phase | None:
        return PHASE_BY_KEY.get(self.current)

    @property
    def late_count(self) -> int:
        return sum(p.late_count for p in self.phases)


def build_timeline(start: date, today: date, done: dict[str, date | None],
                   plan: dict[str, PlanEntry] | None = None, duration: int | None = None,
                   assessed_on: date | None = None) -> Timeline:
    """The timeline on ``today`` given, for each deliverable key, the date it was done, the
    territory's own plan (planned dates, what existed at its entry assessment) and the
    programme's duration in months."""
    plan = plan or {}
    duration = duration or DURATION_MONTHS
    current = current_phase(start, today, duration)
    current_number = PHASE_BY_KEY[current].number if current in PHASE_BY_KEY else len(PHASES) + 1
    views = []
    for phase in PHASES:
        if phase.number < current_number:
            state = "past"
        elif phase.number == current_number:
            state = "current"
        else:
            state = "future"
        statuses = tuple(
            deliverable_status(d, start, today, done.get(d.key), plan.get(d.key), duration,
                               assessed_on)
            for d in DELIVERABLES if d.phase == phase.key
        )
        first = start_month(phase, duration)
        starts = None if first is None else add_months(start, first)
        views.append(PhaseView(phase, starts, add_months(start, end_month(phase, duration)),
                               state, statuses))
    return Timeline(start, today, current, tuple(views), duration)
