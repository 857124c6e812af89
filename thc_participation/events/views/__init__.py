"""Pages and feeds of the events module: one blueprint, every URL here.

Public: ``/evenements`` (network calendar, month or list), ``/t/<slug>/evenements``,
``/evenements/<id>`` (+ ``.ics``, ``/inscription``, ``/desinscription``, ``/programme``),
``/inscriptions/...`` (links from e-mails), feeds ``/calendrier/reseau.ics``,
``/t/<slug>/calendrier.ics``, ``/calendrier/moi/<token>.ics`` and ``/calendrier/moi``.
Management: ``/t/<slug>/gestion/evenements/...`` for a territory's agents and
``/admin/evenements/...`` for network admins (same views, the organiser decides).
"""

from flask import Blueprint

from ..display import event_when, places, when
from . import attendees, calendar, manage, registration
from .links import manage_url, subscribe_links, workshop_board_tools, workshop_board_url

bp = Blueprint("events", __name__)

TERRITORY_MANAGE = "/t/<slug>/gestion/evenements"
NETWORK_MANAGE = "/admin/evenements"
GET_POST = ["GET", "POST"]

# Calendars and feeds.
bp.add_url_rule("/evenements", view_func=calendar.calendar)
bp.add_url_rule("/t/<slug>/evenements", view_func=calendar.territory_calendar)
bp.add_url_rule("/calendrier/reseau.ics", view_func=calendar.network_ics)
bp.add_url_rule("/t/<slug>/calendrier.ics", view_func=calendar.territory_ics)
bp.add_url_rule("/calendrier/reseau-archive.ics", view_func=calendar.network_archive_ics)
bp.add_url_rule("/t/<slug>/calendrier-archive.ics", view_func=calendar.territory_archive_ics)
bp.add_url_rule("/evenements/<int:event_id>.ics", view_func=calendar.event_ics)
bp.add_url_rule("/calendrier/moi/<token>.ics", view_func=calendar.personal_ics)
bp.add_url_rule("/calendrier/moi", view_func=calendar.my_calendar, methods=GET_POST)

# The event page and registrations.
bp.add_url_rule("/evenements/<int:event_id>", view_func=registration.event_page)
bp.add_url_rule("/evenements/<int:event_id>/inscription", view_func=registration.register,
                methods=GET_POST)
bp.add_url_rule("/evenements/<int:event_id>/desinscription",
                view_func=registration.unregister, methods=["POST"])
bp.add_url_rule("/evenements/<int:event_id>/programme", view_func=registration.programme)
bp.add_url_rule("/inscriptions/confirmer/<token>", view_func=registration.confirm_link,
                methods=GET_POST)
bp.add_url_rule("/inscriptions/<token>", view_func=registration.cancel_link, methods=GET_POST)


def _manage(rule, view, **options):
    """A management URL under the territory's and the network's prefixes."""
    bp.add_url_rule(TERRITORY_MANAGE + rule, view_func=view, **options)
    bp.add_url_rule(NETWORK_MANAGE + rule, view_func=view, defaults={"slug": None}, **options)


_manage("", manage.manage_index)
_manage("/nouveau", manage.new_event, methods=GET_POST)
_manage("/<int:event_id>/", manage.manage_event)
_manage("/<int:event_id>/modifier", manage.edit_event, methods=GET_POST)
_manage("/<int:event_id>/atelier", manage.new_workshop, methods=GET_POST)
_manage("/<int:event_id>/annuler", manage.cancel_event, methods=["POST"])
_manage("/<int:event_id>/inviter", manage.invite, methods=["POST"])
_manage("/<int:event_id>/occurrence", manage.change_occurrence, methods=["POST"])
_manage("/<int:event_id>/participants.csv", manage.attendees_csv)
_manage("/<int:event_id>/accueil", manage.checkin, methods=GET_POST)
_manage("/<int:event_id>/participants", attendees.attendee_list)
_manage("/<int:event_id>/participants/<int:registration_id>/presence", attendees.presence,
        methods=["POST"])


@bp.app_context_processor
def _helpers():
    return {
        "event_when": event_when, "event_period": when, "event_manage_url": manage_url,
        "workshop_board_url": workshop_board_url, "calendar_subscribe_links": subscribe_links,
        "workshop_board_tools": workshop_board_tools, "places_in_words": places,
    }
