"""Consultations at metropolis scale (issue #13): phase counters kept on write, keyset pages
that stay stable, streamed open-data exports identical to the buffered format, and the
participation report refreshed by its background job."""

import json
import re
from datetime import timedelta

from sqlalchemy import update

from tests.support.pages import text_of
from thc_participation import jobs
from thc_participation.consultation.counters import COUNTERS, recount
from thc_participation.consultation.models import Comment, ConsultationReport, Phase, Section
from thc_participation.consultation.services import comments, opendata, proposals
from thc_participation.csvio import read_csv, write_csv
from thc_participation.timeutil import utcnow

from .conftest import base_url, phase_url

NEXT = re.compile(r'rel="next" href="([^"]+)"')
PREV = re.compile(r'rel="prev" href="([^"]+)"')
COMMENT = re.compile(r'<li class="comment depth-0" id="commentaire-(\d+)"')


def _counters(db, phase_id):
    phase = db.session.get(Phase, phase_id)
    db.session.refresh(phase)
    return {name: getattr(phase, name) for name in COUNTERS}


def test_phase_counters_follow_every_insert(db, open_consultation, citizen, neighbour):
    phase, other = open_consultation.phases[0], open_consultation.phases[1]
    root = comments.post_comment(citizen, phase, "Sur la situation")
    comments.post_comment(neighbour, phase, "Une réponse", parent=root)
    comments.post_comment(citizen, phase, "Sur les résultats", section=Section.RESULTS.value)
    idea = proposals.create_proposal(citizen, phase, "Piste cyclable", "Rue des écoles")
    comments.post_comment(neighbour, phase, "Sur la proposition", proposal=idea)
    comments.post_comment(citizen, other, "Ailleurs")
    db.session.commit()
    expected = {"situation_roots": 1, "assessment_roots": 0, "results_roots": 1,
                "comment_count": 4, "proposal_count": 1}
    assert _counters(db, phase.id) == expected
    assert phase.root_count() == 2 and phase.root_count(Section.RESULTS) == 1
    # Rebuilding them from the rows (after a bulk load) gives the same figures.
    db.session.execute(update(Phase).values(situation_roots=0, comment_count=99))
    recount([phase.id])
    db.session.commit()
    assert _counters(db, phase.id) == expected


def _seed_roots(db, consultation, phase, users, count):
    start = utcnow() - timedelta(days=1)
    db.session.add_all(
        Comment(consultation_id=consultation.id, phase_id=phase.id, section=Section.SITUATION,
                author_id=users[i % len(users)].id, body=f"Commentaire {i}",
                # Ties on purpose: the id breaks them.
                created_at=start + timedelta(minutes=i // 3), score=i % 4)
        for i in range(count))
    db.session.commit()


def _walk(client, url):
    """The root ids of every page, following the "next" links; and the pages' HTML."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        pages.append(html)
        found = NEXT.search(html)
        url = found.group(1).replace("&amp;", "&") if found else None
    return [[int(i) for i in COMMENT.findall(html)] for html in pages], pages


def test_keyset_pages_cover_everything_once_and_stay_stable(db, client_for, open_consultation,
                                                            many_users):
    users = many_users(4)
    phase = open_consultation.phases[0]
    _seed_roots(db, open_consultation, phase, users, 65)
    expected = {
        "recent": sorted(db.session.query(Comment.created_at, Comment.id).all(), reverse=True),
        "supported": sorted(db.session.query(Comment.score, Comment.created_at, Comment.id)
                            .all(), reverse=True),
    }
    client = client_for()
    for sort, rows in expected.items():
        ids, pages = _walk(client, phase_url(open_consultation, phase) + f"?tri={sort}")
        assert [len(p) for p in ids] == [20, 20, 20, 5]
        assert [i for page in ids for i in page] == [row[-1] for row in rows]
        assert "apres=" in NEXT.search(pages[2]).group(1)
        # A bookmarked page number (OFFSET) shows the same rows as the keyset link.
        bookmarked = client.get(phase_url(open_consultation, phase) + f"?tri={sort}&page=3")
        assert [int(i) for i in COMMENT.findall(bookmarked.get_data(as_text=True))] == ids[2]
        # "Previous" from page 3 is page 2 again.
        back = PREV.search(pages[2]).group(1).replace("&amp;", "&")
        assert "avant=" in back
        assert [int(i) for i in COMMENT.findall(client.get(back).get_data(as_text=True))] == ids[1]

    # New comments while someone reads page 2: page 3 reached from page 2 does not repeat
    # what they already saw (an OFFSET page would shift by the new rows).
    first, pages = _walk(client, phase_url(open_consultation, phase))
    page_two = client.get(NEXT.search(pages[0]).group(1).replace("&amp;", "&"))
    for i in range(7):
        comments.post_comment(users[0], phase, f"Nouveau {i}")
    db.session.commit()
    page_three = client.get(NEXT.search(page_two.get_data(as_text=True)).group(1)
                            .replace("&amp;", "&"))
    assert [int(i) for i in COMMENT.findall(page_three.get_data(as_text=True))] == first[2]
    assert "sur 4" in text_of(page_three)  # 72 roots now


def test_bad_cursors_fall_back_to_the_page_number(db, client_for, open_consultation, many_users):
    users = many_users(2)
    phase = open_consultation.phases[0]
    _seed_roots(db, open_consultation, phase, users, 25)
    url = phase_url(open_consultation, phase)
    client = client_for()
    page_two = [int(i) for i in COMMENT.findall(client.get(url + "?page=2").get_data(as_text=True))]
    assert len(page_two) == 5
    for cursor in ("abc", "1_2", "9" * 30 + "_1", "-5_-5", "99999999999_1_2_3", "1_" + "9" * 20):
        response = client.get(url + f"?page=2&apres={cursor}&avant={cursor}")
        assert response.status_code == 200
    response = client.get(url + "?page=2&apres=nonsense")
    assert [int(i) for i in COMMENT.findall(response.get_data(as_text=True))] == page_two


def _contributions(db, consultation, phase, citizen, neighbour):
    comment = comments.post_comment(citizen, phase, "=HYPERLINK(\"http://x\";\"clic\")")
    comments.post_comment(neighbour, phase, "Réponse; avec « guillemets »\net ligne",
                          parent=comment)
    proposals.create_proposal(citizen, phase, "+33 jardin", "@partagé\tderrière l'école")
    db.session.commit()


def test_csv_export_is_streamed_and_identical_to_the_buffered_format(app, db, client_for,
                                                                     open_consultation, phase,
                                                                     citizen, neighbour):
    _contributions(db, open_consultation, phase, citizen, neighbour)
    response = client_for().get(base_url(open_consultation) + "/contributions.csv",
                                buffered=False)
    assert response.status_code == 200 and response.is_streamed
    with app.test_request_context():
        export = opendata.source(open_consultation.territory, open_consultation)
        expected = write_csv(list(opendata.csv_rows(export)), opendata.EXPORT_FIELDS)
    assert response.data == expected
    header, rows = read_csv(response.data)
    texts = {r[header.index("texte")] for r in rows} | {r[header.index("titre")] for r in rows}
    assert "'=HYPERLINK(\"http://x\";\"clic\")" in texts
    assert "'+33 jardin" in texts and "'@partagé\tderrière l'école" in texts


def test_json_export_is_streamed_and_is_the_json_dumps_text(db, client_for, open_consultation,
                                                            phase, citizen, neighbour):
    url = base_url(open_consultation) + "/contributions.json"
    empty = client_for().get(url, buffered=False)
    assert empty.is_streamed and json.loads(empty.data)["contributions"] == []
    assert empty.data == json.dumps(json.loads(empty.data), ensure_ascii=False,
                                    indent=1).encode()
    _contributions(db, open_consultation, phase, citizen, neighbour)
    response = client_for().get(url, buffered=False)
    assert response.status_code == 200 and response.is_streamed
    body = json.loads(response.data)
    assert [r["type"] for r in body["contributions"]] == ["proposition", "commentaire",
                                                          "commentaire"]
    # Byte for byte what the buffered export wrote: json.dumps(document, indent=1).
    assert response.data == json.dumps(body, ensure_ascii=False, indent=1).encode()


def _key_figures(response):
    return re.findall(r"<strong>(\d+)</strong>", response.get_data(as_text=True))[:3]


def test_report_is_refreshed_by_its_job_after_new_contributions(app, db, client_for,
                                                                 open_consultation, phase,
                                                                 citizen, neighbour, make_user):
    consultation_id, url = open_consultation.id, base_url(open_consultation) + "/bilan"
    comment = comments.post_comment(citizen, phase, "Premier avis")
    db.session.commit()
    refresh = jobs.tasks(app)["refresh_reports"]
    assert "en cours de calcul" in text_of(client_for().get(url))
    refresh.call_local()
    assert _key_figures(client_for().get(url)) == ["1", "1", "0"]

    late = make_user(name="Lou Tardive")
    comments.vote(neighbour, db.session.merge(comment), 1)
    comments.post_comment(late, db.session.get(Phase, phase.id), "Deuxième avis")
    proposals.create_proposal(late, db.session.get(Phase, phase.id), "Bancs", "Sur la place")
    db.session.commit()
    # Fresh figures are not recomputed by readers ...
    assert _key_figures(client_for().get(url)) == ["1", "1", "0"]
    # ... and once they are old, the next reader asks the job (run at once after the request
    # in tests, by the worker in production), which brings them up to date for later readers.
    db.session.execute(update(ConsultationReport).values(
        computed_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    assert _key_figures(client_for().get(url)) == ["1", "1", "0"]
    assert _key_figures(client_for().get(url)) == ["3", "2", "1"]
    db.session.expire_all()
    assert db.session.get(ConsultationReport, consultation_id).requested_at is None
    assert refresh.call_local() == {"refreshed": 0}  # nothing left to do
