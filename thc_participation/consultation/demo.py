"""Demo content: the consultations of Saint-Exemple-sur-Loire.

The one after its citizen summit follows the demo's calendar (``demo.calendar``): opened two
weeks after the summit, closed four weeks later, before the plan was adopted; its contributions
are dated in that window. Today (J+8), the commune consults on the rules of its participatory
budget, an action of the plan: that consultation is open."""

from datetime import datetime, time, timedelta

from ..extensions import db
from ..timeutil import from_paris
from .models import Comment, ConsultationState, Proposal
from .services import comments, consultations, places, proposals

PHASES = {
    "Information": (
        "Beaucoup d'habitants disent ne pas savoir **ce que décide la commune ni quand**. "
        "Le bulletin municipal paraît quatre fois par an ; le site internet est peu consulté "
        "par les plus de 65 ans et par les habitants des Varennes.\n\n"
        "- Les comptes rendus du conseil municipal sont publiés avec deux mois de retard.\n"
        "- Les permanences des élus ont lieu en semaine, aux heures de travail.",
        "Lors du sommet citoyen du {summit}, 140 habitants ont travaillé en ateliers. "
        "Idées retenues :\n\n"
        "1. Un panneau d'affichage numérique devant la médiathèque.\n"
        "2. Une lettre d'information mensuelle, papier et en ligne.\n"
        "3. Des permanences d'élus le samedi matin au marché.",
        "D'ici un an, chaque habitant peut savoir en moins de cinq minutes ce qui se prépare "
        "dans sa commune, et où donner son avis.",
    ),
    "Concertation": (
        "Les réunions publiques attirent surtout les mêmes personnes. Les jeunes et les "
        "familles monoparentales y sont presque absents.",
        "Le sommet propose d'aller **vers** les habitants : ateliers dans les quartiers, "
        "garde d'enfants pendant les réunions, consultation en ligne accompagnée à l'EPN.",
        "Au moins 10 % des habitants ont participé à une concertation dans l'année, dont un "
        "tiers de moins de 35 ans.",
    ),
    "Décision": (
        "Les habitants ne voient pas ce que deviennent leurs avis une fois la concertation "
        "terminée.",
        "Idée du sommet : chaque décision du conseil municipal indique ce qui a été retenu "
        "des contributions citoyennes, et pourquoi le reste ne l'a pas été.",
        "Chaque proposition citoyenne reçoit une réponse publique motivée dans les trois mois.",
    ),
    "Mise en œuvre": (
        "Plusieurs projets votés (jardins partagés, pédibus) ont pris plus d'un an de retard "
        "sans que les habitants en soient informés.",
        "Le sommet propose un comité de suivi ouvert, tiré au sort pour moitié, qui se réunit "
        "tous les trimestres.",
        "Un tableau de bord public montre l'avancement de chaque action du plan.",
    ),
    "Évaluation": (
        "La commune n'a jamais évalué ses dispositifs de participation.",
        "Idée retenue : un groupe d'évaluation citoyen, tiré au sort, rend un avis public "
        "chaque année.",
        "Un rapport annuel d'évaluation, discuté en conseil municipal.",
    ),
}

COMMENTS = [
    ("Information", "situation", "against",
     "Je n'ai appris la fermeture de la piscine que par le journal. Une lettre mensuelle "
     "serait un vrai progrès.",
     [("for", "Pareil pour les travaux rue de la Gare : personne n'était prévenu."),
      ("neutral", "La lettre papier, oui, mais pensez aussi aux personnes malvoyantes.")]),
    ("Information", "assessment", "for",
     "Le panneau devant la médiathèque est une bonne idée, à condition qu'il soit lisible "
     "de loin.", [("for", "Et qu'il n'éclaire pas les fenêtres des voisins la nuit !")]),
    ("Information", "results", "neutral",
     "« Cinq minutes », c'est ambitieux. Comment le mesurera-t-on ?", []),
    ("Concertation", "situation", "for",
     "Je suis maman solo : sans garde d'enfants, je ne peux venir à aucune réunion.",
     [("for", "Une garderie pendant les réunions du soir changerait tout."),
      ("neutral", "La MJC pourrait accueillir les enfants, elle est à côté de la salle.")]),
    ("Concertation", "assessment", "against",
     "Les ateliers dans les quartiers, on l'a déjà fait en 2019 et personne n'est venu.",
     [("against", "En 2019 ils avaient lieu à 14 h un mardi, forcément…")]),
    ("Décision", "assessment", "for",
     "Enfin ! Savoir pourquoi une idée n'est pas retenue, c'est la moindre des choses.", []),
    ("Mise en œuvre", "situation", "against",
     "Le pédibus de l'école Jules-Ferry devait démarrer en septembre dernier. On attend "
     "toujours.", [("neutral", "Il manque des parents bénévoles, d'après la directrice.")]),
    ("Évaluation", "assessment", "for",
     "Un groupe tiré au sort, c'est bien : ce ne seront pas toujours les mêmes.", []),
]

PROPOSALS = [
    ("Information", "Une page « ce qui se décide ce mois-ci » dans le bulletin",
     "Une page simple, en gros caractères, qui liste les décisions du mois et les dates où "
     "l'on peut donner son avis.", "retained",
     "Retenue : elle paraîtra dès le bulletin de janvier."),
    ("Concertation", "Des réunions le samedi matin avec garderie",
     "Organiser les réunions publiques le samedi matin, avec une garderie assurée par la MJC.",
     "studying", "À l'étude avec la MJC pour le coût de l'encadrement."),
    ("Mise en œuvre", "Un parrainage des nouveaux habitants pour le pédibus",
     "Chaque nouvelle famille est invitée à accompagner le pédibus une fois par mois.",
     "rejected", "Non retenue : la commune préfère recruter deux animateurs rémunérés."),
    ("Évaluation", "Publier les chiffres de participation par quartier",
     "Pour voir si les Varennes et la Gare participent autant que le centre-bourg.",
     None, None),
]

PLACES = [
    ("Médiathèque Louise-Michel", "2 place de la Mairie, 37000 Saint-Exemple-sur-Loire",
     "Mardi, mercredi et samedi de 10 h à 18 h",
     "Postes en libre accès, aide d'une médiatrice numérique le samedi", 47.3925, 0.6871),
    ("Espace public numérique de la Gare", "14 avenue de la Gare, 37000 Saint-Exemple-sur-Loire",
     "Lundi au vendredi de 14 h à 19 h",
     "Accompagnement individuel, ateliers « premiers pas sur internet »", 47.3889, 0.6925),
    ("Mairie — accueil", "1 place de la Mairie, 37000 Saint-Exemple-sur-Loire",
     "Lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h",
     "Un agent recueille votre avis et le saisit pour vous", 47.3921, 0.6866),
]


BUDGET_PHASES = {
    "Règles du jeu": (
        "La première édition, dans deux quartiers pilotes, a reçu 47 projets ; 31 étaient "
        "faisables. Le plafond de 5 000 € par projet a écarté les idées les plus ambitieuses.",
        "Le groupe action propose de relever le plafond à 15 000 € et d'ouvrir le vote dès "
        "11 ans.",
        "Des règles que chacun comprend en une page, votées avant le dépôt des projets.",
    ),
    "Calendrier": (
        "Le vote a eu lieu en plein été : peu de familles ont voté.",
        "Dépôt des projets au printemps, vote à la rentrée, réalisation dans l'année.",
        "Chaque projet lauréat est réalisé moins de douze mois après le vote.",
    ),
}
BUDGET_COMMENTS = (
    ("Règles du jeu", "assessment", "for", "Voter dès 11 ans, c'est former les citoyens de "
     "demain. Le conseil des jeunes pourrait présenter les projets dans les collèges.",
     [("neutral", "Et les enfants de moins de 11 ans, via les écoles ?")]),
    ("Règles du jeu", "assessment", "against", "15 000 € par projet, c'est trois fois moins de "
     "projets lauréats. Gardons des petits projets.",
     [("for", "Pourquoi pas deux enveloppes : petits et grands projets ?")]),
    ("Calendrier", "situation", "for", "Le vote en juillet, j'étais en vacances comme beaucoup "
     "de voisins. La rentrée, c'est mieux.", []),
)


def _open_consultation(demo, agent, citizens):
    """The consultation open today on the participatory budget's rules (an action's step)."""
    consultation = consultations.create_consultation(
        agent, demo.territory, "Budget participatif 2027 : les règles en débat",
        "Le budget participatif est le premier engagement du plan d'action. Avant sa deuxième "
        "édition, donnez votre avis sur ses règles et son calendrier.",
        opens_at=None, closes_at=None, phase_names=list(BUDGET_PHASES))
    for phase in consultation.phases:
        consultations.update_phase(agent, phase, phase.name, *BUDGET_PHASES[phase.name])
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    consultation.closes_at = demo.now + timedelta(days=21)
    phases = {p.name: p for p in consultation.phases}
    people = iter(citizens * 2)  # the demo citizen writes the first comment
    for phase_name, section, stance, body, replies in BUDGET_COMMENTS:
        root = comments.post_comment(next(people), phases[phase_name], body, section=section,
                                     stance=stance)
        for reply_stance, reply_body in replies:
            comments.post_comment(next(people), phases[phase_name], reply_body,
                                  stance=reply_stance, parent=root)
    proposal = proposals.create_proposal(
        next(people), phases["Règles du jeu"], "Deux enveloppes : petits et grands projets",
        "Une enveloppe pour les projets jusqu'à 5 000 €, une autre jusqu'à 15 000 €.")
    for supporter in citizens[:7]:
        proposals.set_support(supporter, proposal, True)
    consultation.published_at = consultation.opens_at = demo.now - timedelta(days=10)
    return consultation


def populate(demo):
    agent = demo.users["agent"]
    citizens = [demo.users["citizen"], *demo.citizens]
    territory, calendar = demo.territory, demo.calendar
    _open_consultation(demo, agent, citizens)
    help_places = [
        places.save_help_place(agent, territory, name, address, hours, kind, lat, lon)
        for name, address, hours, kind, lat, lon in PLACES
    ]
    consultation = consultations.create_consultation(
        agent, territory, "Vivre ensemble à Saint-Exemple : votre avis sur le plan d'action",
        f"Après le **sommet citoyen** du {calendar.summit_label()}, la commune a consulté ses "
        "habitants sur chacune des phases de sa gouvernance. Pour chacune : la situation, le "
        "bilan du sommet et ses idées, les résultats attendus. Leurs réactions, leurs votes et "
        "leurs propositions ont nourri le plan d'action.\n\n"
        "Pas d'ordinateur ? Les lieux d'aide ci-dessous vous accueillent.",
        opens_at=None, closes_at=None, phase_names=list(PHASES),
    )
    for phase in consultation.phases:
        situation, assessment, results = PHASES[phase.name]
        consultations.update_phase(agent, phase, phase.name, situation,
                                   assessment.replace("{summit}", calendar.summit_label()),
                                   results)
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    phases = {p.name: p for p in consultation.phases}
    people = iter(citizens * 3)
    written = []
    for phase_name, section, stance, body, replies in COMMENTS:
        root = comments.post_comment(next(people), phases[phase_name], body, section=section,
                                     stance=stance)
        written.append(root)
        for reply_stance, reply_body in replies:
            written.append(comments.post_comment(next(people), phases[phase_name], reply_body,
                                                 stance=reply_stance, parent=root))
    written.append(comments.post_comment(
        agent, phases["Concertation"], "Je n'ai pas internet chez moi ; je suis venue à la "
        "médiathèque pour dire que les réunions devraient être annoncées à la radio locale.",
        section="situation", stance="for", on_behalf_name="Mme Josette R.",
        help_place_id=help_places[0].id))
    for index, comment in enumerate(written):
        for voter in citizens[index % 5: index % 5 + 3 + index % 7]:
            if voter.id != comment.author_id:
                comments.vote(voter, comment, -1 if (voter.id + index) % 6 == 0 else 1)
    for phase_name, title, description, status, reason in PROPOSALS:
        proposal = proposals.create_proposal(next(people), phases[phase_name], title, description)
        for supporter in citizens[: 4 + len(title) % 9]:
            proposals.set_support(supporter, proposal, True)
        comments.post_comment(next(people), phases[phase_name], "Je soutiens, c'est concret.",
                              stance="for", proposal=proposal)
        if status:
            proposals.set_proposal_status(agent, proposal, status, reason)
    # Spread the contributions over the consultation's four weeks, in their order.
    items = [
        item for model in (Comment, Proposal)
        for item in db.session.scalars(db.select(model).where(
            model.consultation_id == consultation.id))
    ]
    items.sort(key=lambda item: item.created_at)
    opens, closes = (from_paris(datetime.combine(day, time(9))) for day in (
        calendar.consultation_opens, calendar.consultation_closes))
    consultation.published_at = consultation.opens_at = opens
    consultation.closes_at = closes
    step = (closes - opens) / (len(items) + 1)
    for rank, item in enumerate(items):
        item.created_at = opens + step * (rank + 1)
    consultations.set_state(agent, consultation, ConsultationState.CLOSED)
    db.session.flush()
