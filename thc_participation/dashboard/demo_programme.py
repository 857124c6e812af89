"""Demo content that follows the guide's calendar: the steering committee meets at the launch
and the close of each phase (the president at every meeting held), action group members post
their own updates, a retained proposal became a commitment, and the evaluation group assesses
Démocratie Ouverte's criteria (and one of its own).

Called by ``demo.populate`` once the team, the plan and its actions exist."""

from datetime import timedelta

from . import links
from .services import actions, committee, common, documents, evaluation, queries

NETWORK_CRITERIA = (
    ("Ouverture des décisions", "Les habitants peuvent suivre et influencer les décisions "
     "à chaque étape du cycle de gouvernance."),
    ("Diversité des participant·es", "Les jeunes, les personnes isolées et les familles "
     "monoparentales participent autant que les autres."),
    ("Suites données aux contributions", "Chaque proposition reçoit une réponse motivée."),
    ("Transparence", "Les documents, budgets et comptes rendus sont publiés à temps."),
    ("Pouvoir d'agir des habitant·es", "Les habitants portent eux-mêmes des actions."),
)

MINUTES = {
    "engagement": "Installation du comité ; adoption de la charte et du calendrier.",
    "diagnostic": "Le diagnostic et la cartographie des acteurs avancent selon le calendrier.",
    "summit": "Le sommet, la consultation et le plan d'action sont préparés ensemble.",
    "implementation": "Les quatre groupes action sont constitués ; premières avancées.",
    "evaluation": "Bilan du programme avec le groupe d'évaluation.",
}

MEMBER_UPDATES = (
    # commitment index, months after J, text
    (0, 6, "Notre groupe a tenu un stand au marché : 120 habitants ont découvert les projets "
     "soumis au vote."),
    (1, 6, "Deux lycéennes du groupe ont présenté le conseil des jeunes au conseil municipal."),
    (2, 7, "Les associations du groupe ont établi le planning partagé des salles."),
)


def populate(demo):
    territory, agent = demo.territory, demo.users["agent"]
    _meetings(demo, territory, agent)
    _action_groups(demo, territory, agent)
    _evaluation(demo, territory)


def _meetings(demo, territory, agent):
    """Launch and close meetings of every phase; those held have their attendance (the
    president always there), decisions and published minutes."""
    today = common.today_paris()
    members = committee.committee_members(territory)
    for number, meeting in enumerate(committee.plan_phase_meetings(agent, territory)):
        meeting.agenda = "1. Point d'étape de la phase\n2. Décisions à prendre\n3. Questions"
        if meeting.meeting_date > today:
            continue
        present = [m for i, m in enumerate(members) if (i + number) % 4 != 1 or
                   m.role.value == "president"]
        writer = demo.users["steering"] if number % 2 else demo.users["elu"]
        committee.record_meeting(
            writer, territory, meeting, [m.id for m in present],
            "- Calendrier de la phase validé\n- Prochaine réunion fixée", MINUTES[meeting.phase],
            publish=True)


def _action_groups(demo, territory, agent):
    today = common.today_paris()
    commitments = queries.commitments_of(territory)
    citizen = demo.users["citizen"]
    actions.add_action_member(agent, territory, commitments[0], citizen.display_name,
                              "Habitante volontaire", email=citizen.email)
    start = territory.programme_start
    for index, months, text in MEMBER_UPDATES:
        commitment = commitments[index]
        author = next(m for m in commitment.members if m.user_id is not None).user
        day = min(start + timedelta(days=30 * months + 5 + index), today)
        actions.post_update(author, territory, commitment, day, text, notify=False)
    retained = links.retained_proposals(territory)
    if retained:  # "ce qui se décide ce mois-ci" became the transparency commitment
        actions.link_proposal(agent, territory, commitments[3], retained[0])


def _evaluation(demo, territory):
    admin, group = demo.users["admin"], demo.users["evaluation"]
    criteria = [evaluation.add_network_criterion(admin, title, text)
                for title, text in NETWORK_CRITERIA]
    own = evaluation.propose_criterion(
        group, territory, "Accessibilité des réunions",
        "Horaires, garde d'enfants et lieux accessibles pour toutes et tous.")
    for criterion, rating, comment in (
            (criteria[3], "atteint", "Les conseils sont retransmis et les délibérations "
             "publiées sous 15 jours."),
            (criteria[1], "en-partie", "Les jeunes votent au budget participatif, les personnes "
             "isolées restent peu présentes."),
            (criteria[4], "trop-tot", "Les groupes action viennent de commencer.")):
        evaluation.assess(group, territory, criterion.id, rating, comment)
    evaluation.publish_assessments(group, territory)
    # Reserved to the group until it publishes them.
    evaluation.assess(group, territory, own.id, "non-atteint",
                      "Aucune réunion n'a encore eu lieu le samedi.")
    documents.publish_document(
        group, territory, "rapport-evaluation", "Note de travail : le budget participatif",
        common.today_paris() - timedelta(days=3), reserved=True,
        body="Premières observations du groupe sur le vote, à compléter avant publication.")
