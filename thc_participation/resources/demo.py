"""Demo resources: Démocratie Ouverte's kits for each phase, files generated here (none is
committed), one of them with an earlier version kept."""

import io

from dateutil.relativedelta import relativedelta
from werkzeug.datastructures import FileStorage

from ..text import slugify
from ..timeutil import to_paris
from . import samples, services

STEPS = ("Émergence des besoins et mise à l'agenda", "Élaboration et co-construction",
         "Décision", "Mise en œuvre", "Évaluation")


def _odt(title, *paragraphs):
    return samples.odt(title, paragraphs), "odt"


def _pdf(title, *lines):
    return samples.pdf(title, lines), "pdf"


def _csv(header, rows):
    return samples.csv(header, rows), "csv"


def _resources():
    """(title, description, phase, kind, public, (data, extension))"""
    return (
        ("Modèle de lettre de déclaration d'engagement",
         "La lettre par laquelle l'exécutif déclare l'entrée de la collectivité dans le "
         "programme, à adapter et signer.", "engagement", "modele", False,
         _odt("Lettre de déclaration d'engagement", "Madame, Monsieur,",
              "La collectivité s'engage dans le programme Territoires Hautement Citoyens…")),
        ("Fiche : constituer le comité de pilotage",
         "Trois collèges de trois membres : élus, agents, citoyens tirés au sort.",
         "engagement", "fiche", True,
         _pdf("Constituer le comité de pilotage", "Collège des élus : 3 sièges",
              "Collège des agents : 3 sièges", "Collège des citoyens tirés au sort : 3 sièges")),
        ("Fiches diagnostic du cycle de gouvernance",
         "Une fiche par étape du cycle pour recenser dispositifs, moyens d'information et "
         "outils internes.", "diagnostic", "fiche", False,
         _pdf("Fiches diagnostic", *(f"Étape {i} : {s}" for i, s in enumerate(STEPS, 1)))),
        ("Matrice de modélisation du schéma de gouvernance",
         "Pour chaque étape du cycle, qui intervient et à quel niveau de participation : à "
         "remplir avant le sommet, à compléter après.", "diagnostic", "matrice", False,
         _csv(["Étape du cycle", "Acteurs", "Niveau de participation", "Dispositif"],
              [(s, "", "", "") for s in STEPS])),
        ("Modèle de rapport « Diagnostic Démocratique »",
         "Le plan type du rapport remis au comité de pilotage à la fin de la phase 2.",
         "diagnostic", "modele-rapport", False,
         _odt("Diagnostic Démocratique", "1. Le territoire et sa gouvernance",
              "2. L'inventaire du cycle de gouvernance", "3. La cartographie des acteurs",
              "4. Les pistes pour le sommet citoyen")),
        ("Programme type du sommet citoyen",
         "Une journée : accueil, plénière, ateliers par étape du cycle, restitution.",
         "summit", "programme-type", True,
         _odt("Programme type du sommet citoyen", "9 h 00 — Accueil",
              "9 h 30 — Plénière d'ouverture", "10 h 30 — Ateliers par étape du cycle",
              "16 h 00 — Restitution et suites")),
        ("Kit d'animation des ateliers",
         "Déroulé, consignes aux animateurs, gestion du temps et des prises de parole.",
         "summit", "kit-animation", False,
         _pdf("Kit d'animation des ateliers", "1. Accueillir et présenter les règles",
              "2. Faire émerger les idées (post-it, tour de table)",
              "3. Regrouper et prioriser", "4. Restituer en plénière")),
        ("Cahier des charges de la consultation",
         "Ce que la consultation en ligne doit permettre, phase par phase.",
         "summit", "cahier-des-charges", False,
         _odt("Cahier des charges de la consultation", "Objet de la consultation",
              "Publics visés et lieux d'aide", "Calendrier et modération")),
        ("Modèle de plan d'action",
         "Déclaration, cadre et engagements avec leur porteur, leur calendrier et leurs "
         "indicateurs.", "summit", "modele-plan", False,
         _odt("Plan d'action", "Déclaration", "Cadre du plan d'action",
              "Engagement 1 : …")),
        ("Fiche de suivi d'une action",
         "De la conception au bilan : les cinq étapes d'une action et ce qu'on y documente.",
         "implementation", "fiche", False,
         _csv(["Étape", "Date", "Ce qui a été fait", "Prochaine étape"],
              [(s, "", "", "") for s in ("Conception", "Expérimentation", "Améliorations",
                                          "Généralisation", "Bilan")])),
        ("Grille d'évaluation des critères",
         "Pour le groupe d'évaluation : chaque critère, son appréciation et ses preuves.",
         "evaluation", "matrice", False,
         _csv(["Critère", "Appréciation", "Éléments de preuve"],
              [("Transparence", "", ""), ("Inclusion", "", ""), ("Influence", "", "")])),
        ("Modèle de bilan final du territoire",
         "Le plan type du bilan final présenté à la fin du programme.",
         "evaluation", "modele-rapport", False,
         _odt("Bilan final", "Ce qui a changé dans la gouvernance", "Les actions et leur bilan",
              "Les suites")),
    )


def _file(title, data, extension):
    name = f"{slugify(title)}.{extension}"
    return FileStorage(io.BytesIO(data), filename=name)


def populate(demo):
    admin = demo.users["admin"]
    today = to_paris(demo.now).date()
    released = today - relativedelta(months=3)
    for title, description, phase, kind, public, (data, ext) in _resources():
        resource = services.create_resource(admin, title, description, phase, kind,
                                            _file(title, data, ext), "v1", released,
                                            public=public)
        if title.startswith("Fiches diagnostic"):
            data, ext = _pdf("Fiches diagnostic (v2)",
                             *(f"Étape {i} : {s}" for i, s in enumerate(STEPS, 1)),
                             "Nouveau : une fiche sur les budgets participatifs")
            services.add_version(admin, resource, _file(title, data, ext), "v2",
                                 today - relativedelta(months=1),
                                 "Ajout d'une fiche sur les budgets participatifs.")
