"""The steering committee's meetings: planned by the agents at the launch and the close of
each phase (with their agenda), then recorded by the committee's members (attendance,
decisions, minutes, published openly); the warnings of a committee that did not meet in a
phase or whose president attended none of its meetings."""

from datetime import date, timedelta

from flask_babel import gettext as _

from ... import audit
from ...access import parse_id, require_in
from ...errors import Conflict, Invalid
from ...extensions import db
from ...text import clean_text
from ...timeutil import utcnow
from .. import permissions
from .. import timeline as tl
from ..models import COMMITTEE_ROLES, MeetingMoment, SteeringMeeting, TeamMember, TeamRole
from .common import optional_text, remove, today_paris


def committee_members(territory):
    """The people seated in the committee's three colleges, by name."""
    return db.session.scalars(
        db.select(TeamMember).where(TeamMember.territory_id == territory.id,
                                    TeamMember.role.in_(COMMITTEE_ROLES))
        .order_by(TeamMember.name)
    ).all()


def meetings_of(territory):
    """``[(phase, [meetings by date])]`` in the order of the programme's phases."""
    rows = db.session.scalars(
        db.select(SteeringMeeting).filter_by(territory_id=territory.id)
        .order_by(SteeringMeeting.meeting_date, SteeringMeeting.id)
    ).all()
    return [(phase, [m for m in rows if m.phase == phase.key]) for phase in tl.PHASES]


def phase_window(territory, phase):
    """(first day, last day) of ``phase`` for the territory, or None without a start date.
    Engagement runs the two months before J."""
    start = territory.programme_start
    if start is None:
        return None
    first = tl.add_months(start, phase.start_month if phase.start_month is not None else -2)
    return first, tl.add_months(start, phase.end_month) - timedelta(days=1)


def _phase(value):
    phase = tl.PHASE_BY_KEY.get(value or "")
    if phase is None:
        raise Invalid(_("Choisissez une phase du programme."), code="phase", field="phase")
    return phase


def plan_meeting(user, territory, phase, moment, meeting_date, title, agenda=None):
    """An agent plans a meeting in a phase; one launch and one close meeting per phase."""
    permissions.require_manage(user, territory)
    phase = _phase(phase)
    moment = MeetingMoment.parse(moment, "moment", _("Choisissez le moment de la réunion."))
    if not isinstance(meeting_date, date):
        raise Invalid(_("Indiquez la date de la réunion."), code="date", field="meeting_date")
    if moment != MeetingMoment.OTHER and db.session.scalar(
            db.select(SteeringMeeting.id).filter_by(territory_id=territory.id, phase=phase.key,
                                                    moment=moment).limit(1)) is not None:
        raise Conflict(_("La réunion de %(moment)s de cette phase est déjà prévue.",
                         moment=str(moment.label).lower()), code="taken", field="moment")
    meeting = SteeringMeeting(
        territory_id=territory.id, phase=phase.key, moment=moment, meeting_date=meeting_date,
        title=clean_text(title, 200, _("L'intitulé"), field="title"),
        agenda=optional_text(agenda, 10_000, _("L'ordre du jour"), "agenda"),
    )
    db.session.add(meeting)
    db.session.flush()
    audit.record(user, "committee.plan", territory, meeting, phase=phase.key)
    return meeting


def plan_phase_meetings(user, territory):
    """Plan every missing launch and close meeting, on the first and last week of each phase
    of the territory's programme. Returns the meetings added."""
    permissions.require_manage(user, territory)
    if territory.programme_start is None:
        raise Invalid(_("Indiquez d'abord la date de lancement du programme."), code="start")
    added = []
    for phase, meetings in meetings_of(territory):
        first, last = phase_window(territory, phase)
        planned = {m.moment for m in meetings}
        for moment, day, title in (
                (MeetingMoment.LAUNCH, first + timedelta(days=7), _("Lancement : %(phase)s")),
                (MeetingMoment.CLOSE, last - timedelta(days=7), _("Clôture : %(phase)s"))):
            if moment not in planned:
                added.append(plan_meeting(user, territory, phase.key, moment, day,
                                          title % {"phase": phase.label}))
    return added


def record_meeting(user, territory, meeting, attendee_ids, decisions, minutes, publish=False):
    """A committee member records who attended, the decisions and the minutes of a meeting
    that took place; ``publish`` makes the minutes public (they stay public once published)."""
    require_in(territory, meeting)
    permissions.require_record_meeting(user, territory)
    if meeting.meeting_date > today_paris():
        raise Invalid(_("Cette réunion n'a pas encore eu lieu : son compte rendu s'écrit après."),
                      code="future")
    seated = {m.id: m for m in committee_members(territory)}
    ids = {parse_id(value) for value in attendee_ids or ()}
    if not ids or not ids <= set(seated):
        raise Invalid(_("Cochez les membres du comité présents à la réunion."), code="attendance",
                      field="attendees")
    meeting.attendees = [seated[i] for i in sorted(ids)]
    meeting.attendance_recorded = True
    meeting.decisions = optional_text(decisions, 10_000, _("Les décisions"), "decisions")
    meeting.minutes = optional_text(minutes, 50_000, _("Le compte rendu"), "minutes")
    if publish and not meeting.minutes:
        raise Invalid(_("Rédigez le compte rendu avant de le publier."), code="minutes",
                      field="minutes")
    if publish and meeting.minutes_published_at is None:
        meeting.minutes_published_at = utcnow()
    meeting.minutes_author_id = user.id
    db.session.flush()
    audit.record(user, "committee.record", territory, meeting, attendees=len(ids),
                 published=meeting.minutes_published_at is not None)
    return meeting


def remove_meeting(user, territory, meeting):
    remove(user, territory, meeting, "committee.remove", phase=meeting.phase)


def warnings(territory, today=None):
    """French sentences for the phases begun whose committee never met or met without the
    president (once the phase is over, or no meeting of it is left to come)."""
    if territory.programme_start is None:
        return []
    today = today or today_paris()
    presidents = {m.id for m in committee_members(territory) if m.role == TeamRole.PRESIDENT}
    found = []
    for phase, meetings in meetings_of(territory):
        first, last = phase_window(territory, phase)
        if first > today:
            continue
        name = {"n": phase.number, "phase": phase.label}
        if not meetings:
            found.append(_("Phase %(n)d (%(phase)s) : aucune réunion du comité de pilotage "
                           "n'est prévue.", **name))
            continue
        held = [m for m in meetings if m.meeting_date <= today]
        to_come = len(held) < len(meetings)
        if held and (today > last or not to_come) and not any(
                a.id in presidents for m in held for a in m.attendees):
            found.append(_("Phase %(n)d (%(phase)s) : le ou la président·e n'a assisté à "
                           "aucune réunion du comité de pilotage.", **name))
    return found
