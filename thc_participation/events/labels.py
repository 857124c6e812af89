"""French labels of the event vocabularies (msgids for Flask-Babel)."""

from flask_babel import lazy_gettext as _l

from .models import EventKind, EventStatus, RegistrationStatus, Visibility

KIND_LABELS = {
    EventKind.VISITE: _l("Visite apprenante"),
    EventKind.SEMINAIRE: _l("Séminaire des pairs"),
    EventKind.VISIO_PRIVEE: _l("Visio privée du réseau"),
    EventKind.VISIO_PUBLIQUE: _l("Visio publique"),
    EventKind.SOMMET: _l("Sommet citoyen"),
    EventKind.ATELIER: _l("Atelier"),
    EventKind.REUNION: _l("Réunion publique"),
    EventKind.AUTRE: _l("Autre"),
}

VISIBILITY_LABELS = {
    Visibility.PUBLIC: _l("Public"),
    Visibility.NETWORK: _l("Membres du réseau"),
    Visibility.INVITED: _l("Sur invitation"),
}

STATUS_LABELS = {
    EventStatus.SCHEDULED: _l("Programmé"),
    EventStatus.POSTPONED: _l("Reporté"),
    EventStatus.CANCELLED: _l("Annulé"),
}

REGISTRATION_LABELS = {
    RegistrationStatus.PENDING: _l("À confirmer par e-mail"),
    RegistrationStatus.CONFIRMED: _l("Inscrit·e"),
    RegistrationStatus.WAITING: _l("Liste d'attente"),
    RegistrationStatus.CANCELLED: _l("Annulée"),
}
