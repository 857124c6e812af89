"""The two-year timeline of a territory's programme (pure logic, no database).

Months are counted from the start date ``J`` with calendar arithmetic
(``dateutil.relativedelta``): J+2 months of 31 January is 31 March, of 30 December is
28 or 29 February. Phases are half-open: a phase that runs from J+2 to J+5 includes the day
J+2 and ends the day before J+5.

Phase 1 (engagement) is what must be in place on day J; phases 2 to 5 follow the programme:
diagnostic and map 0–2, summit, consultation and action plan 2–5, implementation 5–21,
evaluation 21–24. After J+24 the programme is over.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l

DURATION_MONTHS = 24

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


def add_months(start: date, months: int) -> date:
    """``start`` + ``months`` calendar months (end of month clamps: 31 Jan + 1 = 28/29 Feb)."""
    return start + relativedelta(months=months)


def months_elapsed(start: date, today: date) -> int:
    """Whole calendar months from ``start`` to ``today`` (negative before the start)."""
    delta = relativedelta(today, start)
    return delta.years * 12 + delta.months


def current_phase(start: date, today: date) -> str:
    """Key of the phase running on ``today``; ``finished`` from J+24 on.

    Before J the territory is in its engagement phase.
    """
    if today < start:
        return "engagement"
    for phase in PHASES[1:]:
        if today < add_months(start, phase.end_month):
            return phase.key
    return FINISHED


@dataclass(frozen=True)
class DeliverableStatus:
    deliverable: Deliverable
    due: date
    done_on: date | None
    status: str  # DONE, LATE or MISSING (not done, not yet due)

    @property
    def key(self) -> str:
        return self.deliverable.key

    @property
    def label(self) -> str:
        return self.deliverable.label


def deliverable_status(deliverable: Deliverable, start: date, today: date,
                       done_on: date | None) -> DeliverableStatus:
    due = add_months(start, deliverable.due_month)
    if done_on is not None:
        status = DONE
    elif today > due:
        status = LATE
    else:
        status = MISSING
    return DeliverableStatus(deliverable, due, done_on, status)


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
        """Share of the 24 months elapsed, in percent (0–100)."""
        end = add_months(self.start, DURATION_MONTHS)
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


def build_timeline(start: date, today: date, done: dict[str, date | None]) -> Timeline:
    """The timeline on ``today`` given, for each deliverable key, the date it was done."""
    current = current_phase(start, today)
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
            deliverable_status(d, start, today, done.get(d.key))
            for d in DELIVERABLES if d.phase == phase.key
        )
        starts = None if phase.start_month is None else add_months(start, phase.start_month)
        views.append(PhaseView(phase, starts, add_months(start, phase.end_month), state, statuses))
    return Timeline(start, today, current, tuple(views))
