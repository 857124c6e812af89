"""What the consultation module asks before an irreversible action (``confirm.py``)."""

from flask_babel import lazy_gettext as _l

from ...confirm import define

DELETE_COMMENT = define(
    "consultation.delete_comment", _l("Supprimer votre commentaire ?"),
    _l("Son texte sera effacé ; les réponses qu'il a reçues restent visibles. Cela ne peut pas "
       "être défait."),
    _l("Oui, supprimer mon commentaire"))
CLOSE = define(
    "consultation.close", _l("Clore la consultation ?"),
    _l("Plus personne ne pourra commenter, proposer ni soutenir ; les contributions restent "
       "lisibles."),
    _l("Oui, clore la consultation"))
ARCHIVE = define(
    "consultation.archive", _l("Archiver la consultation ?"),
    _l("Elle quitte la liste des consultations en cours ; plus personne ne pourra y "
       "contribuer."),
    _l("Oui, archiver"))
DELETE_PHASE = define(
    "consultation.delete_phase", _l("Supprimer cette phase ?"),
    _l("La phase et ses réglages seront supprimés. Cela ne peut pas être défait."),
    _l("Oui, supprimer la phase"))
DELETE_PLACE = define(
    "consultation.delete_place", _l("Supprimer ce lieu d'aide ?"),
    _l("Il ne sera plus indiqué aux habitant·es. Cela ne peut pas être défait."),
    _l("Oui, supprimer le lieu"))
HIDE = define(
    "consultation.hide", _l("Masquer cette contribution ?"),
    _l("Son texte est remplacé par la raison publique que vous avez écrite, son auteur·ice est "
       "prévenu·e et les signalements sont clos."),
    _l("Oui, masquer"))
# The state a consultation's button leads to -> what is asked first (None: nothing).
STATE = {"closed": CLOSE, "archived": ARCHIVE}
