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

from recoupe.clean import dateline_end
from recoupe.extract.claims.context import Context
from recoupe.extract.claims.place import PlaceBook, organisations, places_in
from recoupe.extract.claims.tokens import doc_text
from recoupe.nlp import ParsedSentence
from recoupe.textfold import word_key as fold

# The lead: the title lines and this many sentences of the body.
LEAD_SENTENCES = 1
# Share of the article's places (below country level, in its country) that must lie in
# the lead's place for it to be the focus. Below it the article ranges wider than its
# lead: its unplaced figures are national.
FOCUS_COVERAGE = 0.6
# A country holding this share of the article's located places, named at least twice, is
# one of its countries (a two-country earthquake, a cyclone over three).
COUNTRY_SHARE = 0.25
COUNTRY_MIN_NAMED = 2

Node = tuple[str, int]


def frame_story(parsed: Sequence[ParsedSentence], ctx: Context, book: PlaceBook,
                title: str | None = None) -> None:
    """Set ``ctx.focus`` and ``ctx.story_countries`` from the places the text names (and
    its ``title``, when the title is not a line of the text)."""
    titled = _title_places(title, ctx, book)
    if ctx.main_country is None and titled:
        # The text names no country of its own: the title's places say where it is.
        ctx.main_country = next((c for name, _ in titled if (c := book.country_of(name))), None)
    named = titled + _scope_places(parsed, ctx, book)
    located = [(name, lead, code) for name, lead in named
               if (code := book.country_of(name, ctx.main_country))]
    ctx.story_countries = _countries(located, ctx.main_country)
    ctx.focus = _focus(named, ctx, book)


def _scope_places(parsed: Sequence[ParsedSentence], ctx: Context, book: PlaceBook
                  ) -> list[tuple[str, bool]]:
    """(name, in the lead?) of every place that may be a figure's scope, in text order."""
    out = []
    body = 0
    for ps in parsed:
        in_lead = body < LEAD_SENTENCES
        filed_from = dateline_end(doc_text(ps.doc)) if not ps.sentence.heading else 0
        found = places_in(ps, organisations(ps, ctx, book), ctx, book)
        out += [(ent.text, in_lead) for ent in found if ent.start_char >= filed_from]
        body += not ps.sentence.heading
    return out


def _title_places(title: str | None, ctx: Context, book: PlaceBook) -> list[tuple[str, bool]]:
    """Places a title names: runs of capitalised words (with the particles of place names),
    the longest start of each the gazetteer knows ("Al Haouz Earthquake" → "Al Haouz").
    A title is not parsed, so only names the gazetteer knows count."""
    if not title:
        return []
    links = ctx.lang.cue("place_name_links")
    words = re.findall(r"[^\W\d_][\w'’-]*", title)
    out = []
    i = 0
    while i < len(words):
        run: list[str] = []
        for word in words[i:]:
            if not (word[:1].isupper() or (run and fold(word) in links)):
                break
            run.append(word.removesuffix("'s").removesuffix("’s"))
        found = next((n for n in range(len(run), 0, -1) if run[n - 1][:1].isupper()
                      and book.is_place(" ".join(run[:n]), ctx.main_country)), 0)
        if found:
            out.append((" ".join(run[:found]), True))
        i += max(found, 1)
    return out


def _countries(located: Sequence[tuple[str, bool, str]], main: str | None) -> tuple[str, ...]:
    share = Counter(code for _, _, code in located)
    total = sum(share.values())
    out: list[str] = [main] if main else []
    in_lead = [code for _, lead, code in located if lead]
    often = [c for c, n in share.most_common()
             if n >= max(COUNTRY_MIN_NAMED, COUNTRY_SHARE * total)]
    for code in in_lead + often:
        if code not in out:
            out.append(code)
    return tuple(out)


def _focus(named: Sequence[tuple[str, bool]], ctx: Context, book: PlaceBook) -> str | None:
    """The lead's narrowest common place below country level, when the article's places
    mostly lie in it, as the text names it; None for a national story."""
    if ctx.main_country is None:
        return None
    chains = [(name, lead, chain) for name, lead in named
              if (chain := book.chain(name, ctx.main_country))]
    node = _common([chain for _, lead, chain in chains if lead])
    if node is None:
        return None
    within = sum(1 for _, _, chain in chains if node in chain)
    if within < FOCUS_COVERAGE * len(chains):
        return None
    names = Counter(name for name, _, chain in chains if chain[-1] == node)
    # None when the lead's places share a division the text never names.
    return names.most_common(1)[0][0] if names else None


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
