"""Place names the NER model missed, found by the gazetteer where it cannot be wrong.

spaCy's small English model leaves out names such as "Rio Grande do Sul",
"Castilla-La Mancha" or a dateline in capitals ("YANGON/DHAKA, May 15"); the French one
misses fewer, but some. :func:`missed_places` reads a text's capitalised word runs of two
words or more (linking words allowed: "do", "de la", "-"), single words followed by a
division word ("Albacete province") and its capitalised datelines,
and keeps a run only where the gazetteer gives it one place in the article's country:
its exact name (no fuzzy match), lying in that country, and no other place of that
country under the name. A division word next to it joins it ("Cox's Bazar district").
A name NER cut in pieces ("Mancha", a person) is taken whole; the linker drops the piece.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recoupe.link.gazetteer import fold, geocode, place_phrase, region_core
from recoupe.link.gazetteer.index import get_index
from recoupe.link.lexicon import lexicon
from recoupe.spans import SpanIndex, itself

# A capitalised word ("Rio", "Cox's", "Castilla-La"), and a run of them with the small
# words a place name may hold between capitalised ones.
_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'\-]*[\w]"
_LINK = r"(?:do|da|dos|das|de|del|de la|de los|de las|di|du|des|la|el|al|of|the|sur|on|upon)"
_RUN = re.compile(rf"(?<![\w’'\-]){_CAP}(?:[ \-](?:{_LINK} )?{_CAP})*(?![\w’'\-])")
# A dateline: a town in capitals opening a line, before "/", "," or " -".
_DATELINE = re.compile(r"(?m)^([A-Z][A-Z'\-]{3,}(?: [A-Z][A-Z'\-]+)?)(?=[/,]| -| —)")
_DIVISIONS = ("admin1", "admin2")


def _single_place(name: str, country: str) -> bool:
    """True when the gazetteer knows the name exactly, in ``country``, as one place
    (a division and the town that is its seat count as one)."""
    geo = geocode(name, country, False)
    if geo is None or geo.country != country or geo.feature == "country":
        return geo is not None and geo.feature == "country"
    index = get_index()
    at_home = [c for c in index.candidates(index.exact.get(fold(name), ()))
               if c.country == country]
    if not at_home:
        return geo.feature in _DIVISIONS  # "X province": a phrase, not a name
    # One town and the divisions named after it share one chain (Eldorado do Sul, the
    # town and its municipality); two towns of one name in two divisions do not.
    return len({(c.admin1, c.admin2 if c.feature != "admin1" else None)
                for c in at_home if c.feature != "admin1"}) <= 1


def _runs(text: str) -> Iterable[tuple[int, int, bool]]:
    """(start, end, is a dateline) of the candidate names."""
    for match in _DATELINE.finditer(text):
        yield match.start(1), match.end(1), True
    for match in _RUN.finditer(text):
        yield match.start(), match.end(), False


_ARTICLE = re.compile(r"(?:(?:The|La|Le|Les|El|Los|Las) |L['’])")
_SEPARATOR = re.compile(r"[ \-]")
_ENGLISH_OF = re.compile(r" of (?:the )?$")


_WORD = re.compile(r"[^ \-]+")


def _sub_runs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The run, then shorter runs, longest first: without its first word ("In
    Taroudant"), without its last words after a linking word ("Moulay Brahim" of "Moulay
    Brahim on September"); without a leading article ("La Mancha" stays whole only
    inside a longer name)."""
    if article := _ARTICLE.match(text, start, end):
        start = article.end()
    words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]
    ends = [b for a, b in words if text[a:a + 1].isupper()]
    for first in words[:2]:
        for last in sorted((b for b in ends if b > first[0]), reverse=True):
            yield first[0], last


def _widened(text: str, start: int, end: int, country: str) -> tuple[int, int]:
    """The name with its division word, in English phrasing ("Cox's Bazar district",
    "state of Rio Grande do Sul"), when that phrase is a division; else the name."""
    wide = place_phrase(text, start, end)
    if wide == (start, end) or region_core(text[wide[0]:wide[1]]) is None:
        return start, end
    if wide[0] < start and not _ENGLISH_OF.search(text, wide[0], start):
        return start, end
    return wide if geocode(text[wide[0]:wide[1]], country, False) else (start, end)


def _crosses(start: int, end: int, busy: SpanIndex[tuple[int, int]]) -> bool:
    """True when a span NER took overlaps the name other than as a part of it: "Mancha"
    (tagged a person) is a part of "Castilla-La Mancha", which the name replaces."""
    return any(not (start <= a and b <= end and b - a < end - start)
               for a, b in busy.overlapping(start, end))


_BEFORE_ITEM = re.compile(r"(?:,|\s(?P<joiner>[^\W\d_]+))\s+$")
_AFTER_ITEM = re.compile(r"^,\s+")


def _listed_with_places(text: str, start: int, end: int, taken: list[tuple[int, int]],
                        country: str) -> bool:
    """True when a single word is an item of a list whose next or previous item is a name
    NER took that lies in ``country``: "Eldoret" of "in Mombasa, Nakuru and Eldoret"."""
    joiners = lexicon().list_joiners
    ends = {b: a for a, b in taken}
    starts = {a: b for a, b in taken}
    before = _BEFORE_ITEM.search(text, max(0, start - 8), start)
    siblings = []
    if before and (before["joiner"] is None or fold(before["joiner"]) in joiners):
        at = before.start()
        if at in ends:
            siblings.append((ends[at], at))
    after = _AFTER_ITEM.match(text[end:end + 4])
    if after and end + after.end() in starts:
        siblings.append((end + after.end(), starts[end + after.end()]))
    for a, b in siblings:
        geo = geocode(text[a:b], country, False)
        if geo is not None and geo.country == country and geo.feature != "country":
            return True
    return False


def missed_places(text: str, country: str | None,
                  taken: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """(start, end, name) of the place names of ``text`` outside ``taken`` (the spans
    NER found) that the gazetteer resolves to one place of ``country`` (ISO2)."""
    if country is None:
        return []
    taken_spans = list(taken)
    busy = SpanIndex(taken_spans, itself)
    not_places = lexicon().not_places
    found: list[tuple[int, int, str]] = []
    for run_start, run_end, dateline in _runs(text):
        for start, end in _sub_runs(text, run_start, run_end):
            name = text[start:end]
            # A dateline is a place whatever NER made of it ("YANGON/DHAKA", an ORG).
            if not dateline and _crosses(start, end, busy):
                continue
            if fold(name) in not_places or not _single_place(
                    name.title() if name.isupper() else name, country):
                continue
            wide = _widened(text, start, end, country)
            if not (dateline or _SEPARATOR.search(name) or wide != (start, end)
                    or _listed_with_places(text, start, end, taken_spans, country)):
                continue  # one bare word is NER's to find, unless listed with places
            start, end = wide
            busy.add((start, end))
            found.append((start, end, text[start:end]))
            break
    return sorted(found)
