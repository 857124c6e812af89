"""The data the load test (bench/locustfile.py) works on, written into the topology's database
through the services: a commune, an agent, a facilitator, citizens who can sign in, an open
consultation with 200 comments, an open workshop board. Returns what Locust needs (JSON)."""

from werkzeug.security import generate_password_hash

from thc_participation import create_app
from thc_participation.consultation.models import ConsultationState
from thc_participation.consultation.services import comments, consultations
from thc_participation.events.boards.services import boards, participants
from thc_participation.extensions import db
from thc_participation.models import Membership, Role, Territory, TerritoryKind, User
from thc_participation.timeutil import utcnow

PASSWORD = "un mot de passe de charge"
SLUG = "charge-sur-loire"


def seed(database_url, citizens=400, comments_count=200):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "THC_ASYNC_MODE": "threading",
                      "RATELIMIT_ENABLED": False})
    with app.app_context(), app.test_request_context():
        # One hash for everyone (the real scrypt): signing in costs what it costs in production.
        hashed = generate_password_hash(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
        territory = Territory(name="Charge-sur-Loire", slug=SLUG, kind=TerritoryKind.COMMUNE,
                              population=12_000, programme_start=utcnow().date().replace(day=1),
                              follows_programme=True)
        agent = _user("agent.charge@exemple.fr", "Agent Charge", hashed)
        facilitator = _user("animation.charge@exemple.fr", "Animation Charge", hashed)
        people = [_user(f"citoyen{i}@exemple.fr", f"Citoyen {i}", hashed)
                  for i in range(citizens)]
        db.session.add(territory)
        db.session.add_all([agent, facilitator, *people])
        db.session.add(Membership(user=agent, territory=territory, role=Role.AGENT))
        db.session.add(Membership(user=facilitator, territory=territory, role=Role.FACILITATOR))
        db.session.flush()
        consultation = consultations.create_consultation(
            agent, territory, "Mobilités du quotidien", "Donnez votre avis sur les mobilités.")
        for phase in consultation.phases:
            consultations.update_phase(agent, phase, phase.name, f"Situation de {phase.name}",
                                       f"Bilan de {phase.name}", f"Résultats de {phase.name}")
        consultations.set_state(agent, consultation, ConsultationState.OPEN)
        phase = consultation.phases[0]
        comment_ids = [comments.post_comment(people[i % citizens], phase,
                                             f"Avis de départ numéro {i} sur les pistes "
                                             "cyclables et les bus du soir.").id
                       for i in range(comments_count)]
        board = boards.create_board(facilitator, territory, "Le budget participatif")
        db.session.flush()
        boards.set_state(board.id, participants.facilitator_actor(facilitator, board), None,
                         "open")
        db.session.commit()
        data = {"slug": SLUG, "consultation": consultation.id, "phase": phase.id,
                "phases": [p.id for p in consultation.phases], "comments": comment_ids,
                "board": board.code, "board_id": board.id, "agent": agent.email,
                "citizens": citizens, "password": PASSWORD}
    with app.app_context():
        db.engine.dispose()
    return data


def _user(email, name, hashed):
    return User(email=email, display_name=name, password_hash=hashed, confirmed_at=utcnow(),
                contact_consent=True)
