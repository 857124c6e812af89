"""What the dashboard module asks before an irreversible action (``confirm.py``)."""

from flask_babel import lazy_gettext as _l

from ...confirm import define

REMOVE_TEAM_MEMBER = define(
    "dashboard.remove_team_member", _l("Retirer cette personne de l'équipe ?"),
    _l("Elle disparaît de la page publique de l'équipe."), _l("Oui, la retirer"))
DELETE_DOCUMENT = define(
    "dashboard.delete_document", _l("Supprimer ce document ?"),
    _l("Le fichier sera effacé et ses liens ne fonctionneront plus. Cela ne peut pas être "
       "défait."),
    _l("Oui, supprimer le document"))
REMOVE_INVENTORY_ITEM = define(
    "dashboard.remove_inventory_item", _l("Retirer cet élément de l'inventaire ?"),
    _l("Il disparaît de l'inventaire public. Cela ne peut pas être défait."),
    _l("Oui, le retirer"))
REMOVE_SUPPORT_SESSION = define(
    "dashboard.remove_support_session", _l("Retirer cet accompagnement ?"),
    _l("Il disparaît du programme. Cela ne peut pas être défait."), _l("Oui, le retirer"))
REMOVE_ACTION_MEMBER = define(
    "dashboard.remove_action_member", _l("Retirer ce membre du groupe action ?"),
    _l("La personne ne pourra plus publier d'avancées pour cette action."),
    _l("Oui, le retirer"))
REMOVE_MEETING = define(
    "dashboard.remove_meeting", _l("Supprimer cette réunion du comité ?"),
    _l("Elle disparaît du calendrier du comité de pilotage. Cela ne peut pas être défait."),
    _l("Oui, supprimer la réunion"))
UNLINK_PROPOSAL = define(
    "dashboard.unlink_proposal", _l("Détacher cette proposition de l'action ?"),
    _l("La proposition n'apparaîtra plus comme reprise par cette action."),
    _l("Oui, la détacher"))
HIDE_UPDATE = define(
    "dashboard.hide_update", _l("Masquer cette avancée ?"),
    _l("Elle ne sera plus visible du public."), _l("Oui, masquer"))
