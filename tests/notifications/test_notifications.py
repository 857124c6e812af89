"""Notifications: each trigger, nobody notified of their own act, nothing private carried,
the e-mails (at once, digest, unsubscribe), marking read, erasure."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.pages import text_of
from thc_participation.accounts import erasure
from thc_participation.consultation.services import comments, moderation, proposals
from thc_participation.events.models import Registration
from thc_participation.events.services import events, registration
from thc_participation.events.services.validation import EventData
from thc_participation.notifications import jobs as notification_jobs
from thc_participation.notifications.models import (
    EmailMode,
    Follow,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from thc_participation.notifications.services import follows, inbox
from thc_participation.timeutil import utcnow


def notes(db, user, kind=None):
    query = select(Notification).where(Notification.recipient_id == user.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query.order_by(Notification.id)).all()


def bell_name(client):
    """The bell link's accessible name: its text, the hidden count left out."""
    page = client.get("/").get_data(as_text=True)
    link = page[page.index('class="bell"'):]
    link = link[link.index(">") + 1:link.index("</a>")]
    link = re.sub(r'<span class="bell-count"[^>]*hidden[^>]*>[^<]*</span>', "", link)
    return " ".join(re.sub(r"<[^>]+>", " ", link).split())


def mails_to(smtp, user):
    return [m for m in smtp.messages if m["To"] == user.email]


def unsubscribe_link(message):
    return re.search(r"http://thc\.test(/notifications/desabonnement/\S+)",
                     message.get_content()).group(1)


def test_a_reply_notifies_the_author_in_the_site_and_by_email(db, phase, citizen, neighbour,
                                                              smtp):
    parent = comments.post_comment(citizen, phase, "Il faut plus de bus le soir.")
    db.session.commit()
    assert notes(db, citizen) == []  # one's own comment tells nobody
    reply = comments.post_comment(neighbour, phase, "D'accord, et le dimanche aussi.",
                                  parent=parent)
    assert smtp.messages == []  # nothing leaves before the commit
    db.session.commit()
    [note] = notes(db, citizen)
    assert note.kind == NotificationKind.REPLY and note.read_at is None
    assert note.text == "Nadir Voisin a répondu à votre commentaire dans « Mobilités du quotidien »."
    assert note.link.endswith(f"/commentaires/{parent.id}") and note.emailed_at is not None
    [message] = smtp.wait_for(1)
    assert message["To"] == citizen.email
    assert message["Subject"] == "Réponse à votre commentaire"
    body = message.get_content()
    assert "Nadir Voisin a répondu" in body and "le dimanche" not in body
    assert f"http://thc.test{note.link}" in body
    assert message["List-Unsubscribe"] == f"<http://thc.test{unsubscribe_link(message)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Answering one's own comment notifies nobody; answering the reply tells its author.
    comments.post_comment(citizen, phase, "J'ajoute un point.", parent=parent)
    db.session.commit()
    assert len(notes(db, citizen)) == 1 and notes(db, neighbour) == []
    comments.post_comment(citizen, phase, "Merci !", parent=reply)
    db.session.commit()
    assert [n.kind for n in notes(db, neighbour)] == [NotificationKind.REPLY]
    assert len(notes(db, citizen)) == 1


def test_nothing_is_notified_nor_sent_when_the_operation_rolls_back(db, phase, citizen,
                                                                     neighbour, smtp):
    parent = comments.post_comment(citizen, phase, "Un premier avis.")
    db.session.commit()
    comments.post_comment(neighbour, phase, "Une réponse annulée.", parent=parent)
    db.session.rollback()
    db.session.commit()
    assert notes(db, citizen) == []
    assert smtp.wait_for(1, timeout=1) == []


def test_followers_hear_of_new_activity_without_any_hidden_text(db, phase, open_consultation,
                                                                citizen, neighbour, agent,
                                                                make_user, smtp):
    follower = make_user(name="Lou Suiveur")
    follows.set_follow(follower, open_consultation, True)
    follows.set_follow(citizen, open_consultation, True)
    db.session.commit()
    secret = "Texte injurieux à ne jamais diffuser"
    comment = comments.post_comment(neighbour, phase, secret)
    db.session.commit()
    moderation.moderate(agent, open_consultation.territory, comment, "hide", "Propos injurieux")
    db.session.commit()
    for person in (follower, citizen):
        [note] = notes(db, person)
        assert note.kind == NotificationKind.ACTIVITY
        assert note.text == "Nouveau commentaire de Nadir Voisin dans « Mobilités du quotidien »."
    smtp.wait_for(1)  # the author's moderation notice
    assert all(secret not in m.get_content() for m in smtp.messages)
    # Activity is in the site (and the daily digest), never e-mailed at once to followers.
    assert mails_to(smtp, follower) == [] and mails_to(smtp, citizen) == []
    assert all(secret not in n.text for n in db.session.scalars(select(Notification)))
    # The author hears of the moderation, with its reason; the moderator of nothing.
    [told] = notes(db, neighbour)
    assert told.kind == NotificationKind.MODERATION
    assert told.text == ("Votre commentaire dans « Mobilités du quotidien » a été masqué par la "
                         "modération. Raison : Propos injurieux")
    assert notes(db, agent) == []
    [mail] = mails_to(smtp, neighbour)
    assert mail["Subject"] == "Votre contribution a été masquée"
    moderation.moderate(agent, open_consultation.territory, comment, "restore")
    db.session.commit()
    assert notes(db, neighbour)[-1].text == (
        "Votre commentaire dans « Mobilités du quotidien » est de nouveau visible.")


def test_an_official_answer_notifies_the_author_and_the_proposal_followers(
        db, phase, citizen, neighbour, agent, smtp):
    proposal = proposals.create_proposal(citizen, phase, "Un vélobus", "Des vélos-cargos.")
    db.session.commit()
    assert follows.is_following(citizen, proposal)  # authors follow what they post
    follows.set_follow(neighbour, proposal, True)
    db.session.commit()
    proposals.set_proposal_status(agent, proposal, "retained", "Budget 2027")
    db.session.commit()
    [answer] = notes(db, citizen)
    assert answer.kind == NotificationKind.ANSWER
    assert answer.text == ("Réponse officielle à votre proposition « Un vélobus » : Retenue dans le plan "
                           "d'action. Budget 2027")
    [news] = notes(db, neighbour)
    assert news.kind == NotificationKind.ACTIVITY
    assert news.text == ("La proposition « Un vélobus » a reçu une réponse officielle : "
                         "Retenue dans le plan d'action.")
    assert notes(db, agent) == []


def test_event_changes_reach_registered_people_and_followers(db, make_event, agent, territory,
                                                             make_user, smtp):
    event = make_event(agent, territory, capacity=1)
    seated, waiting, follower = (make_user(name=n) for n in ("Inès", "Jules", "Lina"))
    registration.register(event, user=seated)
    held = registration.register(event, user=waiting)
    follows.set_follow(follower, event, True)
    db.session.commit()
    data = EventData.from_event(event)
    data.start, data.end = data.start + timedelta(days=1), data.end + timedelta(days=1)
    events.update_event(agent, event, data)
    db.session.commit()
    moved = "L'événement « Réunion publique sur le budget » a changé (date, horaire ou lieu)."
    assert [n.text for n in notes(db, seated)] == [moved]
    assert [n.text for n in notes(db, follower)] == [moved]
    # The registered person already had the events module's e-mail: no second one.
    assert notes(db, seated)[0].emailed_at is not None
    smtp.wait_for(4)
    assert [m["Subject"] for m in mails_to(smtp, follower)] == ["Changement d'un événement"]
    assert all(m["Subject"] != "Changement d'un événement" for m in mails_to(smtp, seated))
    first = db.session.scalars(select(Registration)
                               .where(Registration.user_id == seated.id)).one()
    registration.cancel_registration(first, actor=seated)
    db.session.commit()
    assert notes(db, waiting)[-1].text == ("Une place s'est libérée : votre inscription à "
                                           "« Réunion publique sur le budget » est confirmée.")
    assert held.id
    events.cancel_event(agent, event, "Salle indisponible")
    db.session.commit()
    assert notes(db, follower)[-1].text == "L'événement « Réunion publique sur le budget » est annulé."


def test_daily_digest_is_one_email_per_person_even_when_run_twice(db, phase, citizen, neighbour,
                                                                  make_user, smtp):
    inbox.set_email_mode(citizen, "daily")
    db.session.commit()
    parent = comments.post_comment(citizen, phase, "Mon avis.")
    db.session.commit()
    comments.post_comment(neighbour, phase, "Réponse 1", parent=parent)
    db.session.commit()
    comments.post_comment(make_user(name="Sam"), phase, "Réponse 2", parent=parent)
    db.session.commit()
    assert mails_to(smtp, citizen) == []  # nothing at once
    assert notification_jobs.send_digests() == 1
    assert notification_jobs.send_digests() == 0
    db.session.commit()
    smtp.wait_for(1)
    [digest] = mails_to(smtp, citizen)
    assert digest["Subject"] == "Votre résumé du jour : 2 notifications"
    body = digest.get_content()
    assert "Nadir Voisin a répondu" in body and "Sam a répondu" in body
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert all(n.emailed_at is not None for n in notes(db, citizen))
    # The next day, nothing new: no e-mail.
    assert notification_jobs.send_digests(now=utcnow() + timedelta(days=1)) == 0


def test_one_click_unsubscribe_works_without_signing_in(make_app, db, phase, citizen,
                                                        neighbour, smtp):
    parent = comments.post_comment(citizen, phase, "Mon avis.")
    db.session.commit()
    comments.post_comment(neighbour, phase, "Une réponse.", parent=parent)
    db.session.commit()
    [message] = smtp.wait_for(1)
    link = unsubscribe_link(message)
    client = make_app(WTF_CSRF_ENABLED=True).test_client()  # anonymous, CSRF on
    page = client.get(link)
    assert page.status_code == 200 and "Me désabonner" in text_of(page)
    assert inbox.email_mode(citizen) == EmailMode.IMMEDIATE  # a GET changes nothing
    # What a mail client sends for List-Unsubscribe-Post (RFC 8058): no form token.
    done = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "ne recevrez plus" in text_of(done)
    db.session.expire_all()
    assert db.session.get(NotificationSettings, citizen.id).email_mode == EmailMode.NEVER
    assert client.get(link[:-3] + "abc").status_code == 404
    comments.post_comment(neighbour, phase, "Une autre réponse.", parent=parent)
    db.session.commit()
    assert len(notes(db, citizen)) == 2 and len(smtp.wait_for(2, timeout=1)) == 1


def test_follow_button_marks_read_and_bell(client, login, db, open_consultation, phase, citizen,
                                          neighbour, agent):
    login(client, neighbour)
    page = f"/t/{open_consultation.territory.slug}/consultations/{open_consultation.id}/"
    assert 'aria-pressed="false"' in client.get(page).get_data(as_text=True)
    answer = client.post("/suivre", data={"target": "consultation", "id": open_consultation.id,
                                          "follow": "1", "next": page})
    assert answer.status_code == 302 and answer.headers["Location"] == page
    html = client.get(page).get_data(as_text=True)
    assert 'aria-pressed="true"' in html and "Suivi" in html
    followed = client.get("/suivis")
    assert followed.status_code == 200 and "Mobilités du quotidien" in text_of(followed)
    assert client.post("/suivre", data={"target": "sondage", "id": 1}).status_code == 400
    assert client.post("/suivre", data={"target": "proposal", "id": 999}).status_code == 404
    assert client.post("/suivre", data={"target": "consultation", "id": open_consultation.id,
                                        "next": "https://ailleurs.example/"}
                       ).headers["Location"] == "/notifications"
    assert db.session.scalar(select(Follow).where(Follow.user_id == neighbour.id)) is None

    parent = comments.post_comment(neighbour, phase, "Mon avis.")
    comments.post_comment(citizen, phase, "Réponse A", parent=parent)
    comments.post_comment(agent, phase, "Réponse B", parent=parent)
    db.session.commit()
    header = text_of(client.get("/notifications"))
    assert bell_name(client) == "Notifications 2 non lues"
    assert "2 notifications non lues." in header
    first, second = notes(db, neighbour)
    assert client.post(f"/notifications/{first.id}/lue").status_code == 302
    assert bell_name(client) == "Notifications 1 non lue"
    other = login(client.application.test_client(), citizen)
    assert other.post(f"/notifications/{second.id}/lue").status_code == 404
    assert client.post("/notifications/tout-lu").status_code == 302
    assert bell_name(client) == "Notifications aucune non lue"
    assert client.post("/notifications", data={"email_mode": "daily"}).status_code == 302
    assert inbox.email_mode(neighbour) == EmailMode.DAILY
    refused = client.post("/notifications", data={"email_mode": "souvent"})
    assert refused.status_code == 400 and "Recevoir mes notifications" in text_of(refused)


def test_draft_consultations_cannot_be_followed(client, login, db, territory, agent, citizen):
    from thc_participation.consultation.services import consultations

    draft = consultations.create_consultation(agent, territory, "Brouillon")
    db.session.commit()
    login(client, citizen)
    assert client.post("/suivre", data={"target": "consultation", "id": draft.id}
                       ).status_code == 404


def test_erasure_deletes_notifications_follows_and_the_email_choice(db, phase, open_consultation,
                                                                    citizen, neighbour):
    follows.set_follow(citizen, open_consultation, True)
    inbox.set_email_mode(citizen, "never")
    parent = comments.post_comment(citizen, phase, "Mon avis.")
    comments.post_comment(neighbour, phase, "Une réponse.", parent=parent)
    db.session.commit()
    uid = citizen.id
    assert notes(db, citizen)
    erasure.erase_account(citizen, erasure.EraseMode.ANONYMISE)
    db.session.commit()
    for model, column in ((Notification, Notification.recipient_id), (Follow, Follow.user_id),
                          (NotificationSettings, NotificationSettings.user_id)):
        assert db.session.scalars(select(model).where(column == uid)).all() == []


@pytest.mark.parametrize("action", ["hide", "restore"])
def test_moderation_of_a_text_entered_for_someone_else_notifies_nobody(db, phase, agent, action,
                                                                       open_consultation):
    from thc_participation.consultation.services import places

    place = places.save_help_place(agent, open_consultation.territory, "Mairie annexe",
                                   "1 rue de la Paix")
    comment = comments.post_comment(agent, phase, "Avis recueilli", on_behalf_name="Mme Roux",
                                    help_place_id=place.id)
    db.session.commit()
    moderation.moderate(agent, open_consultation.territory, comment, action, "Doublon")
    db.session.commit()
    assert db.session.scalars(select(Notification)).all() == []


def test_a_published_draw_tells_the_people_of_its_pool(db, agent, territory, citizen):
    from tests.evaluation.builders import at_announced_time, make_draw, make_pool
    from thc_participation.evaluation.models import DrawState, Person
    from thc_participation.evaluation.services import draws

    pool = make_pool(agent, territory)
    person = db.session.scalars(select(Person).where(Person.pool_id == pool.id)).first()
    person.user_id = citizen.id
    db.session.commit()
    draw = make_draw(agent, territory, pool, state=DrawState.RANDOMNESS)
    assert notes(db, citizen) == []  # frozen, randomness entered: not yet a result
    with at_announced_time(draw):  # the protocol's last step: the result
        draws.run_draw(agent, territory, draw)
    db.session.commit()
    [note] = notes(db, citizen)
    assert note.kind == NotificationKind.DRAW
    assert note.text.startswith("Le résultat du tirage au sort « Comité de pilotage » est publié")
    assert note.link == f"/t/{territory.slug}/tirages/{draw.id}"
    assert notes(db, agent) == []
