"""Outgoing e-mail over SMTP, or into files under instance/mail/ in development."""

import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app


class MailError(Exception):
    """The mail server refused or could not be reached."""


class MailUnavailable(MailError):
    """The mail server could not be reached or dropped the connection: nothing was refused,
    trying again later may work (a job goes back to the queue)."""


def build(to, subject, text, html=None, attachments=(), alternatives=(), headers=None):
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="thc-participation.fr")
    for name, value in (headers or {}).items():  # e.g. List-Unsubscribe
        msg[name] = value
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    for mimetype, body in alternatives:
        maintype, _, rest = mimetype.partition("/")
        subtype, *params = [p.strip() for p in rest.split(";")]
        part_params = dict(p.split("=", 1) for p in params if "=" in p)
        msg.add_alternative(body, subtype=subtype, params=part_params)
        if maintype != "text":
            raise ValueError("alternatives must be text parts")
    for filename, mimetype, data in attachments:
        maintype, subtype = mimetype.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def send(to, subject, text, html=None, attachments=(), alternatives=(), headers=None):
    """Send one e-mail with the configured backend; raise MailError on failure."""
    msg = build(to, subject, text, html, attachments, alternatives, headers)
    config = current_app.config
    if config["MAIL_BACKEND"] == "file":
        folder = Path(config["MAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(msg.as_bytes())
        print(f"[mail] « {subject} » écrit dans {path}", flush=True)
        return msg
    try:
        smtp = smtplib.SMTP(config["MAIL_HOST"], config["MAIL_PORT"], timeout=30)
    except (OSError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected) as exc:
        raise MailUnavailable(str(exc)) from exc
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(msg)
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        # No "250" came back: the server did not accept it; another try may work.
        raise MailUnavailable(str(exc)) from exc
    except smtplib.SMTPException as exc:
        raise MailError(str(exc)) from exc
    finally:
        _close(smtp)
    return msg


def _close(smtp):
    """Say goodbye; the message (if accepted) is already the server's, whatever happens now."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
