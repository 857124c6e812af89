"""A phase page costs the same number of SQL statements with 10 or 1,000 comments."""

import re

from sqlalchemy import event

from thc_participation.consultation.models import Comment, Proposal, Section, Vote

from .conftest import phase_url


def _seed(db, consultation, phase, users, count):
    roots = []
    for i in range(count):
        roots.append(Comment(consultation_id=consultation.id, phase_id=phase.id,
                             section=Section.SITUATION, author_id=users[i % len(users)].id,
                             body=f"Commentaire {i}"))
    db.session.add_all(roots)
    db.session.flush()
    replies = [Comment(consultation_id=consultation.id, phase_id=phase.id,
                       section=Section.SITUATION, author_id=users[0].id, parent_id=r.id,
                       root_id=r.id, depth=1, body="Réponse") for r in roots[::3]]
    db.session.add_all(replies)
    db.session.add_all(Vote(user_id=users[1].id, comment_id=r.id, value=1) for r in roots[::2])
    db.session.commit()


def _statements(client, url, db):
    count = 0

    def before(*_args):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert response.status_code == 200
    return count


def test_phase_page_query_count_is_independent_of_comments(client_for, open_consultation, db,
                                                           many_users):
    users = many_users(5)
    small, large = open_consultation.phases[0], open_consultation.phases[1]
    _seed(db, open_consultation, small, users, 10)
    _seed(db, open_consultation, large, users, 1000)
    for viewer in (None, users[1]):
        client = client_for(viewer)
        for sort in ("recent", "supported", "debated", "oldest"):
            few = _statements(client, phase_url(open_consultation, small) + f"?tri={sort}", db)
            many = _statements(client, phase_url(open_consultation, large) + f"?tri={sort}", db)
            assert few == many, (sort, few, many)
            assert many <= 15  # a fresh session per request, as in production


def _next_link(client, url):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")


def test_deep_pages_filters_and_proposals_cost_the_same_statements(client_for, open_consultation,
                                                                   db, many_users):
    users = many_users(5)
    small, large = open_consultation.phases[0], open_consultation.phases[1]
    _seed(db, open_consultation, small, users, 45)
    _seed(db, open_consultation, large, users, 1500)
    for phase, count in ((small, 45), (large, 3000)):
        db.session.add_all(Proposal(consultation_id=open_consultation.id, phase_id=phase.id,
                                    author_id=users[i % 5].id, title=f"Idée {i}",
                                    description="Texte", support_count=i % 9)
                           for i in range(count))
    db.session.commit()
    # Threads without any reply cost what threads with replies cost.
    quiet, busy = open_consultation.phases[2], open_consultation.phases[3]
    _seed(db, open_consultation, busy, users, 30)
    db.session.add_all(Comment(consultation_id=open_consultation.id, phase_id=quiet.id,
                               section=Section.SITUATION, author_id=users[i % 5].id,
                               body=f"Sans réponse {i}") for i in range(30))
    db.session.commit()
    client = client_for(users[1])
    assert (_statements(client, phase_url(open_consultation, quiet), db)
            == _statements(client, phase_url(open_consultation, busy), db))
    for query in ("?partie=situation", "?tri=supported", "?tri=oldest"):
        few = phase_url(open_consultation, small) + query
        many = phase_url(open_consultation, large) + query
        # Page 2 reached by its "next" link (keyset), page 3 by its number (a bookmark).
        assert _statements(client, few, db) == _statements(client, many, db)
        assert (_statements(client, _next_link(client, few), db)
                == _statements(client, _next_link(client, many), db))
        assert (_statements(client, few + "&page=3", db)
                == _statements(client, many + "&page=3", db))
    for sort in ("supported", "recent"):
        few = phase_url(open_consultation, small) + f"/propositions?tri={sort}"
        many = phase_url(open_consultation, large) + f"/propositions?tri={sort}"
        assert _statements(client, few, db) == _statements(client, many, db)
        assert (_statements(client, _next_link(client, few), db)
                == _statements(client, _next_link(client, many), db))
