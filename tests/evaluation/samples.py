"""Deterministic sample pools shared by the draw tests and the benchmark."""

import random
from datetime import timedelta

CATEGORIES = {
    "age": ["18-29", "30-44", "45-59", "60-74", "75+"],
    "genre": ["femme", "homme"],
    "public": ["aucun", "isolé", "jeune"],
    "quartier": ["Bords de Loire", "Centre", "Gare", "Les Noues", "Saint-Martin", "Vignes"],
}


def skewed_pool(size, seed=7):
    """A volunteer-skewed pool: older people, women and the centre over-represented."""
    rng = random.Random(seed)
    names = sorted(CATEGORIES)
    pool = []
    for i in range(size):
        values = []
        for name in names:
            options = CATEGORIES[name]
            weights = [2, 1] if name == "genre" else list(range(len(options), 0, -1))
            if name == "age":
                weights = weights[::-1]
            values.append(rng.choices(options, weights=weights)[0])
        pool.append((f"P{i:06d}", values))
    return pool


def quotas(panel_size):
    """Balanced quotas: each value gets between 70 % and 130 % of an equal share (rounded)."""
    result = []
    for name, values in sorted(CATEGORIES.items()):
        share = panel_size / len(values)
        result.append((name, [(v, int(share * 0.7), int(share * 1.3) + 1) for v in values]))
    return result


def skewed_draw(agent, territory, size, panel_size=30):
    """A prepared draw of a ``size``-person skewed pool with balanced quotas (committed): its
    freeze computes a real LEXIMIN over up to 180 types, seconds of CPU."""
    from sqlalchemy import insert

    from thc_participation.evaluation.models import Person
    from thc_participation.evaluation.services import draws, pools
    from thc_participation.extensions import db
    from thc_participation.timeutil import utcnow

    text = "\n".join(f"{name} : {', '.join(values)}" for name, values in CATEGORIES.items())
    pool = pools.create_pool(agent, territory, f"Vivier de {size}", "", text)
    db.session.flush()
    names = sorted(CATEGORIES)
    now = utcnow()
    rows = [{"pool_id": pool.id, "pseudonym": pseudonym, "values": dict(zip(names, values, strict=True)),
             "source": "import", "publish_name": False, "created_at": now}
            for pseudonym, values in skewed_pool(size)]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Person), rows[start:start + 5000])
    draw = draws.create_draw(agent, territory, pool, f"Panel de {size}", "evaluation-continue",
                             panel_size, "Loto du samedi")
    draws.update_draw(agent, territory, draw, panel_size,
                      {name: {v: (lo, hi) for v, lo, hi in values}
                       for name, values in quotas(panel_size)}, "Loto du samedi",
                      draws.now_to_the_second() + timedelta(hours=1))
    db.session.commit()
    return draw
