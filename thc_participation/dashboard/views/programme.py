"""A territory's own programme (``/t/<slug>/gestion/tableau-de-bord/programme``): the
convention and the support log (network admins, i.e. Démocratie Ouverte), the entry
assessment and the plan per deliverable (the territory's agents too)."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import confirm
from ...access import load
from ...errors import Forbidden
from ...web import done, form_view
from .. import permissions
from .. import timeline as tl
from ..forms import ConventionForm, SupportSessionForm, assessment_form
from ..models import SupportSession
from ..services import programme as services
from ..services import progress, queries
from . import asks
from .manage import _submitted
from .public import programme_territory


def _guide_hints(territory, duration):
    """The guide's landmark of each deliverable, as the hint of its planned date."""
    start = territory.programme_start
    hints = {}
    for item in tl.DELIVERABLES:
        month = tl.guide_month(item, duration)
        hints[item.key] = (_("Repère du guide : J+%(m)d mois, le %(d)s", m=month,
                             d=tl.add_months(start, month).strftime("%d/%m/%Y"))
                           if start else _("Repère du guide : J+%(m)d mois", m=month))
    return hints


@login_required
def manage_programme(slug):
    territory = programme_territory(slug, permissions.require_manage)
    row = queries.programme_of(territory)
    duration = row.duration_months or tl.DURATION_MONTHS
    convention = ConventionForm(prefix="convention", data={
        "duration_months": duration,
        "support_level": row.support_level.value if row.support_level else None,
        "support_days_contracted": row.support_days_contracted or 0})
    entries = services.plan_entries(territory)
    assessment = assessment_form(entries, _guide_hints(territory, duration))(
        prefix="etat", data={"assessed_on": row.assessed_on, "assessment": row.assessment})
    session = SupportSessionForm(prefix="appui")
    back = url_for("dashboard.manage_programme", slug=slug)

    def convention_saved():
        services.set_convention(current_user, territory, convention.duration_months.data,
                                convention.support_level.data,
                                convention.support_days_contracted.data)
        return done(_("La convention est enregistrée."), back)

    def assessment_saved():
        services.record_assessment(
            current_user, territory, assessment.assessed_on.data, assessment.assessment.data,
            {item.key: (assessment[f"planned_{item.key}"].data,
                        assessment[f"existing_{item.key}"].data) for item in tl.DELIVERABLES})
        return done(_("L'état des lieux et le plan du territoire sont enregistrés."), back)

    def session_added():
        services.add_support_session(current_user, territory, session.day.data,
                                     session.days.data, session.trip.data, session.subject.data)
        return done(_("L'accompagnement est enregistré."), back)

    chosen = [(convention, convention_saved), (session, session_added),
              (assessment, assessment_saved)]
    form, on_valid = next((pair for pair in chosen if _submitted(pair[0])), chosen[-1])
    if form is not assessment and request.method == "POST" \
            and not permissions.can_edit_convention(current_user):
        raise Forbidden(_("Cette page est réservée aux administrateurs du réseau."))
    return form_view(
        form, "dashboard/manage/programme.html", on_valid, territory=territory,
        convention=convention, assessment=assessment, session=session,
        deliverables=tl.DELIVERABLES, support=services.support_of(territory),
        timeline=progress.timeline_of(territory), min_trips=services.MIN_TRIPS,
        may_edit_convention=permissions.can_edit_convention(current_user))


@login_required
def remove_support_session(slug, session_id):
    territory = programme_territory(slug, permissions.require_manage)
    found = load(SupportSession, session_id, territory, _("Cet accompagnement n'existe pas."))
    permissions.require_edit_convention(current_user)  # refused before asking
    if (asked := confirm.ask_first(asks.REMOVE_SUPPORT_SESSION,
                                   url_for("dashboard.manage_programme", slug=slug),
                                   subject=found.subject, territory=territory)):
        return asked
    services.remove_support_session(current_user, territory, found)
    return done(_("L'accompagnement est retiré."),
                url_for("dashboard.manage_programme", slug=slug))
