"""What the live boards ask before a collective action (``confirm.py``): locking or closing a
board, or every board of the summit from the control room."""

from flask_babel import lazy_gettext as _l

from ...confirm import define

BOARD = {
    "lock": define("boards.lock", _l("Verrouiller le tableau ?"),
                   _l("Plus personne ne pourra y ajouter ni y modifier de note, jusqu'à sa "
                      "réouverture."), _l("Oui, verrouiller")),
    "close": define("boards.close", _l("Clôturer le tableau ?"),
                    _l("Le tableau est clos définitivement : les notes restent consultables et "
                       "exportables, plus personne ne peut écrire."), _l("Oui, clôturer")),
}
ROOM = {
    "lock": define("boards.lock_all", _l("Verrouiller tous les tableaux ouverts ?"),
                   _l("Dans chaque atelier du sommet, plus personne ne pourra ajouter ni "
                      "modifier de note, jusqu'à leur réouverture."),
                   _l("Oui, tout verrouiller")),
    "close": define("boards.close_all", _l("Clôturer tous les tableaux ?"),
                    _l("Tous les tableaux du sommet sont clos définitivement : les notes restent "
                       "consultables et exportables."), _l("Oui, tout clôturer")),
}
