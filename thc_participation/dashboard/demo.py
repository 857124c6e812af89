"""Demo content for Saint-Exemple-sur-Loire: a programme started eight months ago, every date
taken from the demo's calendar (``thc_participation.demo.Calendar``, the guide's order).

Services only flush: ``thc demo`` commits after each module's ``populate``."""

import io
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from werkzeug.datastructures import FileStorage

from ..extensions import db
from ..text import slugify
from ..timeutil import from_paris
from . import demo_programme, links
from . import timeline as tl
from .models import ActionFollower
from .samples import pdf_bytes, png_bytes
from .services import actions, actors, common, documents, inventory, programme, team

BLUE, GREEN, SAND, WHITE = (29, 63, 143), (30, 107, 52), (230, 214, 170), (250, 250, 250)

TEAM = (
    # role, name, function, service, e-mail shown, user key
    ("president", "Jean-Pierre Gaudin", "Maire", None, True, None),
    ("elu-democratie", "Monique Lefèvre", "Adjointe à la démocratie participative", None, True,
     "elu"),
    ("copil-elu", "Aïcha Mansouri", "Conseillère municipale d'opposition", None, False, None),
    ("dgs", "Hélène Marchand", "Directrice générale des services", None, False, None),
    ("directeur-democratie", "Karim Benali", "Directeur de la démocratie participative", None,
     True, "agent"),
    ("copil-agent", "Thomas Rivière", "Responsable de la communication", None, False, None),
    ("copil-citoyen", "Sophie Garnier", "Habitante des Varennes", None, False, "steering"),
    ("copil-citoyen", "Mathieu Royer", "Habitant du Centre-bourg", None, False, None),
    ("copil-citoyen", "Fatou Ndiaye", "Habitante de La Gare", None, False, None),
    ("equipe-projet", "Léa Fontaine", "Chargée de mission participation", None, True, None),
    ("equipe-projet", "Bernard Chevalier", "Conseiller municipal délégué à la jeunesse", None,
     False, None),
    ("contact-do", "Camille Roussel", "Chargée d'accompagnement, Démocratie Ouverte", None, True,
     None),
    ("referent", "Élodie Perrin", "Responsable du service", "Jeunesse et vie étudiante", True,
     None),
    ("referent", "Pascal Fabre", "Instructeur", "Urbanisme et cadre de vie", False, None),
    ("referent", "Nora Belkacem", "Coordinatrice", "Culture et vie associative", True, None),
    ("referent", "Yves Carpentier", "Travailleur social", "Solidarités (CCAS)", False, None),
)

INVENTORY = (
    ("emergence", "dispositif", "Conseils de quartier",
     "Cinq conseils de quartier, réunis deux fois par an ; participation en baisse."),
    ("emergence", "information", "Saint-Exemple Mag",
     "Magazine municipal trimestriel distribué dans toutes les boîtes aux lettres."),
    ("emergence", "outil-interne", "Registre des doléances en mairie", None),
    ("elaboration", "dispositif", "Ateliers de concertation sur le PLU",
     "Organisés en 2023, très suivis par les retraités, peu par les jeunes."),
    ("elaboration", "information", "Réunions publiques", None),
    ("elaboration", "outil-interne", "Fiche projet commune aux services",
     "Ne prévoit pas encore de volet participation."),
    ("decision", "dispositif", "Conseil municipal ouvert au public", None),
    ("decision", "information", "Comptes rendus du conseil sur le site web",
     "Publiés avec deux à trois mois de retard."),
    ("decision", "outil-interne", "Commission démocratie", None),
    ("mise-en-oeuvre", "dispositif", "Comité des usagers de la médiathèque", None),
    ("mise-en-oeuvre", "information", "Panneaux lumineux et page Facebook", None),
    ("mise-en-oeuvre", "outil-interne", "Tableau de suivi des projets", None),
    ("evaluation", "dispositif", "Aucun dispositif d'évaluation citoyenne",
     "Le programme THC doit combler ce manque."),
    ("evaluation", "information", "Rapport d'activité annuel", None),
    ("evaluation", "outil-interne", "Indicateurs de fréquentation des équipements", None),
)

ACTORS = (
    ("Repair Café des Rives", "association", "Ateliers de réparation gratuits chaque samedi "
     "matin : vélos, petit électroménager, couture.", "2 quai de Loire", 47.3905, 0.6861),
    ("Les Jardins Partagés du Clos Fleuri", "collectif", "Quarante parcelles cultivées en "
     "commun, compost de quartier et troc de graines.", "Rue des Glycines", 47.3972, 0.6953),
    ("AMAP Loire et Terroir", "association", "Paniers hebdomadaires de légumes bio de trois "
     "fermes voisines.", "Salle des fêtes, place de la Mairie", 47.3921, 0.6883),
    ("Boulangerie Coopérative Le Fournil", "entreprise", "Société coopérative : pain au levain, "
     "invendus donnés à l'épicerie solidaire.", "14 Grande Rue", 47.3917, 0.6897),
    ("Épicerie solidaire La Passerelle", "association", "Produits à petit prix pour les "
     "familles orientées par le CCAS, bénévoles bienvenus.", "5 rue de la Gare", 47.3880, 0.6924),
    ("Collectif Vélo Saint-Exemple", "collectif", "Balades, bourse aux vélos et propositions "
     "d'aménagements cyclables.", None, 47.3948, 0.6822),
    ("Ligue de protection des oiseaux — groupe local", "association", "Comptages, sorties "
     "nature sur les bords de Loire, refuges LPO.", "Maison de la Loire", 47.3867, 0.6801),
    ("Marie Lenoir, écrivaine publique", "personne", "Aide bénévole aux démarches "
     "administratives chaque mardi à la médiathèque.", "Médiathèque", 47.3930, 0.6870),
    ("Radio Val de Loire", "association", "Radio associative locale, émission mensuelle sur "
     "la vie des quartiers.", "8 rue Rabelais", 47.3958, 0.6905),
    ("Les Petits Débrouillards 37", "association", "Ateliers scientifiques pour les enfants "
     "pendant les vacances.", "Centre social des Varennes", 47.3989, 0.6849),
    ("Garage solidaire Mobil'Emploi", "entreprise", "Entretien de véhicules à prix réduit pour "
     "les personnes en insertion.", "ZA des Perrières", 47.3842, 0.6990),
    ("Collectif des parents de l'école Jules-Ferry", "collectif", "Pédibus, fête de l'école "
     "et rue aux enfants le vendredi.", "École Jules-Ferry", 47.3935, 0.6835),
    ("Club de l'amitié des Varennes", "association", "Lutte contre l'isolement des aînés : "
     "après-midis jeux, visites à domicile.", "Centre social des Varennes", 47.3995, 0.6862),
    ("Recyclerie La Seconde Vie", "entreprise", "Entreprise d'insertion : collecte, tri et "
     "revente d'objets.", "Route de Tours", 47.3871, 0.7021),
    ("Théâtre de l'Escabeau", "collectif", "Troupe amateur, théâtre-forum sur la vie "
     "municipale.", "Salle Jean-Vilar", 47.3912, 0.6846),
)

DECLARATION = (
    "La commune de Saint-Exemple-sur-Loire s'engage à **associer ses habitants** à chaque "
    "étape de ses décisions : diagnostic, élaboration, décision, mise en œuvre et évaluation.\n\n"
    "Ce plan d'action est issu du sommet citoyen et de la consultation en ligne, qui ont réuni "
    "plus de 600 contributions."
)
FRAMEWORK = (
    "- Durée : jusqu'à la fin du programme (J+24 mois), bilan public à chaque étape ;\n"
    "- Budget : 80 000 € par an, dont 50 000 € de budget participatif ;\n"
    "- Pilotage : le comité de pilotage se réunit tous les deux mois, comptes rendus publics ;\n"
    "- Évaluation : le groupe d'évaluation tiré au sort suit chaque engagement."
)

COMMITMENTS = (
    ("Budget participatif des quartiers",
     "Les habitants proposent des projets d'intérêt général pour leur quartier, les services "
     "vérifient leur faisabilité, puis tout le monde vote.",
     "50 000 € par an décidés par les habitants ; 1 000 votants dès la première édition, dont "
     "un quart de moins de 25 ans."),
    ("Conseil des jeunes",
     "Un conseil de 20 jeunes de 14 à 20 ans, tirés au sort parmi les volontaires, avec un "
     "budget propre.", "Avis du conseil des jeunes sur chaque projet qui les concerne."),
    ("Maison des initiatives citoyennes",
     "Un tiers-lieu dans l'ancienne poste pour accueillir associations et collectifs.",
     "Ouverture 5 jours sur 7 ; 30 associations accueillies ; un café associatif."),
    ("Transparence des décisions municipales",
     "Conseils municipaux retransmis et archivés, délibérations et budgets en données ouvertes.",
     "Comptes rendus publiés sous 15 jours ; budget lisible en ligne."),
)

UPDATES = {
    0: (
        (1, "conception", "Trois ateliers de conception du règlement avec 60 habitants : "
         "projets d'investissement, 5 000 € maximum chacun.", "Atelier du règlement"),
        (2, "experimentation", "Première édition lancée dans deux quartiers pilotes : 47 "
         "projets déposés, 31 jugés faisables.", "Dépôt des projets au marché"),
    ),
    1: ((1, "conception", "Rencontres avec les deux collèges et le lycée ; 64 jeunes "
         "volontaires.", None),),
    2: (
        (1, "conception", "Visite de l'ancienne poste avec les associations ; programme des "
         "usages rédigé ensemble.", None),
        (2, "experimentation", "Ouverture à l'essai trois après-midis par semaine.",
         "Les premiers occupants de la Maison"),
        (3, "ameliorations", "Horaires élargis le samedi et café associatif après le bilan des "
         "trois premiers mois.", None),
    ),
    3: (
        (1, "conception", "Choix d'un outil libre de retransmission et de publication des "
         "délibérations.", None),
        (2, "experimentation", "Deux conseils municipaux retransmis en direct : 180 et 240 "
         "spectateurs.", None),
        (2, "ameliorations", "Sous-titrage ajouté à la demande du groupe d'évaluation.", None),
        (3, "generalisation", "Tous les conseils sont retransmis ; les délibérations paraissent "
         "en données ouvertes sous 15 jours.", None),
    ),
}


def _file(name, data):
    return FileStorage(stream=io.BytesIO(data), filename=name)


def _at(day):
    """Noon, Paris time, of ``day`` as stored UTC."""
    return from_paris(datetime.combine(day, time(12)))


def _pdf(title, *lines):
    return _file(f"{title.lower().replace(' ', '-')}.pdf", pdf_bytes(title, lines))


ASSESSMENT = (
    "**Ce qui existe déjà** : cinq conseils de quartier (participation en baisse), des "
    "ateliers de concertation sur le PLU, un conseil municipal ouvert au public, un comité des "
    "usagers de la médiathèque. **Ce qui manque** : aucun dispositif d'évaluation citoyenne, "
    "peu de jeunes dans les instances.\n\n"
    "**Parcours retenu** : 24 mois dans l'ordre du guide, accompagnement de base et quatre "
    "jours supplémentaires (restitution du diagnostic, sommet citoyen, formation des agents).")
SUPPORT = (
    # calendar date, additional days used, trip, subject
    ("assessment", 0, True, "État des lieux d'entrée avec l'équipe municipale"),
    ("diagnostic_restitution", 1, True, "Co-animation de la restitution du diagnostic"),
    ("summit", 1, True, "Co-animation du sommet citoyen"),
    ("plan_adopted", 1, False, "Formation des agents au suivi des actions (à distance)"),
)


def _programme(demo, territory, agent):
    calendar, admin = demo.calendar, demo.users["admin"]
    programme.set_convention(admin, territory, 24, "renforce", 4)
    programme.record_assessment(agent, territory, calendar.assessment, ASSESSMENT, {
        item.key: (tl.add_months(calendar.start, tl.guide_month(item)), False)
        for item in tl.DELIVERABLES})
    for key, days, trip, subject in SUPPORT:
        programme.add_support_session(admin, territory, getattr(calendar, key), days, trip,
                                      subject)


def populate(demo):
    territory, agent, calendar = demo.territory, demo.users["agent"], demo.calendar
    start = calendar.start
    today = common.today_paris()
    _programme(demo, territory, agent)
    _team(demo, territory, agent, start)
    _documents(demo, territory, agent, start)
    for step, category, name, description in INVENTORY:
        item = inventory.add_inventory_item(agent, territory, step, category, name, description)
        item.created_at = _at(start + timedelta(days=35))
    _actors(demo, territory, agent, start)
    actions.update_plan(agent, territory, DECLARATION, FRAMEWORK, calendar.plan_adopted)
    for index, (title, description, results) in enumerate(COMMITMENTS):
        commitment = actions.add_commitment(agent, territory, title, description, results)
        # The group's citizens have accounts: they post their action's updates themselves.
        for person, role in ((None, "Animateur du groupe action"),
                             (demo.citizens[index], "Habitant·e tiré·e au sort"),
                             (demo.citizens[index + 10], "Habitant·e volontaire")):
            actions.add_action_member(agent, territory, commitment,
                                      person.display_name if person else "Karim Benali", role,
                                      email=person.email if person else None)
        for month, stage, text, caption in UPDATES[index]:
            day = min(start + relativedelta(months=4 + month, days=10 + index * 3), today)
            photos = [(_file("photo.png", png_bytes(64, 40, SAND, [(26, 40, GREEN)])), caption)] \
                if caption else []
            actions.post_update(agent, territory, commitment, day, text, stage, photos,
                                notify=False)
        db.session.add(ActionFollower(commitment_id=commitment.id,
                                      user_id=demo.users["citizen"].id))
    demo_programme.populate(demo)


def _team(demo, territory, agent, start):
    draws = [int(value) for value, _label in links.draw_choices(territory)]
    for role, name, function, service, shown, user_key in TEAM:
        email = f"{slugify(name).replace('-', '.')}@saint-exemple.fr"
        member = team.add_team_member(
            agent, territory, role, name, function=function, service=service,
            email=email, show_email=shown, draw_id=draws[0] if draws and role ==
            "copil-citoyen" else None, account=demo.users.get(user_key) if user_key else None,
        )
        member.created_at = _at(demo.calendar.team_complete)


def _documents(demo, territory, agent, start):
    calendar = demo.calendar

    def publish(kind, title, day, file=None, body=None, author=agent):
        documents.publish_document(author, territory, kind, title, day, file=file, body=body)

    publish("declaration", "Lettre de déclaration d'engagement", calendar.declaration,
            _pdf("Lettre de declaration", "Saint-Exemple-sur-Loire s'engage dans le programme",
                 "Territoires Hautement Citoyens.", "Le maire, Jean-Pierre Gaudin"))
    publish("convention", "Convention de partenariat avec Démocratie Ouverte",
            calendar.convention,
            _pdf("Convention de partenariat", "Entre la commune et Democratie Ouverte",
                 "Duree : 24 mois."))
    documents.update_video(agent, territory, "https://video.example.org/w/engagement-saint-exemple",
                          calendar.video)
    # The committee meets at the launch and at the end of each phase.
    publish("compte-rendu-copil", "Comité de pilotage n° 1 : installation et lancement",
            calendar.launch,
            body="**Présents** : 9 membres sur 9.\n\n- Adoption du calendrier du diagnostic ;\n"
                 "- lancement de la cartographie des acteurs citoyens.")
    publish("compte-rendu-copil", "Comité de pilotage n° 2 : restitution du diagnostic",
            calendar.months(2) - timedelta(days=1),
            _pdf("Comite de pilotage n 2", "Restitution du diagnostic democratique.",
                 "Preparation du sommet citoyen."))
    publish("compte-rendu-copil", "Comité de pilotage n° 3 : adoption du plan, lancement des "
            "actions", calendar.months(5) - timedelta(days=1),
            body="**Présents** : 8 membres sur 9.\n\nLes quatre groupes action sont constitués ; "
                 "le groupe d'évaluation présentera son premier rapport au prochain comité.")
    publish("diagnostic", "Diagnostic démocratique de Saint-Exemple-sur-Loire",
            calendar.diagnostic_report,
            _pdf("Diagnostic democratique", "Inventaire des dispositifs de participation,",
                 "des moyens d'information et des outils internes.", "42 entretiens."))
    publish("sommet", f"Compte rendu du sommet citoyen du {calendar.summit_label()}",
            calendar.summit_report,
            _pdf("Sommet citoyen", "312 participants, 14 ateliers, 86 propositions."))
    publish("schema-avant", "Schéma de gouvernance avant le programme",
            calendar.plan_adopted - timedelta(days=5),
            _file("schema-avant.png", png_bytes(320, 180, WHITE, [(40, 60, BLUE), (110, 130, BLUE)])))
    publish("schema-apres", "Schéma de gouvernance après le sommet",
            calendar.plan_adopted - timedelta(days=5),
            _file("schema-apres.png", png_bytes(320, 180, WHITE, [(30, 50, BLUE), (80, 100, GREEN),
                                                                   (130, 150, BLUE)])))
    publish("rapport-evaluation", "Premier rapport du groupe d'évaluation",
            start + relativedelta(months=7),
            body="Le groupe a suivi les quatre engagements. **Points forts** : la retransmission "
                 "des conseils. **À améliorer** : la place des jeunes dans le budget participatif.",
            author=demo.users["evaluation"])


def _actors(demo, territory, agent, start):
    proposers = demo.citizens[:len(ACTORS)]
    for (name, kind, description, address, lat, lon), proposer in zip(ACTORS, proposers, strict=True):
        proposal = actors.propose_actor(proposer, territory, name, kind, description, lat, lon,
                                        address=address)
        actors.review_actor(agent, territory, proposal, accept=True)
        proposal.created_at = _at(start + timedelta(days=20))
        proposal.reviewed_at = _at(start + timedelta(days=25))
    actors.propose_actor(
        demo.users["citizen"], territory, "Fablab des Varennes", "association",
        "Imprimantes 3D et découpe laser en accès libre le mercredi.", 47.3982, 0.6871,
        address="Centre social des Varennes")
