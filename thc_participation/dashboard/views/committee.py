"""The steering committee: its public page (colleges, meetings per phase, attendance,
decisions, published minutes, warnings), the minutes written by its members, and the meetings
the agents plan (``/t/<slug>/gestion/tableau-de-bord/comite``)."""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ... import confirm
from ...access import load
from ...web import done, form_view
from .. import permissions
from ..forms import MeetingForm, MinutesForm
from ..models import COLLEGES, SteeringMeeting
from ..services import committee, queries
from . import asks
from .public import programme_territory


def _committee_context(territory):
    return {
        "territory": territory, "team": queries.team_of(territory), "colleges": COLLEGES,
        "meetings": committee.meetings_of(territory),
        "warnings": committee.warnings(territory),
        "may_record": permissions.can_record_meeting(current_user, territory),
    }


def committee_page(slug):
    territory = programme_territory(slug)
    return render_template("dashboard/committee.html", **_committee_context(territory))


@login_required
def record_meeting(slug, meeting_id):
    territory = programme_territory(slug, permissions.require_record_meeting)
    meeting = load(SteeringMeeting, meeting_id, territory, _("Cette réunion n'existe pas."))
    form = MinutesForm(obj=meeting)
    form.attendees.choices = [(str(m.id), f"{m.name} — {m.role.label}")
                              for m in committee.committee_members(territory)]
    if not form.is_submitted():
        form.attendees.data = [str(m.id) for m in meeting.attendees]
        form.publish.data = meeting.minutes_published_at is not None

    def recorded():
        committee.record_meeting(current_user, territory, meeting, form.attendees.data,
                                 form.decisions.data, form.minutes.data,
                                 publish=form.publish.data)
        return done(_("Le compte rendu de la réunion est enregistré."),
                    url_for("dashboard.committee_page", slug=slug) + f"#reunion-{meeting.id}")

    return form_view(form, "dashboard/minutes_form.html", recorded, territory=territory,
                     meeting=meeting)


def _managed(slug):
    return programme_territory(slug, permissions.require_manage)


@login_required
def manage_meetings(slug):
    territory = _managed(slug)
    form = MeetingForm()

    def planned():
        committee.plan_meeting(current_user, territory, form.phase.data, form.moment.data,
                               form.meeting_date.data, form.title.data, form.agenda.data)
        return done(_("La réunion du comité de pilotage est prévue."),
                    url_for("dashboard.manage_meetings", slug=slug))

    return form_view(form, "dashboard/manage/meetings.html", planned,
                     **_committee_context(territory))


@login_required
def plan_phase_meetings(slug):
    territory = _managed(slug)
    added = committee.plan_phase_meetings(current_user, territory)
    return done(ngettext("%(num)d réunion de lancement ou de clôture est ajoutée.",
                         "%(num)d réunions de lancement et de clôture sont ajoutées.",
                         len(added)),
                url_for("dashboard.manage_meetings", slug=slug))


@login_required
def remove_meeting(slug, meeting_id):
    territory = _managed(slug)
    meeting = load(SteeringMeeting, meeting_id, territory, _("Cette réunion n'existe pas."))
    if (asked := confirm.ask_first(asks.REMOVE_MEETING,
                                   url_for("dashboard.manage_meetings", slug=slug),
                                   territory=territory)):
        return asked
    committee.remove_meeting(current_user, territory, meeting)
    return done(_("La réunion est supprimée."), url_for("dashboard.manage_meetings", slug=slug))
