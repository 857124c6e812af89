"""Demo cards: actors (kinds of organisations, fictional names, no contact data)."""

from functools import partial

from . import DemoCard

A = partial(DemoCard, "acteur")


def _a(title, summary, how, steps, phases, scale, audience, related, level="concertation",
       effort="moyen", duration="sur demande", **extra):
    return A(title, summary, how, steps, phases, level, scale, effort, duration, audience,
             related, **extra)


ACTORS = (
    _a("Coopérative d'animation Tisser les Voix",
       "Une coopérative d'animateurs qui conçoit et anime des démarches participatives : "
       "forums ouverts, world cafés, assemblées citoyennes.",
       ("Conception de démarches sur mesure.", "Animation de grands groupes.",
        "Formation des agents à l'animation."),
       "emergence elaboration", "34", "region", "Collectivités, associations.",
       ("Forum ouvert", "World café", "Assemblée citoyenne")),
    _a("Laboratoire de recherche en science politique sur la démocratie délibérative",
       "Une équipe universitaire qui étudie les mini-publics tirés au sort et évalue les "
       "démarches participatives.",
       ("Évaluation indépendante des assemblées citoyennes.",
        "Conseil méthodologique sur le tirage au sort et les quotas.",
        "Interventions lors des sommets citoyens."),
       "evaluation", "35", "national", "Collectivités, chercheurs, étudiants.",
       ("Tirage au sort", "Assemblée citoyenne", "Conférence de citoyens")),
    _a("Fédération régionale des centres sociaux",
       "Un réseau de centres sociaux qui accompagne la participation des habitants dans les "
       "quartiers populaires.",
       ("Mobilisation des habitants éloignés de la participation.",
        "Appui aux conseils citoyens et aux collectifs d'habitants.",
        "Formation des bénévoles."),
       "emergence mise-en-oeuvre", "24", "region", "Habitants des quartiers, bénévoles.",
       ("Photolangage", "Théâtre-forum")),
    _a("Réseau régional des conseils de développement",
       "Un réseau qui relie les conseils de développement, partage leurs pratiques et forme "
       "leurs membres.",
       ("Rencontres régionales.", "Fiches pratiques.", "Formation des nouveaux membres."),
       "elaboration evaluation", "45", "region", "Membres des conseils de développement.",
       ("Conseil de développement",)),
    _a("Association d'éducation populaire Paroles Partagées",
       "Une association qui forme à la prise de parole publique et anime débats mouvants, "
       "arpentages et théâtre-forum.",
       ("Ateliers d'éducation populaire.", "Formation d'animateurs bénévoles.",
        "Interventions dans les collèges et lycées auprès des jeunes."),
       "emergence", "23", "departement", "Habitants, jeunes, bénévoles.",
       ("Débat mouvant", "Arpentage", "Théâtre-forum"), effort="faible"),
    _a("Fédération départementale des maisons des jeunes",
       "Un réseau de maisons des jeunes et de la culture qui accompagne les projets portés par "
       "des jeunes et les conseils de jeunes.",
       ("Animation de conseils de jeunes.", "Appui aux budgets participatifs jeunesse.",
        "Échanges entre jeunes de différentes communes."),
       "emergence elaboration", "4", "departement", "Jeunes de 11 à 25 ans, animateurs jeunesse.",
       ("Conseil municipal des jeunes", "Budget participatif jeunesse")),
    _a("Collectif d'urbanistes Ville Ouverte",
       "Des urbanistes et paysagistes qui pratiquent la concertation sur site : balades "
       "urbaines, chantiers participatifs, maquettes.",
       ("Diagnostic en marchant.", "Ateliers de conception avec les riverains.",
        "Chantiers participatifs d'aménagement."),
       "emergence elaboration mise-en-oeuvre", "24", "region", "Collectivités, habitants.",
       ("Balade urbaine", "Chantier participatif", "Diagnostic en marchant")),
    _a("Civic tech associative de consultation en ligne",
       "Une association qui développe et héberge des plateformes libres de consultation et de "
       "budget participatif.",
       ("Mise à disposition d'une plateforme libre.", "Accompagnement au paramétrage.",
        "Publication des résultats en données ouvertes."),
       "emergence decision", "34", "national", "Collectivités.",
       ("Consultation en ligne", "Budget participatif")),
    _a("Agence de design des politiques publiques",
       "Une équipe de designers qui accompagne les collectivités dans l'amélioration des "
       "services avec les usagers.",
       ("Immersion auprès des usagers.", "Ateliers d'idéation.", "Prototypage et test."),
       "elaboration mise-en-oeuvre", "4", "national", "Collectivités, agents.",
       ("Design de service public",), level="coconstruction", effort="eleve"),
    _a("Centre de ressources régional de la participation",
       "Un centre de ressources public qui recense les démarches, forme les agents et met en "
       "réseau les collectivités.",
       ("Formations courtes pour agents et élus.", "Veille et fiches méthodes.",
        "Journées d'échange de pratiques."),
       "emergence elaboration decision mise-en-oeuvre evaluation", "12345", "region",
       "Agents, élus.", ("Matrice de gouvernance",), level="information", effort="faible"),
    _a("Garant de la concertation",
       "Une personne indépendante, désignée par une instance nationale, qui veille à la "
       "sincérité d'une concertation sur un projet.",
       ("Vérifie l'information du public.", "Veille à ce que chaque question reçoive une "
        "réponse.", "Publie un bilan de la concertation."),
       "elaboration decision", "3", "national", "Porteurs de projets, habitants.",
       ("Consultation en ligne", "Référendum local")),
    _a("Association de médiation numérique",
       "Des médiateurs numériques qui accompagnent les habitants éloignés du numérique pour "
       "participer aux consultations en ligne.",
       ("Permanences en médiathèque et en centre social.",
        "Aide à la contribution en ligne.", "Ateliers de découverte."),
       "emergence", "3", "departement", "Personnes âgées, personnes éloignées du numérique.",
       ("Consultation en ligne",), level="information", effort="faible"),
    _a("Compagnie de théâtre-forum Les Pieds dans le Plat",
       "Une compagnie qui crée des spectacles de théâtre-forum à partir des situations vécues "
       "par les habitants.",
       ("Collecte de récits.", "Création de scènes.", "Animation des représentations."),
       "emergence", "2", "region", "Habitants, jeunes, agents.", ("Théâtre-forum",),
       level="information"),
    _a("Réseau national des budgets participatifs",
       "Un réseau de collectivités et d'associations qui partagent leurs pratiques de budget "
       "participatif.",
       ("Rencontres annuelles.", "Guide méthodologique.", "Observatoire des budgets "
        "participatifs."),
       "emergence decision mise-en-oeuvre", "4", "national", "Collectivités, agents.",
       ("Budget participatif", "Budget participatif jeunesse")),
    _a("Bureau d'études en tirage au sort et quotas",
       "Une petite équipe de statisticiens qui conçoit des tirages au sort vérifiables et "
       "recrute des panels représentatifs.",
       ("Conception des quotas.", "Tirage public vérifiable.",
        "Relance et accompagnement des personnes tirées."),
       "emergence", "15", "national", "Collectivités, organisateurs d'assemblées.",
       ("Tirage au sort", "Panel citoyen"), effort="eleve"),
    _a("Mission locale des jeunes",
       "Un service d'accompagnement des jeunes de 16 à 25 ans, relais pour mobiliser des "
       "jeunes dans les démarches participatives.",
       ("Mobilisation des jeunes suivis.", "Accompagnement aux réunions.",
        "Relais d'information sur les consultations de jeunesse."),
       "emergence", "23", "intercommunalite", "Jeunes de 16 à 25 ans.",
       ("Budget participatif jeunesse", "Conseil municipal des jeunes"),
       level="information", effort="faible"),
    _a("Fondation pour l'innovation démocratique",
       "Une fondation qui soutient financièrement des démarches de démocratie participative "
       "dans les petites communes.",
       ("Appels à projets annuels.", "Cofinancement de démarches.",
        "Évaluation des projets soutenus."),
       "mise-en-oeuvre", "34", "national", "Petites communes, associations.",
       ("Assemblée citoyenne",), level="information"),
    _a("Radio associative locale",
       "Une radio associative qui diffuse les débats, donne la parole aux habitants et couvre "
       "le sommet citoyen.",
       ("Émissions en direct des réunions publiques.", "Micro-trottoirs.",
        "Formation des jeunes à la radio."),
       "emergence", "3", "intercommunalite", "Habitants, jeunes.", ("Débat mouvant",),
       level="information", effort="faible"),
    _a("Conseil citoyen d'un quartier prioritaire",
       "Une instance d'habitants et d'acteurs locaux associée au contrat de ville.",
       ("Participation aux instances du contrat de ville.", "Diagnostics de quartier.",
        "Projets portés par les habitants."),
       "emergence elaboration evaluation", "24", "quartier", "Habitants des quartiers.",
       ("Conseil de quartier", "Diagnostic en marchant")),
    _a("Collectif de facilitateurs graphiques",
       "Des facilitateurs qui dessinent en direct les échanges pour rendre visibles les idées "
       "d'un atelier ou d'un sommet.",
       ("Facilitation graphique en direct.", "Synthèses visuelles.",
        "Formation aux outils visuels."),
       "elaboration", "3", "region", "Organisateurs d'ateliers.",
       ("Fresque participative du territoire", "Forum ouvert"), level="information"),
    _a("Association de défense des droits des usagers",
       "Une association qui porte la parole des usagers des services publics et participe aux "
       "comités d'usagers.",
       ("Recueil des difficultés.", "Participation aux comités d'usagers.",
        "Propositions d'amélioration."),
       "emergence evaluation", "45", "departement", "Usagers des services publics.",
       ("Design de service public",)),
    _a("Réseau des élus pour la démocratie locale",
       "Un réseau d'élus qui partagent leurs expériences de démocratie participative et se "
       "forment entre pairs.",
       ("Rencontres d'élus.", "Formation par les pairs.", "Plaidoyer pour la démocratie "
        "locale."),
       "decision", "1", "national", "Élus locaux.", ("Droit d'interpellation citoyen",),
       level="information", effort="faible"),
    _a("Observatoire citoyen de la commande publique",
       "Un collectif d'habitants qui analyse les données ouvertes des marchés publics et les "
       "rend compréhensibles.",
       ("Analyse des données ouvertes.", "Publications pédagogiques.",
        "Ateliers de lecture des budgets."),
       "evaluation", "5", "departement", "Habitants, journalistes.",
       ("Observatoire citoyen des engagements",), level="information"),
    _a("Coopérative de médiation environnementale",
       "Des médiateurs qui accompagnent les conflits d'usage autour de l'eau, des terres et de "
       "l'énergie.",
       ("Médiation entre parties prenantes.", "Ateliers de concertation.",
        "Accords écrits et suivis."),
       "elaboration decision", "34", "region", "Collectivités, agriculteurs, associations.",
       ("Conférence de citoyens",), effort="eleve"),
    _a("Association des jeunes pour le climat",
       "Un collectif de jeunes qui organise des débats et porte des propositions pour la "
       "transition écologique de leur commune.",
       ("Débats dans les lycées.", "Propositions au conseil municipal.",
        "Participation au budget participatif."),
       "emergence", "3", "commune", "Jeunes, lycéens, étudiants.",
       ("Budget participatif jeunesse", "Débat mouvant"), effort="faible"),
    _a("Tiers-lieu associatif La Fabrique Commune",
       "Un tiers-lieu qui accueille ateliers, permanences et groupes d'action citoyens.",
       ("Mise à disposition de salles.", "Accueil de groupes d'action.",
        "Programmation d'ateliers ouverts."),
       "mise-en-oeuvre", "4", "commune", "Habitants, associations.",
       ("Chantier participatif", "Forum ouvert"), level="coconstruction", effort="faible"),
    _a("Institut de formation des agents territoriaux",
       "Un organisme de formation qui propose des modules sur la participation citoyenne et "
       "l'animation.",
       ("Formations d'agents.", "Modules d'animation.", "Accompagnement de projets."),
       "elaboration", "1", "national", "Agents territoriaux.",
       ("Atelier de co-construction",), level="information"),
    _a("Collectif de juristes de la démocratie locale",
       "Des juristes bénévoles qui aident à rédiger règlements de budgets participatifs, "
       "droits d'interpellation et chartes.",
       ("Rédaction de règlements.", "Analyse juridique.", "Modèles de délibération."),
       "decision", "34", "national", "Collectivités, collectifs d'habitants.",
       ("Droit d'interpellation citoyen", "Référendum local", "Pétition locale"),
       level="information", effort="faible"),
    _a("Média local indépendant d'enquête",
       "Un média en ligne qui rend compte des sommets citoyens et du suivi des engagements.",
       ("Reportages sur les démarches.", "Suivi des engagements.", "Débats publics."),
       "evaluation", "35", "departement", "Habitants.",
       ("Observatoire citoyen des engagements",), level="information", effort="faible"),
    _a("Collectif de cartographes bénévoles",
       "Des bénévoles qui aident les habitants à cartographier leur territoire dans une base "
       "cartographique libre.",
       ("Ateliers de cartographie.", "Formation aux outils libres.",
        "Publication en données ouvertes."),
       "emergence", "2", "region", "Habitants, associations.", ("Cartographie participative",),
       level="consultation", effort="faible"),
    _a("Réseau des collectivités en transition démocratique",
       "Un réseau de communes engagées dans un programme de transition démocratique, qui "
       "échangent outils et retours d'expérience.",
       ("Rencontres de territoires.", "Partage de ressources.", "Pair à pair entre agents."),
       "emergence elaboration decision mise-en-oeuvre evaluation", "12345", "national",
       "Collectivités, agents, élus.", ("Matrice de gouvernance",), level="information"),
    _a("Association d'aide aux aidants et aux personnes âgées",
       "Une association relais pour faire participer les personnes âgées et les aidants aux "
       "démarches locales.",
       ("Relais d'information.", "Accompagnement aux réunions.", "Visites à domicile."),
       "emergence", "23", "commune", "Personnes âgées, aidants.", ("Balade urbaine",),
       level="information", effort="faible", status="proposee"),
)
