"""What the events module asks before an irreversible or collective action (``confirm.py``):
leaving an event or one workshop, cancelling an event or one session of a series."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ...confirm import Ask, define
from ..models import RegistrationStatus
from ..services import queries

CANCEL_EVENT = define(
    "events.cancel", _l("Annuler l'événement ?"),
    _l("Toutes les inscriptions sont annulées et chaque inscrit·e reçoit un e-mail qui retire "
       "l'événement de son agenda. Cela ne peut pas être défait."),
    _l("Oui, annuler l'événement"))
CANCEL_SESSION = define(
    "events.cancel_session", _l("Annuler cette séance ?"),
    _l("La séance est marquée « annulée » dans l'agenda et les inscrit·es sont prévenu·es par "
       "e-mail."),
    _l("Oui, annuler la séance"))


def unregister(held):
    """Leaving ``held`` (with, for a summit, every workshop it holds)."""
    workshops = sum(1 for item in queries.registration_family(held)[1:]
                    if item.status != RegistrationStatus.CANCELLED)
    if workshops:
        consequence = ngettext(
            "Votre place au sommet et votre place dans %(num)d atelier seront libérées et "
            "données aux personnes en attente.",
            "Votre place au sommet et vos places dans %(num)d ateliers seront libérées et "
            "données aux personnes en attente.", workshops)
    else:
        consequence = _("Votre place sera libérée et donnée à la première personne en attente.")
    return Ask(_("Vous désinscrire ?"), consequence, _("Oui, me désinscrire"))


def leave_workshop(workshop):
    return Ask(_("Quitter l'atelier « %(title)s » ?", title=workshop.title),
               _("Votre place dans cet atelier sera libérée ; votre inscription au sommet et "
                 "à vos autres ateliers est maintenue."),
               _("Oui, quitter cet atelier"))
