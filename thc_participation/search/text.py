"""French text for the search index: accents folded, words stemmed (Snowball French, the
algorithm of PostgreSQL's ``french`` configuration), stop words dropped, and the query turned
into safe prefix terms. User text never reaches FTS5 or tsquery syntax: a term is made of
``[a-z0-9]`` only."""

import html
import re
import unicodedata

import nh3
import snowballstemmer
from markupsafe import Markup, escape

MIN_QUERY_LENGTH = 2
MAX_QUERY_TERMS = 8

_WORD = re.compile(r"[a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# PostgreSQL's french stop words (snowball's french.stop), the frequent ones: they are
# dropped on both databases, so that "tirage au sort" means the same everywhere.
STOP_WORDS = frozenset("""
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme
mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton
tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant suis es est sommes sont
ai as avons avez ont eu
""".split())
# Derivational endings that Snowball keeps: "jeunesse" (jeuness) should find "jeunes" (jeun).
# A query term ending so is also looked up by its root (at least four letters).
_ROOT_ENDINGS = ("ess",)

_stemmer = snowballstemmer.stemmer("french")


def fold(value):
    """Lower case without accents: "Jeunesse, Écologie" -> "jeunesse, ecologie"."""
    value = unicodedata.normalize("NFKD", (value or "").translate(_LIGATURES))
    return "".join(c for c in value if not unicodedata.combining(c)).casefold()


def plain(markdown_source):
    """The text of a Markdown source, without its markup (what a reader sees)."""
    from ..text import render_markdown

    return html.unescape(nh3.clean(str(render_markdown(markdown_source)), tags=set())).strip()


def words(value):
    """The folded words of a text, stop words left out."""
    return [w for w in _WORD.findall(fold(value)) if w not in STOP_WORDS]


def stem(word):
    return _stemmer.stemWord(word)


def stems(value):
    """The text as the SQLite index stores it: its stems, separated by spaces."""
    return " ".join(stem(w) for w in words(value))


def query_words(query):
    """The query's searchable words: folded, no stop word, no single letter, at most eight."""
    return [w for w in words(query) if len(w) >= 2][:MAX_QUERY_TERMS]


def roots(stemmed):
    """Shorter prefixes a stem also stands for (its root without a derivational ending)."""
    return [stemmed[:-len(ending)] for ending in _ROOT_ENDINGS
            if stemmed.endswith(ending) and len(stemmed) - len(ending) >= 4]


def query_terms(query):
    """The query as a list of terms, each a tuple of alternative prefixes (its stem, and its
    root when the stem ends in a derivational ending). Empty when nothing searchable is left."""
    terms = []
    for word in query_words(query):
        stemmed = stem(word)
        options = (stemmed, *roots(stemmed))
        if options not in terms:
            terms.append(options)
    return terms


def is_too_short(query):
    return len(fold(query).strip()) < MIN_QUERY_LENGTH


# -- snippets ---------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _matches(token, terms):
    folded = fold(token)
    if not _WORD.fullmatch(folded) or folded in STOP_WORDS:
        return False
    stemmed = stem(folded)
    return any(stemmed.startswith(option) or folded.startswith(option)
               for options in terms for option in options)


def snippet(value, terms, width=180, centre=True):
    """An escaped extract of ``value`` around its first match, each matching word in
    ``<mark>``: safe to show as it is (the text itself is always escaped)."""
    value = " ".join((value or "").split())
    spans = [m.span() for m in _TOKEN.finditer(value) if _matches(m.group(), terms)]
    start = 0
    if centre and spans and spans[0][0] > width // 3:
        start = value.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = min(len(value), start + width)
    if end < len(value):
        cut = value.rfind(" ", start, end)
        end = cut if cut > start else end
    parts, position = [], start
    for begin, finish in spans:
        if begin < start or finish > end:
            continue
        parts.append(escape(value[position:begin]))
        parts.append(Markup("<mark>%s</mark>") % value[begin:finish])
        position = finish
    parts.append(escape(value[position:end]))
    result = Markup("").join(parts)
    if start > 0:
        result = Markup("… ") + result
    if end < len(value):
        result = result + Markup(" …")
    return result


def highlight(value, terms):
    """The whole (short) text, escaped, with its matching words in ``<mark>``."""
    return snippet(value, terms, width=max(len(value or ""), 1), centre=False)
