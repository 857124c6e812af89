"""Board rules through the services: versions, idempotence, catch-up, roles, states, limits."""

import pytest
from sqlalchemy import func, select

from thc_participation.errors import ServiceError
from thc_participation.events.boards.models import (
    CODE_ALPHABET,
    BoardChange,
    BoardNote,
    BoardParticipant,
    BoardVote,
)
from thc_participation.events.boards.services import (
    boards,
    catchup,
    limits,
    notes,
    participants,
    payloads,
)
from thc_participation.events.boards.services.pipeline import Actor
from thc_participation.extensions import db

from .support import new_op


def participant(board, name="Nadia"):
    joined = participants.join_board(board, None, name, None)
    return Actor(joined.participant_id), joined.token


def refused(code, call, *args, **kwargs):
    with pytest.raises(ServiceError) as info:
        call(*args, **kwargs)
    assert info.value.code == code, info.value.message
    assert info.value.message  # a French sentence for the user
    return info.value


def test_board_has_defaults_and_an_unambiguous_code(board):
    assert len(board.code) == 6 and set(board.code) <= set(CODE_ALPHABET)
    assert not set(board.code) & set("0O1IL")
    assert [c["title"] for c in board.columns] == ["Constats", "Idées", "Propositions"]
    assert boards.board_by_code(board.code.lower()).id == board.id
    refused("unknown_code", boards.board_by_code, "ZZZZZZ")
    refused("unknown_code", boards.board_by_code, "abc")


def test_versions_grow_by_one_per_change_and_are_logged(board):
    actor, _token = participant(board)
    start = board.version
    first = notes.add_note(board.id, actor, new_op(), "c1", "  Trop de réunions le soir  ")
    second = notes.vote(board.id, actor, new_op(), first.object["id"])
    assert (first.version, second.version) == (start + 1, start + 2)
    assert first.object["text"] == "Trop de réunions le soir"
    assert second.object == {"note": first.object["id"], "participant": actor.participant_id,
                             "votes": 1}
    versions = db.session.scalars(
        select(BoardChange.version).where(BoardChange.board_id == board.id)
        .order_by(BoardChange.version)).all()
    assert versions == list(range(1, start + 3))


def test_a_retried_operation_is_applied_once(board):
    actor, _token = participant(board)
    op = new_op()
    first = notes.add_note(board.id, actor, op, "c2", "Un budget participatif par quartier")
    again = notes.add_note(board.id, actor, op, "c2", "Un budget participatif par quartier")
    assert again == first
    count = db.session.scalar(select(func.count()).where(BoardNote.board_id == board.id))
    assert count == 1
    other, _ = participant(board, "Bruno")
    refused("conflict", notes.add_note, board.id, other, op, "c2", "Autre chose")


def test_catch_up_returns_exactly_the_missed_changes(board):
    actor, _token = participant(board)
    since = board.version
    made = [notes.add_note(board.id, actor, new_op(), "c1", f"Constat {i}") for i in range(4)]
    me = db.session.get(BoardParticipant, actor.participant_id)
    _version, catch = catchup.catch_up(board, since, me, False)
    assert catch["catch_up"] == "changes"
    assert [c["version"] for c in catch["changes"]] == [c.version for c in made]
    assert catchup.catch_up(board, made[-1].version, me, False)[1] == {
        "catch_up": "none"}
    for too_far in (None, 0, made[-1].version + 5, "12", True):
        assert catchup.catch_up(board, too_far, me, False)[1]["catch_up"] \
            == "snapshot"


def test_device_token_brings_the_same_participant_back(board):
    joined = participants.join_board(board, None, "Nadia", None)
    assert joined.token
    again = participants.join_board(board, None, "", joined.token)
    assert again.participant.id == joined.participant.id and again.token is None
    refused("empty", participants.join_board, board, None, "", None)  # no pseudonym
    refused("too_long", participants.join_board, board, None, "x" * 41, None)


def test_participants_cannot_use_facilitator_events_nor_touch_others_notes(board, facilitator):
    nadia, _ = participant(board)
    bruno, _ = participant(board, "Bruno")
    note = notes.add_note(board.id, nadia, new_op(), "c1", "Mieux informer").object["id"]
    refused("forbidden", notes.edit_note, board.id, bruno, new_op(), note, "Piraté")
    refused("forbidden", notes.delete_note, board.id, bruno, new_op(), note)
    refused("forbidden", notes.move_note, board.id, nadia, new_op(), note, "c2", 0)
    refused("forbidden", notes.hide_note, board.id, nadia, new_op(), note, True)
    refused("forbidden", boards.set_state, board.id, nadia, new_op(), "lock")
    refused("forbidden", notes.reset_votes, board.id, nadia, new_op())
    refused("forbidden", participants.remove_participant, board.id, nadia, new_op(),
            bruno.participant_id)
    fac = participants.facilitator_actor(facilitator, board)
    edited = notes.edit_note(board.id, fac, new_op(), note, "Mieux informer les habitants")
    assert edited.object["text"] == "Mieux informer les habitants"
    assert notes.edit_note(board.id, nadia, new_op(), note, "Mieux informer tôt").version


def test_locked_and_closed_boards_refuse_changes(board, facilitator):
    nadia, _ = participant(board)
    fac = participants.facilitator_actor(facilitator, board)
    note = notes.add_note(board.id, nadia, new_op(), "c1", "Une idée").object["id"]
    boards.set_state(board.id, fac, new_op(), "lock")
    refused("locked", notes.add_note, board.id, nadia, new_op(), "c1", "Encore")
    refused("locked", notes.vote, board.id, nadia, new_op(), note)
    refused("locked", notes.move_note, board.id, fac, new_op(), note, "c2", 0)
    assert boards.set_timer(board.id, fac, new_op(), 120).object["ends_at"]
    boards.set_state(board.id, fac, new_op(), "unlock")
    assert notes.vote(board.id, nadia, new_op(), note).object["votes"] == 1
    boards.set_state(board.id, fac, new_op(), "close")
    refused("closed", notes.add_note, board.id, nadia, new_op(), "c1", "Trop tard")
    refused("closed", participants.join_board, board, None, "Zoé", None)


def test_preparing_board_is_for_facilitators_only(make_board, facilitator):
    board = make_board(state="preparing")
    nadia, _ = participant(board)
    refused("not_open", notes.add_note, board.id, nadia, new_op(), "c1", "Trop tôt")
    fac = participants.facilitator_actor(facilitator, board)
    assert notes.add_note(board.id, fac, new_op(), "c1", "Exemple de note").version


def test_dots_are_limited_and_can_be_moved(make_board):
    board = make_board(dots=2)
    nadia, _ = participant(board)
    a = notes.add_note(board.id, nadia, new_op(), "c1", "A").object["id"]
    b = notes.add_note(board.id, nadia, new_op(), "c1", "B").object["id"]
    notes.vote(board.id, nadia, new_op(), a)
    notes.vote(board.id, nadia, new_op(), a)
    refused("no_dots_left", notes.vote, board.id, nadia, new_op(), b)
    assert notes.unvote(board.id, nadia, new_op(), a).object["votes"] == 1
    assert notes.vote(board.id, nadia, new_op(), b).object["votes"] == 1
    bruno, _ = participant(board)
    assert notes.vote(board.id, bruno, new_op(), b).object["votes"] == 2
    assert notes.unvote(board.id, bruno, new_op(), b).object["votes"] == 1
    refused("invalid", notes.unvote, board.id, bruno, new_op(), b)
    refused("invalid", notes.unvote, board.id, nadia, new_op(), 999_999)


def test_a_change_of_a_board_that_no_longer_exists_is_refused_in_french(board):
    nadia, _ = participant(board)
    refused("invalid", notes.add_note, board.id + 1000, nadia, new_op(), "c1", "Perdue")
    refused("invalid", notes.vote, board.id + 1000, nadia, new_op(), 1)


def test_move_reorders_and_clusters(board, facilitator):
    nadia, _ = participant(board)
    fac = participants.facilitator_actor(facilitator, board)
    ids = [notes.add_note(board.id, nadia, new_op(), "c1", t).object["id"]
           for t in ("Un", "Deux", "Trois")]
    moved = notes.move_note(board.id, fac, new_op(), ids[2], "c1", 0)
    assert moved.object["position"] == 0
    order = db.session.scalars(select(BoardNote.id).where(BoardNote.column == "c1")
                                        .order_by(BoardNote.position)).all()
    assert order == [ids[2], ids[0], ids[1]]
    cluster = notes.create_cluster(board.id, fac, new_op(), "Information", "c1", ids[:2])
    assert cluster.object["notes"] == [ids[0], ids[1]]
    refused("invalid", notes.create_cluster, board.id, fac, new_op(), "X", "c2", ids[:1])
    across = notes.move_note(board.id, fac, new_op(), ids[0], "c2", 5)
    assert across.object["column"] == "c2" and across.object["position"] == 0
    assert across.object["cluster"] is None
    notes.delete_cluster(board.id, fac, new_op(), cluster.object["id"])
    refused("invalid", notes.move_note, board.id, fac, new_op(), ids[1], "c9", 0)
    refused("invalid", notes.move_note, board.id, fac, new_op(), ids[1], "c1", -1)


def test_hidden_notes_and_hidden_counts_are_filtered_for_participants(board, facilitator):
    nadia, _ = participant(board)
    fac = participants.facilitator_actor(facilitator, board)
    note = notes.add_note(board.id, nadia, new_op(), "c1", "Propos déplacé").object["id"]
    notes.vote(board.id, nadia, new_op(), note)
    hidden = notes.hide_note(board.id, fac, new_op(), note, True)
    assert payloads.for_participants(True, hidden.event())["object"]["text"] == ""
    boards.set_counts(board.id, fac, new_op(), False)
    db.session.refresh(board)
    snap = catchup.snapshot(board, db.session.get(BoardParticipant, nadia.participant_id),
                            facilitator=False)
    assert "votes" not in snap["notes"][0] and snap["notes"][0]["text"] == ""
    full = catchup.snapshot(board, db.session.get(BoardParticipant, fac.participant_id),
                            facilitator=True)
    assert full["notes"][0]["votes"] == 1 and full["notes"][0]["text"] == "Propos déplacé"


def test_reset_votes_and_remove_participant(board, facilitator):
    nadia, token = participant(board)
    fac = participants.facilitator_actor(facilitator, board)
    note = notes.add_note(board.id, nadia, new_op(), "c1", "Idée").object["id"]
    notes.vote(board.id, nadia, new_op(), note)
    notes.reset_votes(board.id, fac, new_op())
    assert db.session.scalar(select(func.count()).select_from(BoardVote)) == 0
    notes.vote(board.id, nadia, new_op(), note)
    removed = participants.remove_participant(board.id, fac, new_op(), nadia.participant_id)
    assert removed.object["votes"] == {str(note): 0}
    refused("removed", notes.add_note, board.id, nadia, new_op(), "c1", "Je reviens")
    refused("removed", participants.join_board, board, None, "", token)


def test_text_is_cleaned_and_limited(make_board):
    board = make_board(note_length=30)
    nadia, _ = participant(board)
    note = notes.add_note(board.id, nadia, new_op(), "c1", "<b>Gras</b>\x00 et\x07 net")
    assert note.object["text"] == "<b>Gras</b> et net"  # kept as text, escaped when shown
    refused("too_long", notes.add_note, board.id, nadia, new_op(), "c1", "x" * 31)
    refused("empty", notes.add_note, board.id, nadia, new_op(), "c1", "   ")
    refused("invalid", notes.add_note, board.id, nadia, new_op(), "c7", "Colonne ?")
    refused("invalid", notes.add_note, board.id, nadia, "court", "c1", "Op invalide")
    refused("invalid", notes.add_note, board.id, nadia, None, "c1", "Sans op")


def test_rate_limit_per_participant(app):
    key = f"test-{new_op()}"
    for _ in range(10):  # PARTICIPANT_RATE: a burst of 10
        limits.check_rate(key)
    with pytest.raises(ServiceError) as info:
        limits.check_rate(key)
    assert info.value.code == "rate_limited"


def test_only_facilitators_create_boards(make_user, territory, other_territory, facilitator):
    citizen = make_user()
    refused("forbidden", boards.create_board, citizen, territory, "Question ?")
    refused("forbidden", boards.create_board, facilitator, other_territory, "Question ?")
    refused("invalid", boards.create_board, facilitator, territory, "Q ?", dots=50)
    refused("invalid", boards.create_board, facilitator, territory, "Q ?",
            column_titles=["", "  "])


def test_a_retry_gets_the_original_ack_even_when_it_would_now_be_refused(make_board,
                                                                          facilitator):
    board = make_board(dots=1)
    nadia, _ = participant(board)
    add_op = new_op()
    added = notes.add_note(board.id, nadia, add_op, "c1", "Idée")
    note = added.object["id"]
    vote_op, delete_op = new_op(), new_op()
    voted = notes.vote(board.id, nadia, vote_op, note)
    assert notes.vote(board.id, nadia, vote_op, note) == voted  # not "no dots left"
    deleted = notes.delete_note(board.id, nadia, delete_op, note)
    assert notes.delete_note(board.id, nadia, delete_op, note) == deleted  # not "unknown"
    boards.set_state(board.id, participants.facilitator_actor(facilitator, board), new_op(), "lock")
    assert notes.vote(board.id, nadia, vote_op, note) == voted  # not "locked"
    assert notes.add_note(board.id, nadia, add_op, "c1", "Idée") == added  # not "locked"
    assert db.session.scalar(
        select(func.count()).where(BoardNote.board_id == board.id)) == 0  # the retry wrote none
