"""Verifier of THC Participation random draws (format thc-draw/1).

One file, Python standard library only (Python 3.8 or later). Usage:

    python3 verifier.py BUNDLE.json [--recu RECEIPT]      (or: thc draw verify BUNDLE.json)

It recomputes, from the bundle alone, the SHA-256 fingerprint of the frozen commitment, the quota
compliance of every panel composition of the lottery, the selection probability of every type,
the draw (composition, selected people and ordered substitutes) and the substitutions, and says
whether everything matches what was published. It re-solves nothing. The platform draws with this
very code, so the draw and its verification cannot disagree. The algorithm is specified in
docs/draw-algorithm.md of the THC Participation repository.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import sys
from fractions import Fraction

FORMAT = "thc-draw/1"
BUNDLE_FORMAT = "thc-draw-bundle/1"
SEED_LABEL = b"thc-draw/1 seed"


class BundleError(ValueError):
    """The bundle is malformed: the message says where, in French."""


# --- canonical form and fingerprint ---------------------------------------------------------

def canonical_json(value) -> bytes:
    """Canonical JSON: keys sorted by code point, no spaces, ASCII only (\\uXXXX escapes).

    Only objects, arrays, strings, integers, booleans and null are allowed: no floats, so every
    implementation writes the same bytes.
    """
    _check_no_float(value, "$")
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False).encode("ascii")


def _check_no_float(value, where):
    if isinstance(value, float):
        raise BundleError(f"{where} : nombre décimal interdit dans la forme canonique")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise BundleError(f"{where} : clé non textuelle")
            _check_no_float(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_no_float(item, f"{where}[{index}]")


def fingerprint(commitment: dict) -> str:
    """SHA-256 (hex) of the canonical JSON of the commitment."""
    return hashlib.sha256(canonical_json(commitment)).hexdigest()


# --- structure of the commitment -----------------------------------------------------------

def _int(value, where, minimum=0):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise BundleError(f"{where} : entier ≥ {minimum} attendu")
    return value


def _str(value, where):
    if not isinstance(value, str) or not value:
        raise BundleError(f"{where} : texte non vide attendu")
    return value


def _list(value, where):
    if not isinstance(value, list):
        raise BundleError(f"{where} : liste attendue")
    return value


def _dict(value, where, keys):
    if not isinstance(value, dict):
        raise BundleError(f"{where} : objet attendu")
    missing = [key for key in keys if key not in value]
    if missing:
        raise BundleError(f"{where} : champ(s) manquant(s) {', '.join(missing)}")
    return value


class Frozen:
    """The parsed commitment: categories, types, their members and the lottery."""

    def __init__(self, commitment: dict):
        c = _dict(commitment, "commitment",
                  ("format", "algorithm", "panel_size", "categories", "pool", "lottery"))
        if c["format"] != FORMAT:
            raise BundleError(f"commitment.format : « {FORMAT} » attendu")
        self.panel_size = _int(c["panel_size"], "commitment.panel_size", 1)
        self.categories = []  # [(name, [(value, min, max), ...])]
        names = []
        for i, cat in enumerate(_list(c["categories"], "commitment.categories")):
            where = f"commitment.categories[{i}]"
            _dict(cat, where, ("name", "values"))
            values = []
            for j, val in enumerate(_list(cat["values"], f"{where}.values")):
                w = f"{where}.values[{j}]"
                _dict(val, w, ("value", "min", "max"))
                low, high = _int(val["min"], f"{w}.min"), _int(val["max"], f"{w}.max")
                if low > high:
                    raise BundleError(f"{w} : minimum supérieur au maximum")
                values.append((_str(val["value"], f"{w}.value"), low, high))
            value_names = [v[0] for v in values]
            if not values or value_names != sorted(set(value_names)):
                raise BundleError(f"{where}.values : valeurs triées, distinctes, non vides attendues")
            names.append(_str(cat["name"], f"{where}.name"))
            self.categories.append((cat["name"], values))
        if names != sorted(set(names)):
            raise BundleError("commitment.categories : catégories triées et distinctes attendues")
        allowed = [set(v[0] for v in values) for _, values in self.categories]

        members = {}
        previous = None
        for i, row in enumerate(_list(c["pool"], "commitment.pool")):
            where = f"commitment.pool[{i}]"
            if not isinstance(row, list) or len(row) != 2:
                raise BundleError(f"{where} : [identifiant, [valeurs]] attendu")
            pid = _str(row[0], f"{where}[0]")
            if previous is not None and pid <= previous:
                raise BundleError(f"{where} : identifiants triés et distincts attendus")
            previous = pid
            values = _list(row[1], f"{where}[1]")
            if len(values) != len(self.categories):
                raise BundleError(f"{where} : une valeur par catégorie attendue")
            for k, value in enumerate(values):
                if value not in allowed[k]:
                    raise BundleError(f"{where} : valeur « {value} » hors de la catégorie "
                                      f"« {self.categories[k][0]} »")
            members.setdefault(tuple(values), []).append(pid)
        self.types = sorted(members)
        self.members = [members[t] for t in self.types]
        self.sizes = [len(m) for m in self.members]
        self.type_of = {pid: t for t, ids in enumerate(self.members) for pid in ids}

        lot = _dict(c["lottery"], "commitment.lottery", ("denominator", "compositions"))
        self.denominator = _int(lot["denominator"], "commitment.lottery.denominator", 1)
        self.compositions, self.weights = [], []
        for i, comp in enumerate(_list(lot["compositions"], "commitment.lottery.compositions")):
            where = f"commitment.lottery.compositions[{i}]"
            _dict(comp, where, ("counts", "weight"))
            counts = [_int(n, f"{where}.counts") for n in _list(comp["counts"], f"{where}.counts")]
            if len(counts) != len(self.types):
                raise BundleError(f"{where}.counts : un effectif par type attendu "
                                  f"({len(self.types)} types)")
            if self.compositions and counts <= self.compositions[-1]:
                raise BundleError(f"{where} : compositions triées et distinctes attendues")
            self.compositions.append(counts)
            self.weights.append(_int(comp["weight"], f"{where}.weight", 1))
        if not self.compositions:
            raise BundleError("commitment.lottery.compositions : liste vide")

    def quota_problems(self, counts) -> list:
        """French descriptions of every way `counts` (people per type) breaks a rule."""
        problems = []
        if sum(counts) != self.panel_size:
            problems.append(f"{sum(counts)} personnes au lieu de {self.panel_size}")
        for t, n in enumerate(counts):
            if n > self.sizes[t]:
                problems.append(f"type {t} : {n} personnes tirées pour {self.sizes[t]} dans le vivier")
        for k, (name, values) in enumerate(self.categories):
            for value, low, high in values:
                got = sum(n for t, n in enumerate(counts) if self.types[t][k] == value)
                if not low <= got <= high:
                    problems.append(f"« {name} » = « {value} » : {got} hors de [{low} ; {high}]")
        return problems

    def probabilities(self) -> list:
        """Exact selection probability of one person of each type (Fraction)."""
        expected = [0] * len(self.types)
        for counts, weight in zip(self.compositions, self.weights):  # noqa: B905 (Python 3.8)
            for t, n in enumerate(counts):
                expected[t] += weight * n
        pairs = zip(expected, self.sizes)  # noqa: B905 (the verifier runs on Python 3.8+)
        return [Fraction(e, self.denominator * size) for e, size in pairs]


def format_fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def pseudonym(receipt: str) -> str:
    """The pseudonym of the person holding a private receipt: "P" + 16 hex of its SHA-256."""
    digest = hashlib.sha256(b"thc-receipt/1\n" + receipt.encode("utf-8")).hexdigest()
    return "P" + digest[:16].upper()


# --- the draw ------------------------------------------------------------------------------

def seed(fingerprint_hex: str, randomness: str) -> bytes:
    """32-byte seed: SHA-256 of label, fingerprint and public randomness, newline separated."""
    return hashlib.sha256(SEED_LABEL + b"\n" + fingerprint_hex.encode("ascii") + b"\n"
                          + randomness.encode("utf-8")).digest()


def _mac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def pick_composition(frozen: Frozen, key: bytes) -> int:
    """Index of the composition chosen by the seed, with probability weight / denominator."""
    r = int.from_bytes(_mac(key, b"composition"), "big") % frozen.denominator
    cumulative = 0
    for index, weight in enumerate(frozen.weights):
        cumulative += weight
        if r < cumulative:
            return index
    raise BundleError("commitment.lottery : la somme des poids est inférieure au dénominateur")


def rank(key: bytes, ids) -> list:
    """People ordered by HMAC-SHA256(seed, "person\\n" + id), ties broken by id."""
    return sorted(ids, key=lambda pid: (_mac(key, b"person\n" + pid.encode("utf-8")), pid))


def draw(frozen: Frozen, fingerprint_hex: str, randomness: str) -> dict:
    """The result: chosen composition, then per type the selected people and the substitutes."""
    key = seed(fingerprint_hex, randomness)
    index = pick_composition(frozen, key)
    types = []
    for t, ids in enumerate(frozen.members):
        ordered = rank(key, ids)
        n = frozen.compositions[index][t]
        types.append({"selected": ordered[:n], "substitutes": ordered[n:]})
    return {"composition": index, "types": types}


def apply_substitutions(frozen: Frozen, result: dict, substitutions: list):
    """Replay declines in order. Returns (seated ids per type, vacancies, problems in French).

    A person who declines is replaced by the next unused substitute of the same type (or the seat
    stays vacant when the type has none left): no new randomness and no operator choice.
    """
    seated = [list(entry["selected"]) for entry in result["types"]]
    queue = [list(entry["substitutes"]) for entry in result["types"]]
    vacancies, problems = 0, []
    for i, step in enumerate(substitutions):
        where = f"substitutions[{i}]"
        if not isinstance(step, dict) or "declined" not in step or "replacement" not in step:
            problems.append(f"{where} : {{declined, replacement}} attendu")
            continue
        declined, replacement = step["declined"], step["replacement"]
        t = frozen.type_of.get(declined)
        if t is None or declined not in seated[t]:
            problems.append(f"{where} : « {declined} » n'occupe pas de siège")
            continue
        expected = queue[t].pop(0) if queue[t] else None
        if replacement != expected:
            problems.append(f"{where} : remplaçant « {replacement} » au lieu de « {expected} »")
            if expected is not None:
                queue[t].insert(0, expected)
            continue
        seated[t].remove(declined)
        if expected is None:
            vacancies += 1
        else:
            seated[t].append(expected)
    return seated, vacancies, problems


# --- verification of a whole bundle ----------------------------------------------------------

class Report:
    def __init__(self):
        self.checks = []  # (ok: bool, label: str, detail: str)

    def add(self, ok: bool, label: str, detail: str = ""):
        self.checks.append((bool(ok), label, detail))

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(ok for ok, _, _ in self.checks)

    def text(self) -> str:
        lines = [("OK     " if ok else "ÉCHEC  ") + label + (f" : {detail}" if detail else "")
                 for ok, label, detail in self.checks]
        lines.append("Tout concorde." if self.ok else "Le paquet NE concorde PAS.")
        return "\n".join(lines)


def verify_bundle(bundle) -> Report:
    """Check every published element of a bundle; never raises on bad input."""
    report = Report()
    try:
        _verify(bundle, report)
    except BundleError as error:
        report.add(False, "Structure du paquet", str(error))
    return report


def _verify(bundle, report: Report):
    _dict(bundle, "paquet", ("format", "commitment", "fingerprint", "probabilities"))
    if bundle["format"] != BUNDLE_FORMAT:
        raise BundleError(f"format : « {BUNDLE_FORMAT} » attendu")
    frozen = Frozen(bundle["commitment"])
    computed = fingerprint(bundle["commitment"])
    report.add(computed == bundle["fingerprint"], "Empreinte SHA-256 de l'engagement",
               computed if computed == bundle["fingerprint"]
               else f"calculée {computed}, publiée {bundle['fingerprint']}")
    total = sum(frozen.weights)
    report.add(total == frozen.denominator, "Somme des probabilités des compositions",
               f"{total}/{frozen.denominator}")
    bad = [(i, p) for i, c in enumerate(frozen.compositions) for p in frozen.quota_problems(c)]
    report.add(not bad, f"Quotas respectés par les {len(frozen.compositions)} compositions",
               "; ".join(f"composition {i} : {p}" for i, p in bad[:5]))
    probabilities = [format_fraction(p) for p in frozen.probabilities()]
    published = bundle["probabilities"]
    report.add(published == probabilities,
               f"Probabilités de sélection des {len(frozen.types)} types",
               "" if published == probabilities else "les probabilités publiées diffèrent")
    randomness = bundle.get("randomness")
    if randomness is None:
        report.add(bundle.get("result") is None, "Tirage en attente de l'aléa public",
                   "" if bundle.get("result") is None else "résultat publié sans aléa")
        return
    _dict(randomness, "randomness", ("value",))
    expected = draw(frozen, bundle["fingerprint"], _str(randomness["value"], "randomness.value"))
    result = bundle.get("result")
    report.add(result == expected, "Tirage recalculé (composition, sélectionnés, remplaçants)",
               f"composition {expected['composition']}" if result == expected
               else "le résultat publié diffère du tirage recalculé")
    substitutions = _list(bundle.get("substitutions", []), "substitutions")
    seated, vacancies, problems = apply_substitutions(frozen, expected, substitutions)
    report.add(not problems, f"Remplacements ({len(substitutions)}) dans l'ordre des remplaçants",
               "; ".join(problems[:5]))
    if vacancies:
        report.add(True, f"{vacancies} siège(s) vacant(s) faute de remplaçant du même type")
    else:
        counts = [len(ids) for ids in seated]
        problems = frozen.quota_problems(counts)
        report.add(not problems, "Quotas respectés par le panel actuel", "; ".join(problems))


def verifier_sha256() -> str:
    """SHA-256 of this very file, shown in every transparency report."""
    with open(__file__, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def locate(frozen: Frozen, result, pseudonym_: str) -> dict:
    """Where a pseudonym stands: in the frozen pool, selected, rank among its type's substitutes."""
    t = frozen.type_of.get(pseudonym_)
    answer = {"pseudonym": pseudonym_, "in_pool": t is not None, "selected": False,
              "substitute_rank": None}
    if t is not None and result:
        entry = result["types"][t]
        answer["selected"] = pseudonym_ in entry["selected"]
        if pseudonym_ in entry["substitutes"]:
            answer["substitute_rank"] = entry["substitutes"].index(pseudonym_) + 1
    return answer


def _receipt_text(bundle, receipt: str) -> str:
    where = locate(Frozen(bundle["commitment"]), bundle.get("result"), pseudonym(receipt))
    if not where["in_pool"]:
        return f"Reçu : le pseudonyme {where['pseudonym']} n'est PAS dans le vivier gelé."
    text = f"Reçu : le pseudonyme {where['pseudonym']} est dans le vivier gelé"
    if where["selected"]:
        return text + " ; tiré au sort."
    if where["substitute_rank"]:
        return text + f" ; remplaçant n° {where['substitute_rank']} de son type."
    return text + "."


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    receipt = None
    if len(argv) == 3 and argv[1] == "--recu":
        receipt = argv.pop(2).strip().lower()
        argv.pop(1)
    if len(argv) != 1:
        print("usage : python3 verifier.py PAQUET.json [--recu VOTRE_RECU]", file=sys.stderr)
        return 2
    try:
        with open(argv[0], "rb") as handle:
            bundle = json.loads(handle.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"Impossible de lire le paquet : {error}", file=sys.stderr)
        return 2
    report = verify_bundle(bundle)
    print(report.text())
    if receipt is not None and report.ok:
        print(_receipt_text(bundle, receipt))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
