"""The full-text engine on SQLite (FTS5) and PostgreSQL (``french`` tsvector): stemming,
accents, prefixes, territories, privacy and hostile queries."""

import pytest

from thc_participation import search
from thc_participation.search import index

DOCUMENTS = {
    1: ("Tirage au sort des membres du comité", "Les habitants sont tirés au sort."),
    2: ("Conseil de la Jeunesse", "Un lieu pour les moins de 25 ans."),
    3: ("Les jeunes du quartier", "Un atelier du samedi."),
    4: ("Budgets participatifs 2027", "Cinq cents mille euros pour vos idées."),
    5: ("Écologie urbaine", "Des îlots de fraîcheur et des forêts à l'école."),
    6: ("Voirie", "Réfection de la chaussée, rue du budget participatif."),
}


@pytest.fixture
def documents(db, territory, other_territory):
    for object_id, (title, text) in DOCUMENTS.items():
        index.put("note", object_id, title=title, text=text, territory_id=territory.id,
                  url=f"/notes/{object_id}")
    index.put("note", 7, title="Budget participatif voisin", text="Ailleurs.",
              territory_id=other_territory.id, url="/notes/7")
    index.put("note", 8, title="Budget participatif du réseau", text="Pour tous.",
              territory_id=None, url="/notes/8")
    db.session.commit()


def found(q, **kwargs):
    return [hit.object_id for hit in search.query(q, **kwargs)]


@pytest.mark.parametrize("q, expected", [
    ("tirage au sort", 1), ("tirages", 1), ("TIRAGE", 1),
    ("jeunes", 2), ("jeunes", 3), ("jeunesse", 2), ("jeunesse", 3), ("Jeunesse", 3),
    ("budget participatif", 4), ("budgets participatifs", 4),
    ("ecologie", 5), ("écologie", 5), ("ÉCOLOGIE", 5), ("foret", 5), ("fraicheur", 5),
    ("ecole", 5), ("particip", 4),
])
def test_stems_accents_and_prefixes_find_the_document(documents, q, expected):
    assert expected in found(q)


def test_every_word_must_match(documents):
    assert found("budget voirie") == [6]
    assert found("jeunesse samedi") == [3]
    assert found("tirage budget") == []


def test_a_match_in_the_title_ranks_first(documents, territory):
    hits = found("budget participatif", territory_id=territory.id)
    assert hits.index(4) < hits.index(6)


def test_territory_search_keeps_the_territory_and_the_network(documents, territory):
    assert set(found("budget", territory_id=territory.id)) == {4, 6, 8}
    assert set(found("budget")) == {4, 6, 7, 8}


def test_counts_and_kinds(db, documents, territory):
    index.put("meeting", 1, title="Budget participatif : réunion", text="", url="/e/1",
              territory_id=territory.id)
    db.session.commit()
    assert search.counts("budget", territory_id=territory.id) == {"note": 3, "meeting": 1}
    assert [h.kind for h in search.query("budget", kinds=["meeting"])] == ["meeting"]


def test_private_documents_are_never_indexed_and_drop_removes(db, documents):
    index.put("note", 9, title="Tirage secret", text="", url="/n/9", public=False)
    index.put("note", 1, title="Tirage au sort", text="", url="/n/1", public=False)
    db.session.commit()
    assert found("tirage") == []
    index.drop("note", 3)
    db.session.commit()
    assert 3 not in found("jeunes")


def test_put_replaces_the_document(db, documents):
    index.put("note", 2, title="Conseil des aînés", text="", url="/notes/2")
    db.session.commit()
    assert 2 not in found("jeunesse")
    assert found("aines") == [2]
    assert index.count("note") == len(DOCUMENTS) + 2


def test_snippets_are_escaped_with_the_match_highlighted(db, documents):
    index.put("note", 10, title="<b>Vélo</b> & co", url="/n/10",
              text="Début " + "mot " * 80 + "<script>alert(1)</script> pistes cyclables " * 2)
    db.session.commit()
    [hit] = search.query("velo cyclable")
    assert str(hit.title) == "&lt;b&gt;<mark>Vélo</mark>&lt;/b&gt; &amp; co"
    assert "<mark>cyclables</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert hit.snippet.startswith("… ")


@pytest.mark.parametrize("q", [
    '"', '""', "'", "*", "-", "--", "-budget", "budget*", "NEAR(budget participatif)",
    "budget NEAR participatif", "vector:budget", "title:budget", "budget:*", "budget & !jeunes",
    "(budget", "budget)", "AND", "OR NOT", "^budget", "{budget}", "\\", "budget | jeunes",
    "l'école", "d'", "a", "", "   ", "<script>", "budget\u00a0participatif", "x" * 500,
    "é" * 3, "1 = 1; DROP TABLE search_document", "%", "_", "budget\tjeunes",
])
def test_hostile_queries_never_fail(documents, q):
    hits = search.query(q)
    assert isinstance(hits, list)
    assert isinstance(search.counts(q), dict)


def test_syntax_characters_are_ignored_not_interpreted(db, documents):
    assert 4 in found('"budget" participatif*')
    assert 4 in found("-budget")  # not a NOT: the word itself
    assert found("NEAR(budget participatif)") == []  # "near" is a word no document holds
    index.put("note", 11, title="Près de la gare", text="near the station", url="/n/11")
    db.session.commit()
    assert found("NEAR(station)") == [11]
    assert found("vector:budget") == []  # "vector" must match too: no column filter


def test_too_short_and_stop_word_queries(documents):
    assert search.is_too_short("a") and search.is_too_short(" ")
    assert not search.is_too_short("vo")
    assert found("le la les de") == []


def test_new_documents_are_added_together_and_replace_a_left_behind_one(db, documents):
    index.add_many([("note", 1, {"title": "Jardins partagés", "url": "/n/1"}),
                    ("note", 20, {"title": "Compost collectif", "text": "Au jardin.",
                                  "url": "/n/20"}),
                    ("note", 21, {"title": "Secret", "url": "/n/21", "public": False})])
    db.session.commit()
    assert found("tirage") == []  # note 1 was replaced
    assert set(found("jardin")) == {1, 20}
    assert found("secret") == []
