"""Demo content: an open board on the summit's mobility workshop, full of notes and dots.

Participants open ``/b/TRAM24``; the facilitator (animation@demo.thc.fr) projects it from
``/t/saint-exemple-sur-loire/gestion/ateliers/``.
"""

import random
import uuid

from .services import boards, notes, participants
from .services.pipeline import Actor

DEMO_CODE = "TRAM24"
QUESTION = "Comment se déplacer sans voiture au quotidien à Saint-Exemple-sur-Loire ?"
NOTES = {
    "c1": [
        "Le bus 12 ne passe qu'une fois par heure après 19 h",
        "Pas de piste cyclable sûre entre le bourg et la gare",
        "Les trottoirs de la rue de la Loire sont trop étroits pour les poussettes",
        "Beaucoup de parents déposent leurs enfants en voiture à 300 m de l'école",
        "Aucun abri vélo sécurisé à la gare",
        "Les personnes âgées des Varennes sont isolées sans voiture",
        "Le dimanche, aucun transport en commun",
    ],
    "c2": [
        "Un pédibus pour l'école Jules-Ferry",
        "Des vélos à assistance électrique en location longue durée",
        "Une navette à la demande pour les hameaux",
        "Covoiturage organisé pour le marché du samedi",
        "Une zone 30 dans tout le centre-bourg",
        "Un garage à vélos fermé à la gare",
        "Cartographier les chemins piétons entre quartiers",
        "Des bancs tous les 200 m pour les personnes âgées",
    ],
    "c3": [
        "Tester une navette à la demande pendant 6 mois avec la communauté de communes",
        "Créer une piste cyclable bourg-gare d'ici 2028",
        "Lancer le pédibus à la rentrée avec les parents volontaires",
        "Consacrer 10 % du budget voirie aux mobilités douces",
    ],
}
CLUSTERS = [
    ("c1", "Transports en commun insuffisants", [0, 6]),
    ("c2", "Vélo", [1, 5]),
    ("c2", "Enfants et école", [0]),
]
PSEUDONYMS = ("Lili", "Marcel45", "Anaïs", "Yohan", "Fatou", "Papi Jo", "Clém", "Rémi")


def _op():
    return "demo-" + uuid.uuid4().hex


def populate(demo):
    facilitator = demo.users["facilitator"]
    workshops = boards.workshops_of(demo.territory)
    mobility = next((w for w in workshops if w.title.startswith("Mobilités")), None)
    board = boards.create_board(facilitator, demo.territory, QUESTION, dots=3,
                                event_id=getattr(mobility, "id", None))
    board.code = DEMO_CODE  # a fixed, readable code for the README
    fac = participants.facilitator_actor(facilitator, board)
    boards.set_state(board.id, fac, _op(), "open")  # a change commits (with the board)

    people = [Actor(participants.join_board(board, None, name, None).participant_id)
              for name in PSEUDONYMS]
    people += [Actor(participants.join_board(board, user, None, None).participant_id, user)
               for user in demo.citizens[:6]]
    rng = random.Random(2026)
    added = {}
    for column, texts in NOTES.items():
        added[column] = [notes.add_note(board.id, rng.choice(people), _op(), column,
                                        text).object["id"] for text in texts]
    for column, title, indexes in CLUSTERS:
        notes.create_cluster(board.id, fac, _op(), title, column,
                             [added[column][i] for i in indexes])
    favourites = added["c3"][:2] + added["c2"][:3]
    for person in people:
        for _dot in range(rng.randint(1, 3)):
            target = rng.choice(favourites) if rng.random() < 0.7 else rng.choice(
                added["c1"] + added["c2"])
            notes.vote(board.id, person, _op(), target)
    return board
