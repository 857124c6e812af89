"""The action plan mailing: real SMTP, batches, one e-mail per person, resumable, unsubscribe."""

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from io import BytesIO

import pytest

from tests.support.pages import text_of
from thc_participation.consultation.models import MailingRecipient, RecipientStatus
from thc_participation.consultation.services import comments
from thc_participation.consultation.services import mailing as mailings

from .conftest import base_url

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _manage(consultation):
    return f"/t/{consultation.territory.slug}/gestion/consultations/{consultation.id}"


def _summit_registrant(agent, territory, make_user):
    from thc_participation.events.services import events, registration, tokens
    from thc_participation.events.services.validation import EventData
    from thc_participation.extensions import db

    start = datetime.now() + timedelta(days=20)
    summit = events.create_event(agent, territory, EventData(
        kind="sommet", title="Sommet citoyen", start=start, end=start + timedelta(hours=6),
        address="Salle des fêtes"))
    registrant = make_user(name="Inscrite au sommet", contact_consent=True)
    refuses = make_user(name="Inscrit sans accord", contact_consent=False)
    registration.register(summit, user=registrant)
    registration.register(summit, user=refuses)
    # Guests register with a name and an e-mail, and may agree to receive news.
    for name, email, consent in (("Invitée d'accord", "invitee@exemple.fr", True),
                                 ("Invité muet", "invite@exemple.fr", False)):
        [pending] = registration.register_for_summit(
            summit, [], guest=registration.Guest(name, email, consent))
        registration.confirm_guest(tokens.guest_link_token(pending, "confirm"))
    db.session.commit()  # the events services flush; their e-mails leave with this commit
    return registrant, refuses


def test_publish_sends_once_to_consenting_people(client_for, open_consultation, phase, citizen,
                                                 neighbour, make_user, agent, territory, smtp, db):
    silent = make_user(name="Sans accord", contact_consent=False)
    comments.post_comment(citizen, phase, "Je participe")
    comments.post_comment(silent, phase, "Moi aussi, sans vouloir d'e-mail")
    comment = comments.post_comment(citizen, phase, "Encore moi")
    comments.vote(neighbour, comment, 1)
    registrant, refuses = _summit_registrant(agent, territory, make_user)
    db.session.commit()
    smtp.messages.clear()  # the events module confirmed the registrations by e-mail
    pdf = b"%PDF-1.4\n% plan\n%%EOF\n"
    response = client_for(agent).post(_manage(open_consultation) + "/plan-d-action", data={
        "text": "1. Navette le samedi\n2. Pistes cyclables",
        "pdf": (BytesIO(pdf), "plan.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    smtp.wait_for(4)
    time.sleep(0.3)
    recipients = sorted(m["To"] for m in smtp.messages)
    assert recipients == sorted([citizen.email, neighbour.email, registrant.email,
                                 "invitee@exemple.fr"])
    message = next(m for m in smtp.messages if m["To"] == citizen.email)
    body = message.get_body(("plain",)).get_content()
    assert "Navette le samedi" in body
    assert "/consultations/desabonnement/" in body
    attachment = next(message.iter_attachments())
    assert attachment.get_content() == pdf
    again = client_for(agent).post(_manage(open_consultation) + "/plan-d-action",
                                   data={"text": "Encore"})
    assert again.status_code == 409
    time.sleep(0.3)
    assert len(smtp.messages) == 4
    public = text_of(client_for().get(base_url(open_consultation) + "/plan-d-action"))
    assert "Pistes cyclables" in public
    assert client_for().get(base_url(open_consultation) + "/plan-d-action.pdf").data == pdf


def test_unsubscribe_link(client_for, open_consultation, phase, citizen, agent, smtp, db):
    comments.post_comment(citizen, phase, "Je participe")
    mailing = mailings.publish_action_plan(agent, open_consultation, "Plan")
    db.session.commit()
    token = db.session.scalar(db.select(MailingRecipient.token))
    url = f"/consultations/desabonnement/{token}"
    page = client_for().get(url)
    assert page.status_code == 200 and citizen.email in text_of(page)
    assert client_for().post(url).status_code == 200
    mailings.send_mailing(mailing.id)
    assert smtp.messages == []
    assert mailings.mailing_stats(mailing)["skipped"] == 1
    assert client_for().get("/consultations/desabonnement/faux-jeton").status_code == 404
    assert mailings.mailing_recipients(open_consultation) == []


def test_interrupted_after_some_and_resumed_without_duplicates(open_consultation, phase,
                                                               many_users, agent, smtp, db):
    people = many_users(12)
    for person in people:
        comments.post_comment(person, phase, "Participation")
    mailing = mailings.publish_action_plan(agent, open_consultation, "Plan")
    db.session.commit()
    assert mailings.send_mailing(mailing.id, batch_size=5, limit=4) == 4
    smtp.wait_for(4)
    assert mailings.send_mailing(mailing.id, batch_size=5) == 8
    assert mailings.send_mailing(mailing.id) == 0
    smtp.wait_for(12)
    addresses = [m["To"] for m in smtp.messages]
    assert sorted(addresses) == sorted(p.email for p in people)


def test_killed_sender_resumes_without_duplicates(app, open_consultation, phase, many_users, agent,
                                                  smtp, db, database_url, instance_dir):
    """A real crash: the CLI sender is SIGKILLed mid-way, then resumed."""
    people = many_users(150)
    for person in people:
        comments.post_comment(person, phase, "Participation")
    mailing = mailings.publish_action_plan(agent, open_consultation, "Plan")
    db.session.commit()
    env = {**os.environ, "THC_DATABASE_URL": database_url, "THC_INSTANCE_DIR": str(instance_dir),
           "THC_SECRET_KEY": app.config["SECRET_KEY"], "THC_MAIL_BACKEND": "smtp",
           "THC_MAIL_HOST": "127.0.0.1", "THC_MAIL_PORT": str(smtp.port)}
    sender = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c",
         "import sys; from thc_participation.entry import main; "
         f"sys.argv=['thc', 'consultation', 'send-mailing', '{open_consultation.id}', "
         "'--batch-size', '10']; main()"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(smtp.messages) < 20 and time.monotonic() < deadline:
        time.sleep(0.002)
    sender.send_signal(signal.SIGKILL)
    sender.wait(10)
    before = len(smtp.messages)
    assert 20 <= before < 150, "the sender should have been stopped mid-way"
    db.session.expire_all()
    mailings.send_mailing(mailing.id, batch_size=10)
    time.sleep(0.5)
    addresses = [m["To"] for m in smtp.messages]
    assert len(addresses) == len(set(addresses)), "nobody receives it twice"
    stats = mailings.mailing_stats(mailing)
    # at most the one e-mail being sent at the moment of the kill is left uncertain (never resent)
    assert stats["sending"] <= 1
    assert stats["sent"] + stats["sending"] == 150
    assert len(addresses) >= 149
    assert stats[RecipientStatus.PENDING.value] == 0


def test_bad_action_plan_is_refused_and_nothing_is_sent(client_for, open_consultation, phase,
                                                        citizen, agent, smtp, db):
    comments.post_comment(citizen, phase, "Je participe")
    db.session.commit()
    url = _manage(open_consultation) + "/plan-d-action"
    empty = client_for(agent).post(url, data={"text": "  "})
    assert empty.status_code == 400
    assert "Le plan d'action est vide." in text_of(empty)
    assert 'value="Mobilités du quotidien"' in text_of(empty)  # the page keeps its forms
    fake = client_for(agent).post(url, data={
        "text": "Plan", "pdf": (BytesIO(b"<html>pas un pdf</html>"), "plan.pdf")},
        content_type="multipart/form-data")
    assert fake.status_code == 400
    assert "PDF" in text_of(fake)
    assert client_for(citizen).post(url, data={"text": "Plan"}).status_code == 403
    assert mailings.mailing_for(open_consultation) is None
    time.sleep(0.2)
    assert smtp.messages == []


def test_unreachable_server_leaves_everyone_pending_then_resumes(app, open_consultation, phase,
                                                                 many_users, agent, smtp, db):
    """A mail server that cannot be reached refused nothing: the recipient being sent goes back
    to pending and the sender stops (the job tries again later, see tests/core/test_jobs_*)."""
    from tests.support.servers import free_port
    from thc_participation import mail

    people = many_users(3)
    for person in people:
        comments.post_comment(person, phase, "Participation")
    mailing = mailings.publish_action_plan(agent, open_consultation, "Plan")
    db.session.commit()
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    try:
        with pytest.raises(mail.MailUnavailable):
            mailings.send_mailing(mailing.id)
    finally:
        app.config["MAIL_PORT"] = port
    stats = mailings.mailing_stats(mailing)
    assert stats["pending"] == 3 and stats["failed"] == stats["sending"] == 0
    assert mailings.send_mailing(mailing.id) == 3
    smtp.wait_for(3)
    assert sorted(m["To"] for m in smtp.messages) == sorted(p.email for p in people)
