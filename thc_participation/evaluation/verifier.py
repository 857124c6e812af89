"""Verifier of THC Participation random draws (format thc-draw/2).

One file, Python standard library only (Python 3.8 or later); run `python3 verifier.py --help`.
From the bundle alone it recomputes the SHA-256 fingerprint of the frozen commitment, the quota
compliance of every panel composition of the lottery, the selection probability of every type,
the draw (composition, selected people, ordered substitutes) and the substitutions; it checks
the order freeze -> announced time -> public randomness, and (with --empreinte / --alea) that
the bundle is the one announced. It re-solves nothing. The platform draws with this very code.
The format is specified in docs/draw-algorithm.md of the THC Participation repository.
"""
from __future__ import annotations

import gc
import hashlib
import hmac
import json
import os
import re
import sys
import unicodedata
from datetime import datetime
from fractions import Fraction

FORMAT = "thc-draw/2"
BUNDLE_FORMAT = "thc-draw-bundle/2"
ALGORITHMS = ("leximin-types/1",)
SEED_LABEL = b"thc-draw/1 seed"
RANDOMNESS_MAX = 200
HEX64 = re.compile(r"[0-9a-f]{64}\Z")
MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")
FRACTION = re.compile(r"(0|[1-9][0-9]*)/[1-9][0-9]*\Z")
HELP = """usage : python3 verificateur_tirage.py PAQUET.json [--empreinte EMPREINTE]
                                         [--alea VALEUR] [--recu RECU]

Vérifie un tirage au sort de THC Participation à partir de son paquet de vérification
(verification.json, téléchargé depuis la page publique du tirage) : empreinte de l'engagement,
quotas de chaque composition, probabilités, ordre gel -> heure annoncée -> aléa, tirage et
remplacements. Rien n'est envoyé sur le réseau.

  --empreinte EMPREINTE  l'empreinte publiée au gel (page publique, avis affiché, e-mail) :
                         le paquet est refusé s'il porte une autre empreinte
  --alea VALEUR          l'aléa public tel que vous l'avez constaté (tirage du Loto, dés...)
  --recu RECU            votre reçu privé : dit si vous étiez dans le vivier et votre place
  -h, --help             affiche cette aide

Code de sortie : 0 tout concorde, 1 quelque chose diffère, 2 paquet illisible."""


class BundleError(ValueError):
    """The bundle is malformed: the message says where, in French."""


# --- reading: strict JSON, canonical form and fingerprint -----------------------------------

def _pairs(pairs):
    keys = [key for key, _value in pairs]
    if len(set(keys)) != len(keys):
        raise BundleError(f"clé en double dans un objet : « {sorted(k for k in keys if keys.count(k) > 1)[0]} »")
    return dict(pairs)


def _no_float(text):
    raise BundleError(f"nombre décimal interdit : {text[:20]}")


def load(data: bytes):
    """The bundle from its bytes: UTF-8 JSON, no duplicate key, no float, no NaN."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BundleError(f"le fichier n'est pas en UTF-8 (octet {error.start})") from None
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_float=_no_float,
                          parse_constant=_no_float)
    except RecursionError:
        raise BundleError("imbrication trop profonde") from None
    except BundleError:
        raise
    except ValueError as error:
        raise BundleError(f"JSON invalide ({type(error).__name__} : {str(error)[:80]})") from None


def canonical_json(value) -> bytes:
    """Canonical JSON: keys sorted by code point, no spaces, ASCII only (\\uXXXX escapes)."""
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


def fingerprint(commitment: dict, checked=False) -> str:
    """SHA-256 (hex) of the canonical JSON of the commitment (``checked``: ``Frozen`` already
    accepted it, so it holds no float and the walk looking for one is skipped)."""
    if checked:
        return hashlib.sha256(json.dumps(commitment, sort_keys=True, separators=(",", ":"),
                                         ensure_ascii=True).encode("ascii")).hexdigest()
    return hashlib.sha256(canonical_json(commitment)).hexdigest()


def normalise_randomness(value: str) -> str:
    """NFC, runs of whitespace (str.isspace, e.g. no-break spaces) as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", value).split())


# --- exact types ---------------------------------------------------------------------------

def _int(value, where, minimum=0):
    if type(value) is not int or value < minimum:
        raise BundleError(f"{where} : entier ≥ {minimum} attendu")
    return value


def _str(value, where, pattern=None):
    if type(value) is not str or not value:
        raise BundleError(f"{where} : texte non vide attendu")
    if pattern is not None and not pattern.match(value):
        raise BundleError(f"{where} : format inattendu « {value[:80]} »")
    return value


def _moment(value, where):
    _str(value, where, MOMENT)
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise BundleError(f"{where} : date impossible « {value} »") from None
    return value


def _list(value, where):
    if type(value) is not list:
        raise BundleError(f"{where} : liste attendue")
    return value


def _dict(value, where, keys):
    """``value`` is an object with exactly ``keys``."""
    if type(value) is not dict:
        raise BundleError(f"{where} : objet attendu")
    missing = [key for key in keys if key not in value]
    extra = sorted(key for key in value if key not in keys)
    if missing:
        raise BundleError(f"{where} : champ(s) manquant(s) {', '.join(missing)}")
    if extra:
        raise BundleError(f"{where} : champ(s) inconnu(s) {', '.join(extra)[:200]}")
    return value


COMMITMENT_KEYS = ("format", "algorithm", "draw", "panel_size", "categories", "pool", "lottery",
                   "randomness_source", "randomness_not_before", "frozen_at")
BUNDLE_KEYS = ("format", "commitment", "fingerprint", "probabilities", "randomness", "result",
               "substitutions", "verifier_sha256")


class Frozen:
    """The parsed commitment: categories, types, their members and the lottery."""

    def __init__(self, commitment: dict):
        c = _dict(commitment, "commitment", COMMITMENT_KEYS)
        if c["format"] != FORMAT:
            raise BundleError(f"commitment.format : « {FORMAT} » attendu")
        if c["algorithm"] not in ALGORITHMS:
            raise BundleError(f"commitment.algorithm : « {ALGORITHMS[0]} » attendu")
        if type(c["draw"]) is not dict:
            raise BundleError("commitment.draw : objet attendu")
        for key, value in c["draw"].items():
            if type(value) is not str and type(value) is not int:
                raise BundleError(f"commitment.draw.{key} : texte ou entier attendu")
        _str(c["randomness_source"], "commitment.randomness_source")
        self.frozen_at = _moment(c["frozen_at"], "commitment.frozen_at")
        self.not_before = _moment(c["randomness_not_before"], "commitment.randomness_not_before")
        if self.not_before <= self.frozen_at:
            raise BundleError("commitment.randomness_not_before : l'heure annoncée de l'aléa "
                              "doit être postérieure au gel")
        self.panel_size = _int(c["panel_size"], "commitment.panel_size", 1)
        self.categories = []  # [(name, [(value, min, max), ...])]
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
            self.categories.append((_str(cat["name"], f"{where}.name"), values))
        names = [name for name, _values in self.categories]
        if names != sorted(set(names)):
            raise BundleError("commitment.categories : catégories triées et distinctes attendues")
        allowed = [set(v[0] for v in values) for _, values in self.categories]
        members, previous = {}, None
        width = len(self.categories)
        for i, row in enumerate(_list(c["pool"], "commitment.pool")):
            if type(row) is not list or len(row) != 2 or type(row[0]) is not str or \
                    type(row[1]) is not list or len(row[1]) != width:
                raise BundleError(f"commitment.pool[{i}] : [identifiant, [une valeur par "
                                  "catégorie]] attendu")
            pid, values = row
            if previous is not None and pid <= previous or not pid:
                raise BundleError(f"commitment.pool[{i}] : identifiants non vides, triés et "
                                  "distincts attendus")
            previous = pid
            key = tuple(values)
            try:
                known = key in members
            except TypeError:   # a list or an object among the values: refused just below
                known = False
            if not known:
                for k, value in enumerate(values):
                    if type(value) is not str or value not in allowed[k]:
                        raise BundleError(f"commitment.pool[{i}] : valeur hors de la "
                                          f"catégorie « {self.categories[k][0]} »")
                members[key] = []
            members[key].append(pid)
        self.types = sorted(members)
        self.members = [members[t] for t in self.types]
        self.sizes = [len(m) for m in self.members]
        self.type_of = {pid: t for t, ids in enumerate(self.members) for pid in ids}
        if self.panel_size > len(self.type_of):
            raise BundleError("commitment.panel_size : plus grand que le vivier")
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

    def quota_problems(self, counts, size=True) -> list:
        """French descriptions of every way `counts` (people per type) breaks a rule."""
        problems = []
        if size and sum(counts) != self.panel_size:
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
                if n:
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
    return hmac.digest(key, message, "sha256")


def pick_composition(frozen: Frozen, key: bytes) -> int:
    """Index of the composition chosen by the seed, with probability weight / denominator."""
    r = int.from_bytes(_mac(key, b"composition"), "big") % frozen.denominator
    cumulative = 0
    for index, weight in enumerate(frozen.weights):
        cumulative += weight
        if r < cumulative:
            return index
    raise BundleError("commitment.lottery : la somme des poids est inférieure au dénominateur")


def _person_mac(key: bytes):
    """pid -> HMAC-SHA256(key, "person\\n" + pid), with the padded key hashed once (RFC 2104
    spelt out: the same bytes as ``hmac.digest``, twice as fast over 100,000 people)."""
    block = key.ljust(64, b"\0") if len(key) <= 64 else hashlib.sha256(key).digest().ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block) + b"person\n")
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def mac(pid: str) -> bytes:
        step = inner.copy()
        step.update(pid.encode("utf-8"))
        final = outer.copy()
        final.update(step.digest())
        return final.digest()
    return mac


def person_key(key: bytes, pid: str):
    """The keyed-hash order of people: HMAC-SHA256(seed, "person\\n" + id), then the id."""
    return (_mac(key, b"person\n" + pid.encode("utf-8")), pid)


def rank(key: bytes, ids) -> list:
    mac = _person_mac(key)
    return sorted(ids, key=lambda pid: (mac(pid), pid))


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


def next_replacement(frozen: Frozen, key: bytes, seated, queue, t):
    """Who takes the seat a person of type ``t`` leaves (or None: the seat stays vacant).

    The next substitute of type ``t`` if one is left; otherwise, among the types whose next
    substitute keeps every quota once seated, those nearest to ``t`` (fewest differing category
    values), and among their next substitutes the first in the keyed-hash order.
    """
    if queue[t]:
        return queue[t][0]
    # People per category value once the seat is left: a type u is admissible when one more
    # person of its values keeps every value within [min, max].
    tally = [dict.fromkeys((v for v, _lo, _hi in values), 0) for _n, values in frozen.categories]
    for u, ids in enumerate(seated):
        for k, value in enumerate(frozen.types[u]):
            tally[k][value] += len(ids) - (u == t)
    bounds = [{v: (lo, hi) for v, lo, hi in values} for _n, values in frozen.categories]
    best = None
    for u, waiting in enumerate(queue):
        if not waiting:
            continue
        ok = all(bounds[k][v][0] <= tally[k][v] + (v == frozen.types[u][k]) <= bounds[k][v][1]
                 for k in range(len(tally)) for v in tally[k])
        if ok:
            distance = sum(a != b for a, b in zip(frozen.types[u], frozen.types[t]))  # noqa: B905
            candidate = (distance, person_key(key, waiting[0]))
            best = candidate if best is None or candidate < best else best
    return None if best is None else best[1][1]


def apply_substitutions(frozen: Frozen, result: dict, substitutions: list, key: bytes):
    """Replay declines in order. Returns (seated ids per type, vacancies, problems in French).

    Each replacement must be the one ``next_replacement`` names: no operator choice.
    """
    seated = [list(entry["selected"]) for entry in result["types"]]
    queue = [list(entry["substitutes"]) for entry in result["types"]]
    vacancies, problems = 0, []
    for i, step in enumerate(substitutions):
        where = f"substitutions[{i}]"
        declined, replacement = step["declined"], step["replacement"]
        t = frozen.type_of.get(declined)
        if t is None or declined not in seated[t]:
            problems.append(f"{where} : « {declined} » n'occupe pas de siège")
            continue
        expected = next_replacement(frozen, key, seated, queue, t)
        if replacement != expected:
            problems.append(f"{where} : remplaçant « {replacement} » au lieu de « {expected} »")
            continue
        seated[t].remove(declined)
        if expected is None:
            vacancies += 1
        else:
            u = frozen.type_of[expected]
            queue[u].remove(expected)
            seated[u].append(expected)
    return seated, vacancies, problems


def _steps(value):
    for i, step in enumerate(_list(value, "substitutions")):
        where = f"substitutions[{i}]"
        _dict(step, where, ("declined", "replacement"))
        _str(step["declined"], f"{where}.declined")
        if step["replacement"] is not None:
            _str(step["replacement"], f"{where}.replacement")
    return value


def _result(value, frozen):
    _dict(value, "result", ("composition", "types"))
    _int(value["composition"], "result.composition")
    for t, entry in enumerate(_list(value["types"], "result.types")):
        _dict(entry, f"result.types[{t}]", ("selected", "substitutes"))
        for part in ("selected", "substitutes"):
            for j, pid in enumerate(_list(entry[part], f"result.types[{t}].{part}")):
                _str(pid, f"result.types[{t}].{part}[{j}]")


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


def verify_bundle(bundle, announced=None, randomness=None) -> Report:
    """Check every published element of a parsed bundle; a malformed one is a failed check.

    ``announced``: the fingerprint published at freeze time; ``randomness``: the public value
    as the auditor saw it.
    """
    report = Report()
    try:
        _verify(bundle, report, announced, randomness)
    except BundleError as error:
        report.add(False, "Structure du paquet", str(error))
    return report


def verify_bytes(data: bytes, announced=None, randomness=None) -> Report:
    """``verify_bundle`` of the bundle's bytes, read strictly (``load``)."""
    try:
        bundle = load(data)
    except BundleError as error:
        report = Report()
        report.add(False, "Structure du paquet", str(error))
        return report
    return verify_bundle(bundle, announced, randomness)


def _verify(bundle, report: Report, announced, observed):
    _dict(bundle, "paquet", BUNDLE_KEYS)
    if bundle["format"] != BUNDLE_FORMAT:
        raise BundleError(f"format : « {BUNDLE_FORMAT} » attendu")
    frozen = Frozen(bundle["commitment"])
    published = _str(bundle["fingerprint"], "fingerprint", HEX64)
    _str(bundle["verifier_sha256"], "verifier_sha256", HEX64)
    probabilities = [_str(p, f"probabilities[{i}]", FRACTION)
                     for i, p in enumerate(_list(bundle["probabilities"], "probabilities"))]
    randomness, result = bundle["randomness"], bundle["result"]
    substitutions = _steps(bundle["substitutions"])
    if randomness is not None:
        _dict(randomness, "randomness", ("value", "entered_at"))
        value = _str(randomness["value"], "randomness.value")
        if value != normalise_randomness(value) or len(value) > RANDOMNESS_MAX:
            raise BundleError("randomness.value : valeur non normalisée (espaces, forme NFC) "
                              f"ou de plus de {RANDOMNESS_MAX} caractères")
        _moment(randomness["entered_at"], "randomness.entered_at")
        _result(result, frozen)
    elif result is not None or substitutions:
        raise BundleError("result et substitutions doivent être vides sans aléa public")
    computed = fingerprint(bundle["commitment"], checked=True)
    report.add(computed == published, "Empreinte SHA-256 de l'engagement",
               computed if computed == published else f"calculée {computed}, publiée {published}")
    if announced is not None:
        announced = announced.strip().lower()
        report.add(announced == computed, "Empreinte annoncée au gel",
                   "identique" if announced == computed
                   else f"annoncée {announced}, celle du paquet est {computed}")
    total = sum(frozen.weights)
    report.add(total == frozen.denominator, "Somme des probabilités des compositions",
               f"{total}/{frozen.denominator}")
    if total < frozen.denominator:
        return
    bad = [(i, p) for i, c in enumerate(frozen.compositions) for p in frozen.quota_problems(c)]
    report.add(not bad, f"Quotas respectés par les {len(frozen.compositions)} compositions",
               "; ".join(f"composition {i} : {p}" for i, p in bad[:5]))
    exact = [format_fraction(p) for p in frozen.probabilities()]
    report.add(probabilities == exact, f"Probabilités de sélection des {len(frozen.types)} types",
               "" if probabilities == exact else "les probabilités publiées diffèrent")
    if randomness is None:
        report.add(True, "Tirage en attente de l'aléa public",
                   f"pas avant {frozen.not_before}")
        return
    entered = randomness["entered_at"]
    in_order = frozen.frozen_at < entered and frozen.not_before <= entered
    report.add(in_order, "Ordre : gel, heure annoncée, puis aléa",
               f"gel {frozen.frozen_at}, aléa permis dès {frozen.not_before}, saisi {entered}")
    if observed is not None:
        same = normalise_randomness(observed) == randomness["value"]
        report.add(same, "Aléa public constaté", "identique" if same else
                   f"constaté « {normalise_randomness(observed)} », paquet « {randomness['value']} »")
    expected = draw(frozen, published, randomness["value"])
    report.add(result == expected, "Tirage recalculé (composition, sélectionnés, remplaçants)",
               f"composition {expected['composition']}" if result == expected
               else "le résultat publié diffère du tirage recalculé")
    key = seed(published, randomness["value"])
    seated, vacancies, problems = apply_substitutions(frozen, expected, substitutions, key)
    report.add(not problems, f"Remplacements ({len(substitutions)}) selon la règle publiée",
               "; ".join(problems[:5]))
    if vacancies:
        report.add(True, f"{vacancies} siège(s) vacant(s) : aucun remplaçant ne respecte les quotas")
    else:
        problems = frozen.quota_problems([len(ids) for ids in seated])
        report.add(not problems, "Quotas respectés par le panel actuel", "; ".join(problems))


def verifier_sha256() -> str:
    """SHA-256 of this very file, shown in every transparency report."""
    with open(__file__, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def locate(frozen: Frozen, result, pseudonym_: str, substitutions=()) -> dict:
    """Where a pseudonym stands now: in the frozen pool; selected, declined, seated as a
    replacement, or its rank among the substitutes still waiting in its type."""
    t = frozen.type_of.get(pseudonym_)
    answer = {"pseudonym": pseudonym_, "in_pool": t is not None, "selected": False,
              "declined": False, "replacement": False, "substitute_rank": None}
    if t is None or not result:
        return answer
    declined = {s["declined"] for s in substitutions}
    replacements = {s["replacement"] for s in substitutions}
    entry = result["types"][t]
    answer["declined"] = pseudonym_ in declined
    answer["replacement"] = pseudonym_ in replacements and not answer["declined"]
    answer["selected"] = pseudonym_ in entry["selected"] and not answer["declined"]
    waiting = [p for p in entry["substitutes"] if p not in replacements]
    if pseudonym_ in waiting:
        answer["substitute_rank"] = waiting.index(pseudonym_) + 1
    return answer


def _receipt_text(bundle, receipt: str) -> str:
    where = locate(Frozen(bundle["commitment"]), bundle["result"], pseudonym(receipt),
                   bundle["substitutions"])
    if not where["in_pool"]:
        return f"Reçu : le pseudonyme {where['pseudonym']} n'est PAS dans le vivier gelé."
    text = f"Reçu : le pseudonyme {where['pseudonym']} est dans le vivier gelé"
    if where["declined"]:
        return text + " ; tiré au sort, puis a décliné son siège."
    if where["replacement"]:
        return text + " ; siège au panel comme remplaçant, après un refus."
    if where["selected"]:
        return text + " ; tiré au sort."
    if where["substitute_rank"]:
        return text + f" ; remplaçant n° {where['substitute_rank']} de son type."
    return text + "."


def _options(argv):
    """(bundle path, {option: value}) or a usage error message."""
    names = {"--empreinte": "announced", "--alea": "randomness", "--recu": "receipt"}
    paths, options = [], {}
    while argv:
        arg = argv.pop(0)
        if arg in names:
            if not argv or names[arg] in options:
                return None, f"{arg} : une valeur, une seule fois"
            options[names[arg]] = argv.pop(0)
        elif arg.startswith("-") and arg != "-":
            return None, f"option inconnue « {arg} »"
        else:
            paths.append(arg)
    if len(paths) != 1:
        return None, "indiquez un (seul) fichier de paquet"
    return paths[0], options


def main(argv=None) -> int:
    # A run that builds no reference cycles: the cyclic collector would only rescan the
    # bundle's 100,000 rows again and again (it doubled the time of a large bundle).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    except BrokenPipeError:   # the reader stopped early (`| head`): no traceback, no noise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("Vérification interrompue.", file=sys.stderr)
        return 130
    finally:
        if enabled:
            gc.enable()


def _main(argv) -> int:
    if "-h" in argv or "--help" in argv:
        print(HELP)
        return 0
    path, options = _options(argv)
    if path is None:
        print(f"Erreur : {options}.\n\n{HELP}", file=sys.stderr)
        return 2
    try:
        with open(path, "rb") as handle:
            bundle = load(handle.read())
    except (OSError, BundleError) as error:
        reason = error.strerror or error if isinstance(error, OSError) else error
        print(f"Impossible de lire le paquet : {reason}", file=sys.stderr)
        return 2
    report = verify_bundle(bundle, options.get("announced"), options.get("randomness"))
    print(report.text())
    if "receipt" in options and report.ok:
        print(_receipt_text(bundle, options["receipt"].strip().lower()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
