"""Deterministic sample pools shared by the draw tests and the benchmark."""
import random

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
