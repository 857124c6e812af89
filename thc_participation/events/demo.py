"""Demo content: the network's calendar and the citizen summit of Saint-Exemple-sur-Loire.

The territory's events take their dates from the demo's calendar (``demo.calendar``: launch
at J, diagnostic restitution before J+2, summit after it); the network's learning visits and
peer seminars are for network members only.

``populate(demo)`` returns the summit's four workshops (kind ``atelier``, children of the
summit) so that other modules (live boards) can attach to them; they are also findable
with ``Event.kind == EventKind.ATELIER``.
"""

from datetime import datetime, timedelta

from dateutil.relativedelta import TU, relativedelta

from ..extensions import db
from ..timeutil import to_paris
from .models import Registration, RegistrationStatus
from .services import events, queries
from .services.seats import new_checkin_code
from .services.validation import EventData, Recurrence

SALLE = "Salle des fêtes, 12 place de la Mairie, 37000 Saint-Exemple-sur-Loire"


def _local(demo, days, hour=0, minute=0):
    """A Paris wall-clock datetime ``days`` from today."""
    day = to_paris(demo.now).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute)


def _on(day, hour=0, minute=0):
    """A Paris wall-clock datetime on ``day``."""
    return datetime(day.year, day.month, day.day, hour, minute)


def _event(actor, territory, parent=None, **fields):
    return events.create_event(actor, territory, EventData(**fields), parent=parent)


def _register(event, user, status=RegistrationStatus.CONFIRMED, checked_in=False):
    registration = Registration(
        event=event, user=user, status=status, checkin_code=new_checkin_code(),
        confirmed_at=event.created_at if status == RegistrationStatus.CONFIRMED else None,
        checked_in_at=event.start_at if checked_in else None,
    )
    db.session.add(registration)
    return registration


def _network(demo):
    admin = demo.users["admin"]
    today = _local(demo, 0)
    # The monthly private call: 2nd Tuesday at 18:00, from three months ago for a year.
    first = (today - relativedelta(months=3)).replace(day=1) + relativedelta(weekday=TU(+2))
    call = _event(
        admin, None, kind="visio-privee", title="Visio mensuelle des élus et agents THC",
        description="Deux heures entre pairs pour partager ce qui marche et ce qui coince "
                    "dans les démarches participatives. Ordre du jour envoyé la veille.",
        start=first.replace(hour=18), end=first.replace(hour=20), visibility="reseau",
        capacity=10, online_url="https://visio.demo.thc.fr/reseau-mensuel",
        recurrence=Recurrence("monthly_weekday", until=(today + relativedelta(months=12)).date()),
    )
    upcoming = queries.occurrences_of(call, window=(demo.now, demo.now + timedelta(days=400)))
    # The second upcoming call falls during a holiday week: cancelled; the third is moved.
    events.cancel_occurrence(admin, call, to_paris(upcoming[1].original_start)
                               .replace(tzinfo=None))
    moved = to_paris(upcoming[2].original_start).replace(tzinfo=None)
    events.move_occurrence(admin, call, moved, moved + timedelta(days=2),
                             moved + timedelta(days=2, hours=2))
    for key in ("agent", "elu"):
        _register(call, demo.users[key])

    places = [
        ("Visite apprenante à Kingersheim", "Maison de la citoyenneté, Kingersheim", 47.79, 7.32),
        ("Visite apprenante à Loos-en-Gohelle", "Mairie, Loos-en-Gohelle", 50.457, 2.794),
        ("Visite apprenante à Grenoble", "Hôtel de ville, Grenoble", 45.187, 5.736),
    ]
    for quarter, (title, address, lat, lon) in enumerate(places):
        start = _local(demo, 20 + 91 * quarter)
        _event(admin, None, kind="visite", title=title, all_day=True, start=start,
               end=start + timedelta(days=1), address=address, latitude=lat, longitude=lon,
               capacity=30, visibility="reseau", description="Deux jours pour découvrir sur place une démarche "
               "de démocratie participative et en discuter avec ses acteurs.")
        seminar = _local(demo, 62 + 91 * quarter, 9, 30)
        _event(admin, None, kind="seminaire", title=f"Séminaire des pairs n° {quarter + 5}",
               start=seminar, end=seminar.replace(hour=17), visibility="reseau",
               address="Démocratie Ouverte, 41 rue du Faubourg Saint-Martin, Paris",
               latitude=48.870, longitude=2.357, capacity=40,
               description="Une journée de travail entre territoires sur l'évaluation.")
        public_call = _local(demo, 35 + 91 * quarter, 18)
        _event(admin, None, kind="visio-publique",
               title="Visio publique : les Territoires Hautement Citoyens en questions",
               start=public_call, end=public_call.replace(hour=20),
               online_url="https://visio.demo.thc.fr/publique",
               description="Ouverte à toutes et tous : élus, agents, habitants curieux.")


def _upcoming(demo):
    """The territory's next public meeting (J+8: the actions are under way)."""
    agent, territory = demo.users["agent"], demo.territory
    meeting = _local(demo, 12, 19)
    event = _event(agent, territory, kind="reunion",
                   title="Réunion publique : bilan d'étape du plan d'action",
                   description="Les groupes action présentent l'avancement des quatre "
                               "engagements ; le groupe d'évaluation donne son premier avis.",
                   start=meeting, end=meeting.replace(hour=21), address=SALLE,
                   latitude=47.3925, longitude=0.6881, capacity=80, step_free=True)
    for person in demo.citizens[30:40]:
        _register(event, person)


def _summit(demo):
    agent, territory, calendar = demo.users["agent"], demo.territory, demo.calendar
    day = _on(calendar.summit)  # a Saturday between J+2 and J+5, after the restitution
    summit = _event(
        agent, territory, kind="sommet", title="Sommet citoyen de Saint-Exemple-sur-Loire",
        description="Une journée pour débattre du diagnostic partagé et imaginer ensemble "
                    "les actions des trois prochaines années. Déjeuner offert.",
        start=day.replace(hour=9), end=day.replace(hour=17, minute=30), address=SALLE,
        latitude=47.3925, longitude=0.6881, capacity=150,
        partners="Association Loire Vivante\nCentre social Les Varennes\n"
                 "Radio Val de Loire (média partenaire)\nLa Nouvelle République (média partenaire)",
        step_free=True, childcare=True, interpretation="Langue des signes française (LSF) le matin",
        accessibility_notes="Boucle magnétique en salle plénière. Places réservées près de la scène.",
    )
    specs = [
        ("Mobilités : se déplacer sans voiture au quotidien", 10, 25),
        ("Alimentation locale et cantines scolaires", 10, 25),
        ("Jeunesse : des lieux pour les 15-25 ans", 14, 8),
        ("Bords de Loire : aménager ensemble", 14, 25),
    ]
    workshops = [
        _event(agent, territory, parent=summit, kind="atelier", title=title,
               start=day.replace(hour=hour), end=day.replace(hour=hour + 1, minute=30),
               address=SALLE, capacity=capacity)
        for title, hour, capacity in specs
    ]
    people = [demo.users["citizen"], *demo.citizens[:30]]
    for i, person in enumerate(people):
        _register(summit, person, checked_in=i % 4 != 3)
        _register(workshops[i % 2], person, checked_in=i % 4 != 3)
        later = workshops[2] if i % 3 == 0 else workshops[3]
        full = later is workshops[2] and i // 3 >= later.capacity
        _register(later, person, RegistrationStatus.WAITING if full else
                  RegistrationStatus.CONFIRMED, checked_in=not full and i % 4 != 3)
    meeting = _on(calendar.diagnostic_restitution, 19)
    public = _event(agent, territory, kind="reunion",
                    title="Réunion publique : restitution du diagnostic partagé",
                    start=meeting, end=meeting.replace(hour=21), address=SALLE,
                    latitude=47.3925, longitude=0.6881, capacity=80, step_free=True)
    for person in demo.citizens[30:40]:
        _register(public, person, checked_in=True)
    launch = _on(calendar.launch, 18, 30)
    earlier = _event(agent, territory, kind="reunion",
                     title="Soirée de lancement : le programme THC expliqué, tirage du groupe "
                           "d'évaluation", start=launch, end=launch + timedelta(hours=2),
                     address=SALLE, capacity=60)
    for person in demo.citizens[:12]:
        _register(earlier, person, checked_in=True)
    return workshops


def populate(demo):
    _network(demo)
    _upcoming(demo)
    workshops = _summit(demo)
    db.session.flush()  # ``thc demo`` commits each module's demo
    demo.summit_workshops = workshops
    return workshops

