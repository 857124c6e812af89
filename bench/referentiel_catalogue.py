"""The référentiel's public catalogue at 100 and 10,000 cards (issue #18).

    python -W ignore bench/referentiel_catalogue.py [--sizes 100,10000] [--requests 30]
        [--database sqlite|postgres]

Builds one throw-away database per size (SQLite files, or databases of a throw-away
PostgreSQL cluster), each with that many published cards, and indexes them for the full-text
search (``search.reindex``). Every size holds the same 100 "topic" cards (about budgets,
drawing lots, youth councils...); the larger catalogues add cards about other subjects, so that
a precise search finds the same cards at every size, as a reader's search in a growing
catalogue does. One more line searches a word that one card in three holds at every size
(its matches grow with the catalogue: shown, not a target).

Then it prints, for each page of the catalogue (no filter, facets, search, search with a
facet), the median time of ``--requests`` GETs (Flask test client in this process, the sizes
requested in turn so that the machine's load falls on all alike) and the SQL statements of
one request. Target: time at 10,000 <= 1.5 x time at 100, with the same statement count.
"""

import argparse
import functools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGES = {
    "catalogue": "/referentiel",
    "facet: type": "/referentiel?type=outil",
    "facets: phase + step": "/referentiel?phase=3&etape=decision",
    "facets: level + scale": "/referentiel?niveau=concertation&echelle=commune",
    "page 3": "/referentiel?page=3",
    "search": "/referentiel?q=budget+participatif",
    "search + facet": "/referentiel?q=tirage+au+sort&type=outil",
}
GROWING = {"search, growing matches": "/referentiel?q=citoyens"}

TOPICS = [
    ("Budget participatif", "Les habitants proposent et votent des projets d'investissement "
     "financés par un budget participatif."),
    ("Tirage au sort", "Constituer un panel représentatif par tirage au sort sur les listes "
     "électorales."),
    ("Conseil de jeunes", "Une assemblée de jeunes qui donne son avis et porte des projets."),
    ("Atelier de quartier", "Un atelier ouvert où les riverains diagnostiquent leur quartier."),
    ("Convention citoyenne", "Des personnes tirées au sort délibèrent et rendent des "
     "recommandations."),
    ("Cartographie des acteurs", "Recenser associations et collectifs qui agissent sur le "
     "territoire."),
    ("Marche exploratoire", "Parcourir l'espace public pour relever ce qui gêne et ce qui "
     "plaît."),
    ("Pétition locale", "Un droit d'interpellation du conseil municipal par les habitants."),
    ("Budget genré", "Analyser les dépenses publiques selon leurs effets sur les femmes et "
     "les hommes."),
    ("Comité de suivi", "Des habitants suivent la mise en œuvre des engagements pris."),
]
OTHER_SUBJECTS = [
    "mobilité douce", "patrimoine bâti", "rénovation énergétique", "alimentation locale",
    "gestion de l'eau", "biodiversité urbaine", "numérique responsable", "culture partagée",
    "sport pour tous", "santé environnementale", "logement abordable", "tourisme durable",
    "économie circulaire", "accès aux droits", "forêts communales", "risques naturels",
]
WORDS = ("méthode pratique retour terrain animation outil synthèse délibération calendrier "
         "équipe élus agents partenaires évaluation indicateurs diffusion restitution "
         "médiation accueil accessibilité traduction").split()


def card_rows(size, author_id, rng):
    """The cards of a catalogue of ``size``: the 100 topic cards, then other subjects. One
    card in three mentions "citoyens" (the growing search)."""
    kinds = ("outil", "experience", "acteur")
    levels = ("information", "consultation", "concertation", "coconstruction", "codecision")
    scales = ("quartier", "commune", "intercommunalite", "departement", "region", "national")
    for n in range(size):
        if n < 100:
            title, summary = TOPICS[n % len(TOPICS)]
            title = f"{title} — fiche {n + 1}"
        else:
            subject = OTHER_SUBJECTS[n % len(OTHER_SUBJECTS)]
            title = f"{subject.capitalize()} — fiche {n + 1}"
            summary = f"Une démarche sur {subject}, avec {rng.choice(WORDS)}."
        body = " ".join(rng.choice(WORDS) for _ in range(80))
        if n % 3 == 0:
            body += " Les citoyens y prennent part."
        yield {
            "kind": kinds[n % 3], "slug": f"fiche-{n + 1}", "status": "publiee",
            "title": title, "summary": summary, "body": body,
            "participation_level": levels[n % 5], "scale": scales[n % 6],
            "effort": ("faible", "moyen", "eleve")[n % 3], "duration": "6 mois",
            "audience": "Habitants", "links": [], "licence": "Licence Ouverte 2.0",
            "author_id": author_id,
        }


def build(url, tmp, size):
    from sqlalchemy import insert, select, text

    from bench.consultation_page import bench_app
    from thc_participation import search
    from thc_participation.extensions import db
    from thc_participation.models import User
    from thc_participation.referentiel.models import Card, CardPhase, CardStep
    from thc_participation.timeutil import utcnow

    app = bench_app(url, tmp)
    started = time.perf_counter()
    with app.app_context():
        author = User(email="auteur@bench.fr", display_name="Collectif Banc", password_hash="!",
                      confirmed_at=utcnow(), is_collective_member=True)
        db.session.add(author)
        db.session.flush()
        rng = random.Random(18)
        now = utcnow()
        rows = [dict(row, created_at=now, updated_at=now, published_at=now)
                for row in card_rows(size, author.id, rng)]
        for start in range(0, len(rows), 1000):
            db.session.execute(insert(Card.__table__), rows[start:start + 1000])
        steps = ("emergence", "elaboration", "decision", "mise-en-oeuvre", "evaluation")
        links = []
        for index, card_id in enumerate(db.session.scalars(select(Card.id).order_by(Card.id))):
            links.append(("step", {"card_id": card_id, "step": steps[index % 5]}))
            links.append(("step", {"card_id": card_id, "step": steps[(index + 2) % 5]}))
            links.append(("phase", {"card_id": card_id, "phase": 1 + index % 5}))
            links.append(("phase", {"card_id": card_id, "phase": 1 + (index + 2) % 5}))
        for table, kind in ((CardStep.__table__, "step"), (CardPhase.__table__, "phase")):
            values = [row for k, row in links if k == kind]
            for start in range(0, len(values), 2000):
                db.session.execute(insert(table), values[start:start + 2000])
        db.session.commit()
        # Seeding only: the generated texts repeat a small vocabulary, so each word is stemmed
        # once (Snowball is deterministic: the index is the one the application writes).
        stem = search.text.stem
        search.text.stem = functools.lru_cache(maxsize=None)(stem)
        try:
            indexed = search.reindex(["referentiel"])
        finally:
            search.text.stem = stem
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    print(f"seeded {size:>6} cards ({indexed['referentiel']} indexed) in "
          f"{time.perf_counter() - started:5.1f} s", flush=True)
    return app


def timed(apps, url, requests):
    """{size: (median ms, SQL statements of one request)} of GET ``url`` on every app, in turn,
    after two warm-ups."""
    from sqlalchemy import event

    from thc_participation.extensions import db

    results = {}
    counts = {size: [0] for size in apps}
    listeners = {}
    for size, app in apps.items():
        with app.app_context():
            engine = db.engine
        counter = counts[size]

        def before(*_args, counter=counter):
            counter[0] += 1

        event.listen(engine, "before_cursor_execute", before)
        listeners[size] = (engine, before)
    times = {size: [] for size in apps}
    clients = {size: app.test_client() for size, app in apps.items()}
    try:
        for i in range(requests + 2):
            order = list(apps) if i % 2 else list(apps)[::-1]
            for size in order:
                counts[size][0] = 0
                started = time.perf_counter()
                response = clients[size].get(url)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (url, response.status_code)
                if i >= 2:
                    times[size].append(elapsed)
                results[size] = counts[size][0]
    finally:
        for engine, before in listeners.values():
            event.remove(engine, "before_cursor_execute", before)
    return {size: (statistics.median(times[size]), results[size]) for size in apps}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    server = None
    if args.database == "postgres":
        from thc_participation.localservers import PostgresServer

        server = PostgresServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            apps = {}
            for size in sizes:
                folder = os.path.join(tmp, str(size))
                os.makedirs(folder)
                url = (server.create_database(f"ref_{size}") if server
                       else f"sqlite:///{folder}/bench.db")
                apps[size] = build(url, folder, size)
            print(f"\nload average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
            print(f"{args.database}: median of {args.requests} requests, ms "
                  f"(SQL statements per request)")
            print(f"{'page':<26}" + "".join(f"{size:>16,}" for size in sizes) + f"{'ratio':>8}")
            worst = 0.0
            for name, url in {**PAGES, **GROWING}.items():
                results = timed(apps, url, args.requests)
                ratio = results[sizes[-1]][0] / results[sizes[0]][0]
                if name in PAGES:
                    worst = max(worst, ratio)
                cells = "".join(f"{f'{ms:7.1f} ({n})':>16}" for ms, n in
                                (results[size] for size in sizes))
                print(f"{name:<26}{cells}{ratio:>8.2f}", flush=True)
            print(f"\nworst ratio (target <= 1.5, growing search excluded): {worst:.2f}")
            print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
            for app in apps.values():
                from thc_participation.extensions import db

                with app.app_context():
                    db.engine.dispose()
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
