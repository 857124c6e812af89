"""Pooled connections are checked before use once idle, not on every checkout."""

import time

import psycopg2
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from thc_participation import dbpool
from thc_participation.extensions import db


def _cut_pooled_connection(url):
    """Terminate, from the outside, the server process of the connection in the pool."""
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    db.session.remove()  # back to the pool, still open on our side
    killer = psycopg2.connect(url)
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(100):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,))
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.05)
    killer.close()
    return pid


def test_a_connection_cut_while_idle_is_replaced_before_use(app, make_app, postgres_url,
                                                           monkeypatch):
    with make_app(SQLALCHEMY_DATABASE_URI=postgres_url).app_context():
        dead = _cut_pooled_connection(postgres_url)
        monkeypatch.setattr(dbpool, "IDLE_SECONDS", 0)
        assert db.session.scalar(text("SELECT pg_backend_pid()")) != dead


def test_a_busy_connection_is_not_pinged(app, make_app, postgres_url, monkeypatch):
    """The other side of the trade: a connection cut while in use fails once."""
    with make_app(SQLALCHEMY_DATABASE_URI=postgres_url).app_context():
        _cut_pooled_connection(postgres_url)
        monkeypatch.setattr(dbpool, "IDLE_SECONDS", 3600)
        with pytest.raises(OperationalError):
            db.session.scalar(text("SELECT 1"))
        db.session.rollback()
        assert db.session.scalar(text("SELECT 1")) == 1  # the pool was invalidated and renewed
