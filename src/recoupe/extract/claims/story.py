"""Where a story happens: its focus (the narrowest place its lead names that the article
stays within) and the countries it is about. Read once per document, before its figures.

A figure stated with no place in its sentence is the story's toll: GUIDELINES.md asks for
"the narrowest place the text gives for that figure". When an article's title and lead
put the event in one division or town ("floods in the southern state of Rio Grande do
Sul", "a prison riot in Guayaquil") and the places it names later lie there too, an
unplaced toll is that place's; when the lead names only the country, or the article
ranges over several divisions (an earthquake across five provinces), it is the
country's.

Only places that can be a figure's scope count (those :func:`places_in` keeps): not the
town of a dateline ("GUAYAQUIL, Ecuador (AP) —", where the reporter filed from), not
where a speaker spoke ("lors d'une conférence de presse à Tbilissi"), not an example.

The countries of a story are its main country, the countries its title and lead name,
and any country a large share of its places lie in. A place in another country ("told
reporters in Geneva", "86 rescuers from Spain") is then never the scope of its figures,
unless listed with one of the story's countries ("in Malawi and Mozambique").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from recoupe.clean import dateline_end
from recoupe.extract.claims.context import Context
from recoupe.extract.claims.events import event_names_in, families_in
from recoupe.extract.claims.place import PlaceBook, organisations, places_in
from recoupe.extract.claims.source import attributions
from recoupe.extract.claims.tokens import doc_text
from recoupe.nlp import ParsedSentence
from recoupe.textfold import word_key as fold

# The lead: the title lines and this many sentences of the body.
LEAD_SENTENCES = 1
# Share of the article's places (below country level, in its country) that must lie in
# the lead's place for it to be the focus. Below it the article ranges wider than its
# lead: its unplaced figures are national. The focus's places must also be named more
# often than the country itself ("Kazakhstan: 18 officers killed, rioters shot in
# Almaty" speaks of the country).
FOCUS_COVERAGE = 0.6
# A country named this often as a figure's possible scope is one of the story's countries
# (a two-country earthquake, a cyclone over three); a place abroad named once is where
# someone spoke or came from.
COUNTRY_MIN_NAMED = 2

Node = tuple[str, int]


class Named(NamedTuple):
    """A place the text names where a figure's scope may be."""

    name: str
    lead: bool  # in the title or the lead
    sentence: int  # its sentence's number; -1 for a title kept apart from the text


def frame_story(parsed: Sequence[ParsedSentence], ctx: Context, book: PlaceBook,
                title: str | None = None) -> None:
    """Set ``ctx.focus`` and ``ctx.story_countries`` from the places the text names (and
    its ``title``, when the title is not a line of the text)."""
    titled = _title_places(title, ctx, book)
    if ctx.main_country is None and titled:
        # The text names no country of its own: the title's places say where it is.
        ctx.main_country = next((c for name, _, _ in titled if (c := book.country_of(name))), None)
    named = titled + _scope_places(parsed, ctx, book)
    located = [(name, lead, code) for name, lead, _ in named
               if (code := book.country_of(name, ctx.main_country))]
    ctx.story_countries = _countries(located, ctx.main_country)
    ctx.focus = _focus(named, ctx, book)
    body = [ps for ps in parsed if not ps.sentence.heading][:LEAD_SENTENCES]
    headings = [ps.sentence.text for ps in parsed if ps.sentence.heading][:1]
    lead = " ".join([title or "", *headings, *(ps.sentence.text for ps in body)])
    ctx.story_events = families_in(lead, ctx.lang)
    ctx.story_event_names = frozenset(event_names_in(lead, ctx.lang))


def _scope_places(parsed: Sequence[ParsedSentence], ctx: Context, book: PlaceBook
                  ) -> list[Named]:
    """(name, in the lead?) of every place that may be a figure's scope, in text order."""
    out = []
    body = 0
    for n, ps in enumerate(parsed):
        in_lead = body < LEAD_SENTENCES
        filed_from = dateline_end(doc_text(ps.doc)) if not ps.sentence.heading else 0
        # A town or division in a speaker's title ("Guayas provincial governor Pablo
        # Arosemena told Reuters") says who speaks, not where the story is; a country there
        # ("Kazakhstan's authorities said") still names the story's country.
        found = places_in(ps, organisations(ps, ctx, book), ctx, book)
        below = [ent for ent in found if not book.is_country(ent.text)]
        spoken = [(a.start, a.end) for a in attributions(ps, ctx)] if below else []
        out += [Named(ent.text, in_lead, n) for ent in found if ent.start_char >= filed_from
                and (book.is_country(ent.text) or not any(
                    ent.start_char < end and ent.end_char > start for start, end in spoken))]
        body += not ps.sentence.heading
    return out


def _title_places(title: str | None, ctx: Context, book: PlaceBook) -> list[Named]:
    """Places a title names: runs of capitalised words (with the particles of place names),
    the longest start of each the gazetteer knows ("Al Haouz Earthquake" → "Al Haouz"),
    with the division noun before it ("province d'Herat"). A title is not parsed, so
    only names the gazetteer knows count."""
    if not title:
        return []
    words = list(_TITLE_WORD.finditer(title))
    out = []
    i = 0
    while i < len(words):
        found = _title_name(title, words, i, ctx, book)
        if found:
            out.append(Named(found[0], True, -1))
        i += max(found[1] if found else 0, 1)
    return out


_TITLE_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _title_name(title: str, words: list[re.Match[str]], i: int, ctx: Context,
                book: PlaceBook) -> tuple[str, int] | None:
    """The place name the title's words start at ``i``, and how many words it takes."""
    links, lang = ctx.lang.cue("place_name_links"), ctx.lang
    run: list[re.Match[str]] = []
    for word in words[i:]:
        text = word.group()
        if not (text[:1].isupper() or (run and fold(text) in links)):
            break
        run.append(word)
    # "province d'Herat": the division noun two words back names what the name is.
    opener = i - 2 if i >= 2 and fold(words[i - 1].group()) in lang.cue("of_words") | {"d"} \
        and fold(words[i - 2].group()) in lang.cue("place_units") else None
    for n in range(len(run), 0, -1):
        if not run[n - 1].group()[:1].isupper():
            continue
        name = title[run[0].start() : run[n - 1].end()]
        phrase = title[words[opener].start() : run[n - 1].end()] if opener is not None else None
        if phrase and (code := book.country_of(phrase, ctx.main_country)) and \
                ctx.main_country in (None, code):
            return phrase, n
        # Title Case makes every word a capital: only a country, or a place of the story's
        # country, is taken from a bare run ("Toll" is a town somewhere).
        if book.is_country(name) or (ctx.main_country and book.chain(name, ctx.main_country)):
            return name, n
    return None


def _countries(located: Sequence[tuple[str, bool, str]], main: str | None) -> tuple[str, ...]:
    named = Counter(code for _, _, code in located)
    out: list[str] = [main] if main else []
    in_lead = [code for _, lead, code in located if lead]
    often = [c for c, n in named.most_common() if n >= COUNTRY_MIN_NAMED]
    for code in in_lead + often:
        if code not in out:
            out.append(code)
    return tuple(out)


def _focus(named: Sequence[Named], ctx: Context, book: PlaceBook) -> str | None:
    """The lead's narrowest common place below country level, when the article's places
    mostly lie in it, as the text names it; None for a national story."""
    if ctx.main_country is None:
        return None
    chains = [(name, lead, chain) for name, lead, _ in named
              if (chain := book.chain(name, ctx.main_country))]
    node = _common([chain for _, lead, chain in chains if lead])
    if node is None:
        return None
    within = sum(1 for _, _, chain in chains if node in chain)
    national = _national(named, node, ctx, book)
    if within < FOCUS_COVERAGE * len(chains) or within <= national:
        return None  # the article ranges wider, or speaks of its country as much
    names = Counter(name for name, _, chain in chains if chain[-1] == node)
    # None when the lead's places share a division the text never names.
    return names.most_common(1)[0][0] if names else None


def _national(named: Sequence[Named], node: Node, ctx: Context, book: PlaceBook) -> int:
    """How often the text names its country as such: not when the country only locates a
    place of the focus named before it in the sentence ("la province de Van, dans l'est
    de la Turquie", "Guayaquil, Ecuador")."""
    count = 0
    located: set[int] = set()  # sentences where a place of the focus was named so far
    for place in named:
        if node in book.chain(place.name, ctx.main_country or ""):
            located.add(place.sentence)
        elif book.is_country(place.name) and \
                book.country_of(place.name) == ctx.main_country:
            count += place.sentence not in located
    return count


def _common(chains: Sequence[tuple[Node, ...]]) -> Node | None:
    """The narrowest node every chain shares."""
    if not chains:
        return None
    shared = None
    for depth in range(min(len(c) for c in chains)):
        nodes = {c[depth] for c in chains}
        if len(nodes) != 1:
            break
        shared = nodes.pop()
    return shared
