"""Organisations: acronyms defined in brackets or matching initials, and paraphrases of
one institution through a head-noun key ("ministère kazakh de l'Intérieur")."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from recoupe.lang import LanguageError, read_table
from recoupe.link.gazetteer import (
    country_of_adjective,
    fold,
    geocode,
    main_country,
    translit_key,
)
from recoupe.link.gazetteer.finder import missed_places
from recoupe.link.lexicon import lexicon
from recoupe.link.units import (
    ORG_HEADS,
    OWN_COUNTRY,
    ROLE_DOMAINS,
    STOPWORDS,
    TITLE_WORDS,
    WRAPPER_HEADS,
    Clusters,
    Unit,
    is_acronym,
    union_by,
)
from recoupe.records import Mention
from recoupe.spans import SpanIndex, itself


def initials(name: str) -> str:
    """Initials of the content words: "Organisation du traité de sécurité collective" →
    "OTSC"."""
    words = [w for w in fold(name).split() if w not in STOPWORDS]
    return "".join(w[0] for w in words).upper()


def _acronym_definitions(mentions: Iterable[Mention]) -> dict[str, Counter[str]]:
    """Acronym → folded expansions, from "X (ACR)" and "ACR (X)" in the run's sentences."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        if not mention.sentence or len(mention.text.split()) < 2:
            continue
        # Both forms hold a bracket and the name as written: most sentences hold neither,
        # and building their two patterns (one per name) filled the regex cache.
        if "(" not in mention.sentence or mention.text.strip() not in mention.sentence:
            continue
        text = re.escape(mention.text.strip())
        after = re.search(text + r"\s*\(\s*([A-ZÀ-Þ][\w.&-]{1,9})\s*\)", mention.sentence)
        before = re.search(r"\b([A-ZÀ-Þ][\w.&-]{1,9})\s*\(\s*" + text + r"\s*\)",
                           mention.sentence)
        for match in (after, before):
            if match and is_acronym(match.group(1)):
                found[fold(match.group(1))][fold(mention.text)] += 1
    return found


def _org_key(unit: Unit, country: str | None) -> tuple[str, str, str | None] | None:
    """(head, domain, country) of an institution phrase, or None.

    "ministère kazakh de l'Intérieur" and "ministère de l'Intérieur du Kazakhstan" are
    ("ministere", "interieur", "KZ"); "bureau du procureur général du pays" and the
    bare role "procureur général" are ("", "procureur general", own country).
    """
    words = [w for w in unit.key.split() if w not in STOPWORDS]
    if not words:
        return None
    head = words[0] if words[0] in ORG_HEADS else ""
    rest = words[1:] if head else words
    wrapped = head in WRAPPER_HEADS and bool(rest)
    if wrapped:
        head = ""
    nation: str | None = None
    domain = []
    for word in rest:
        code = country_of_adjective(word)
        geo = None if code else geocode(word, None, False)
        if code or (geo and geo.feature == "country"):
            nation = code or (geo.country if geo else None)
        elif word in OWN_COUNTRY:
            nation = country
        else:
            domain.append(word)
    if not domain or not (head or wrapped or unit.roles or _is_role_phrase(unit)):
        return None
    return head, " ".join(domain), nation


def _is_role_phrase(unit: Unit) -> bool:
    """A name made only of role words ("procureur général"): an office."""
    return all(w in TITLE_WORDS or w in ROLE_DOMAINS for w in unit.key.split())


def cluster_orgs(units: list[Unit], clusters: Clusters, mentions: list[Mention],
                 countries: dict[str, str | None]) -> None:
    """Join organisations: one name (an authority phrase: one name in one country),
    paraphrases of one institution, acronyms and their expansions. ``countries`` gives
    each document's own country ("ministère de l'Intérieur" of Morocco is not France's)."""
    idx = [i for i, u in enumerate(units) if u.cls in ("org", "other")]
    union_by({i: _same_name_key(units[i], countries) for i in idx}, clusters)
    _link_paraphrases(units, [i for i in idx if units[i].cls == "org"], clusters, countries)
    _link_acronyms(units, idx, clusters, mentions)


def _same_name_key(unit: Unit, countries: dict[str, str | None]) -> tuple[str, ...]:
    """One name is one body, but a national body ("ministère de la Santé", "Croissant-
    Rouge") is one per country: the one it names, else its document's."""
    body = body_concept(unit.key)
    if body is not None:
        return (unit.cls, unit.key, body[1] or countries.get(unit.doc) or "")
    words = unit.key.split()
    if words and words[0] in lexicon().national_heads:
        named = next((code for w in words[1:] if (code := _nation_of(w))), None)
        return (unit.cls, unit.key, named or countries.get(unit.doc) or "")
    return (unit.cls, unit.key)


def _link_paraphrases(units: list[Unit], idx: list[int], clusters: Clusters,
                      countries: dict[str, str | None]) -> None:
    """One institution under several phrasings; a phrase that names no country is its
    document's country's, else joins the one country's institution only when no other
    country's is named in the run."""
    by_head: dict[tuple[str, str], dict[str | None, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i in idx:
        own = countries.get(units[i].doc)
        key = _org_key(units[i], own)
        if key:
            by_head[key[:2]][key[2] or own].append(i)
    for variants in by_head.values():
        for members in variants.values():
            for i in members[1:]:
                clusters.union(members[0], i)
        named = [c for c in variants if c is not None]
        if None in variants and len(named) == 1:
            clusters.union(variants[None][0], variants[named[0]][0])


def _link_acronyms(units: list[Unit], idx: list[int], clusters: Clusters,
                   mentions: list[Mention]) -> None:
    definitions = _acronym_definitions(mentions)
    by_key: dict[str, list[int]] = defaultdict(list)
    by_initials: dict[str, set[str]] = defaultdict(set)
    for i in idx:
        by_key[units[i].key].append(i)
        if len(units[i].key.split()) >= 2:
            by_initials[initials(units[i].name)].add(units[i].key)
    for i in idx:
        unit = units[i]
        if not is_acronym(unit.name):
            continue
        defined = definitions.get(unit.key)
        if defined:
            expansion = min(defined, key=lambda k: (-defined[k], k))
        elif len(by_initials.get(unit.name.upper().replace(".", ""), ())) == 1:
            expansion = next(iter(by_initials[unit.name.upper().replace(".", "")]))
        else:
            continue
        if by_key.get(expansion):
            clusters.union(i, by_key[expansion][0])


# ---------------------------------------------------------------- concepts across languages


def _nation_of(word: str) -> str | None:
    """ISO2 of a nationality word ("marocain", "libyens") or a country's name."""
    code = country_of_adjective(word)
    if code:
        return code
    geo = geocode(word, None, False) if len(word) > 2 else None
    return geo.country if geo is not None and geo.feature == "country" else None


def body_concept(key: str) -> tuple[str, str | None] | None:
    """(concept, country named in the phrase) of an authority phrase, folded:
    "ministere marocain de l interieur" → ("ministry:interior", "MA"); "services de
    secours" → ("rescue_services", None); a phrase no language lists → None."""
    table = lexicon()
    nation: str | None = None
    words: list[str] = []
    for word in key.split():
        # "spains" is "Spain's" folded: a country's possessive names its country.
        code = _nation_of(word) or (_nation_of(word[:-1]) if word.endswith("s") else None)
        if code:
            nation = code
        else:
            words.append(word)
    # Linking words left at either end by a country taken out ("du Maroc", "Morocco's").
    while words and words[-1] in table.name_links:
        words.pop()
    while words and words[0] in table.name_links:
        words.pop(0)
    concept = table.bodies.get(" ".join(words))
    return (concept, nation) if concept else None


def concept_key(unit: Unit, country: str | None) -> tuple[str, ...] | None:
    """The language-independent key of a named body ("ONU" = "United Nations"), an
    authority phrase of one country ("ministère de l'Intérieur" of Morocco = "Morocco's
    interior ministry") or a named event ("Tempête Daniel" = "Storm Daniel")."""
    table = lexicon()
    named = table.named_bodies.get(unit.key)
    if named:
        return ("named", named)
    words = unit.key.split()
    if len(words) > 1 and words[0] in table.event_heads:
        return ("event", translit_key(" ".join(words[1:])))
    body = body_concept(unit.key)
    if body:
        return ("body", body[0], body[1] or country or "")
    return None


def is_known_body(key: str) -> bool:
    """True for a named body or an authority phrase of any language's table."""
    return key in lexicon().named_bodies or body_concept(key) is not None


def link_concepts(units: list[Unit], clusters: Clusters,
                  countries: dict[str, str | None]) -> None:
    """Join the units of one concept (see :func:`concept_key`); an authority phrase
    belongs to the country it names, else to its document's (``countries``)."""
    keys = {
        i: key
        for i, unit in enumerate(units)
        if unit.cls != "place" and (key := concept_key(unit, countries.get(unit.doc)))
    }
    union_by(keys, clusters)


# ---------------------------------------------------------------- bodies in lower case

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_JOINER = re.compile(r"^[\s'’\-]*$")  # what may stand between two words of one phrase

Token = tuple[int, int, str]  # start, end, folded word


# A named body's form this long that holds a lower-case word is a common-noun phrase NER
# rarely takes whole ("UN humanitarian office"): the phrase finder looks for it too.
NAMED_PHRASE_WORDS = 3


def _named_phrases(lang: str) -> list[str]:
    try:
        table = read_table(lang, "entities.toml")
    except LanguageError:
        return []
    return [form for forms in table.get("named_bodies", {}).values() for form in forms
            if len(_tokens(form)) >= NAMED_PHRASE_WORDS
            and any(w.islower() for w in form.split())]


@lru_cache(maxsize=8)
def _phrases_by_first_word(lang: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A language's authority phrases (and common-noun forms of named bodies) as folded
    word tuples, by first word, longest first. Words are cut as the text is ("UN's" is
    "un", "s")."""
    found: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in (*lexicon().body_phrases.get(lang, ()), *_named_phrases(lang)):
        words = tuple(t[2] for t in _tokens(phrase))
        if words:
            found[words[0]].append(words)
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in found.items()}


def _tokens(text: str) -> list[Token]:
    return [(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]


_INITIAL_JOINER = re.compile(r"^\.[\s'’\-]*$")  # after an initial: "U.N. office"


def _joined(text: str, tokens: list[Token], i: int, j: int) -> bool:
    """Tokens i..j are one phrase: only spaces, apostrophes or hyphens between them (and
    the dot of an initial)."""
    return all(
        _JOINER.match(gap) or (len(tokens[k][2]) == 1 and _INITIAL_JOINER.match(gap))
        for k in range(i, j)
        for gap in [text[tokens[k][1]:tokens[k + 1][0]]]
    )


def _match_at(text: str, tokens: list[Token], i: int,
              phrases: tuple[tuple[str, ...], ...]) -> int | None:
    """The index after the phrase starting at token i (a nationality word allowed after
    its first word: "ministère marocain de l'Intérieur"), or None."""
    for words in phrases:
        for skip in (0, 1):
            end = i + len(words) + skip
            if end > len(tokens) or (skip and not country_of_adjective(tokens[i + 1][2])):
                continue
            rest = [t[2] for t in tokens[i + 1 + skip:end]]
            if rest == list(words[1:]) and _joined(text, tokens, i, end - 1):
                return end
    return None


def _qualifier_end(text: str, tokens: list[Token], end: int) -> int:
    """Past a nationality word or "du Maroc" / "of Morocco" right after a phrase."""
    if (end < len(tokens) and _joined(text, tokens, end - 1, end)
            and country_of_adjective(tokens[end][2])):
        return end + 1
    links = lexicon().name_links
    k = end
    while k < len(tokens) and tokens[k][2] in links and k - end < 2:
        k += 1
    if k > end and k < len(tokens) and text[tokens[k][0]].isupper() and _joined(
            text, tokens, end - 1, k) and _nation_of(tokens[k][2]):
        return k + 1
    return end


def body_mentions(doc: str, text: str, lang: str | None,
                  taken: Iterable[tuple[int, int]] = ()) -> list[Mention]:
    """Mentions (label ORG) of authorities named by a common-noun phrase in ``text``:
    "la protection civile", "les services de secours libyens", "the interior ministry".

    Phrases come from ``lang/<lang>/entities.toml``; a country that follows ("du Maroc",
    "libyens") is part of the mention. Spans overlapping ``taken`` (mentions NER already
    found) are skipped. The extract stage adds these to a document's mentions.
    """
    by_first = _phrases_by_first_word(lang or "")
    if not by_first:
        return []
    busy = sorted(taken)
    found = _body_phrases(doc, text, by_first, SpanIndex(busy, itself))
    return found + place_mentions(doc, text, [*busy, *((m.start, m.end) for m in found)])


def place_mentions(doc: str, text: str, taken: Iterable[tuple[int, int]]) -> list[Mention]:
    """Mentions (label LOC) of the place names NER missed, where the gazetteer gives one
    place in the document's country (the country most of the ``taken`` names lie in):
    see :func:`recoupe.link.gazetteer.finder.missed_places`."""
    spans = list(taken)
    country = main_country([text[a:b] for a, b in spans if text[a:a + 1].isupper()])
    return [Mention(doc, start, end, name, "LOC", None, None)
            for start, end, name in missed_places(text, country, spans)]


def _body_phrases(doc: str, text: str, by_first: dict[str, tuple[tuple[str, ...], ...]],
                  busy: SpanIndex[tuple[int, int]]) -> list[Mention]:
    tokens = _tokens(text)
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        phrases = by_first.get(tokens[i][2])
        end = _match_at(text, tokens, i, phrases) if phrases else None
        if end is None:
            i += 1
            continue
        end = _qualifier_end(text, tokens, end)
        start, stop = tokens[_possessor_start(text, tokens, i)][0], tokens[end - 1][1]
        # NER's names inside the phrase ("Spain" of "Spain's defence ministry") stay.
        if not any(not (start <= a and b <= stop and (a, b) != (start, stop))
                   for a, b in busy.overlapping(start, stop)):
            found.append(Mention(doc, start, stop, text[start:stop], "ORG", None, None))
        i = end
    return found


# The most words of a possessor's name: "Saudi Arabia's", "the United Nations'".
POSSESSOR_WORDS = 3


def _possessor_start(text: str, tokens: list[Token], i: int) -> int:
    """The first token of a country or a named body owning the phrase at token i
    ("Kazakhstan's interior ministry", "the UN's"), or i when none does."""
    if i < 2 or tokens[i - 1][2] != "s" or not re.fullmatch(
            r"['’]", text[tokens[i - 2][1]:tokens[i - 1][0]]):
        return i
    named = lexicon().named_bodies
    for first in range(i - 2, max(-1, i - 2 - POSSESSOR_WORDS), -1):
        name = text[tokens[first][0]:tokens[i - 2][1]]
        if not name[:1].isupper():
            break
        if _nation_of(fold(name)) or fold(name) in named:
            return first
    return i
