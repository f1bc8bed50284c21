"""The driver: every claim of one document, sentence by sentence, with what carries
between sentences (speakers, places, groups), then one reading per repeated figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import cast

from recoupe.extract.claims.context import VERB_KINDS, Context
from recoupe.extract.claims.counted import Reading
from recoupe.extract.claims.counts import counts, share_coordinated_kinds, single_counts
from recoupe.extract.claims.events import event_names_in
from recoupe.extract.claims.group import (
    Neighbours,
    borrow_group,
    foreign_owner,
    group_of_phrase,
)
from recoupe.extract.claims.not_claims import dropped
from recoupe.extract.claims.period import dates_by_sentence, period_for
from recoupe.extract.claims.place import (
    FALLBACK_RULES,
    PlaceBook,
    carry_place,
    default_book,
    in_story,
    introduced,
    organisations,
    place_for,
    place_list,
    places_in,
    speaker_place,
    text_label,
)
from recoupe.extract.claims.quantity import read_quantity
from recoupe.extract.claims.source import (
    Attribution,
    attributions,
    register_names,
    source_for,
    title_source,
)
from recoupe.extract.claims.source_carry import country_speakers
from recoupe.extract.claims.story import frame_story
from recoupe.extract.claims.tokens import (
    Ent,
    doc_text,
    info,
    np_indices,
    phrase_at,
    words,
)
from recoupe.lang import Language, resource_for
from recoupe.nlp import ParsedSentence
from recoupe.records import (
    Claim,
    ClaimRule,
    DateMention,
    Document,
    Group,
    Kind,
    Place,
    Quantity,
    Source,
    content_hash,
)
from recoupe.textfold import word_key as fold


def extract_claims(
    document: Document,
    parsed: Sequence[ParsedSentence],
    dates: Sequence[DateMention] = (),
    *,
    main_place: str | None = None,
    main_country: str | None = None,
    lang: Language | None = None,
    places: PlaceBook | None = None,
) -> list[Claim]:
    """Every quantitative claim of one document, in text order.

    ``lang``: the language resource (default: the document's language's, else French);
    ``places``: the gazetteer that says what is a place (default: the link stage's).
    """
    ctx = Context(lang=lang or resource_for(document.lang), main_place=main_place,
                  main_country=main_country, published=document.published,
                  outlet=document.outlet)
    book = places or default_book()
    frame_story(parsed, ctx, book, document.title_apart)
    ctx.document_source = title_source(document.title, ctx)
    in_sentence = dates_by_sentence(dates, [(p.sentence.start, p.sentence.end) for p in parsed])
    for ps, sentence_dates in zip(parsed, in_sentence, strict=True):
        register_names(ps, ctx)
        _read_sentence(document, ps, sentence_dates, ctx, book)
        _group_cues(ps, ctx)
    spans = heading_spans(parsed)
    headings = {c.id for c in ctx.claims if c.sentence_span in spans}
    return harmonise(country_speakers(ctx.claims, ctx, book), headings)


def heading_spans(parsed: Sequence[ParsedSentence]) -> set[tuple[int, int]]:
    return {(p.sentence.start, p.sentence.end) for p in parsed if p.sentence.heading}


def _read_sentence(document: Document, ps: ParsedSentence, dates: Sequence[DateMention],
                   ctx: Context, book: PlaceBook) -> None:
    s = ps.sentence
    quantities = [
        q for q in counts(document.text, s.start, s.end, ctx) + single_counts(ps, ctx)
        if not document.in_boilerplate(q.start, q.end)
    ]
    quantities.sort(key=lambda q: q.start)
    named_events = event_names_in(s.text, ctx.lang)
    if named_events:  # "la tempête tropicale Dikeledi": the event "elle" stands for next
        ctx.event_names_seen.update(named_events)
        ctx.last_event_name = named_events[-1]
    atts = attributions(ps, ctx)
    excluded = [(a.start, a.end) for a in atts]  # sentence-relative, as the ents
    excluded += organisations(ps, ctx, book)
    where = places_in(ps, excluded, ctx, book)
    readings = []
    for n, q in enumerate(quantities):
        window_start = quantities[n - 1].end if n else s.start
        window_end = quantities[n + 1].start if n + 1 < len(quantities) else s.end
        readings.append(read_quantity(ps, q, window_end, window_start, ctx))
    share_coordinated_kinds(ps, readings, ctx)
    if ctx.main_country:
        # Towns and divisions of the story's country, in the order named, for "in the
        # city" and "in the two districts" (in this sentence too: "… and 52 in Rukum West,
        # while 338 were injured in the two districts").
        for p in where:
            chain = book.chain(p.text, ctx.main_country)
            kinds = (ctx.localities, ctx.towns) if chain and chain[-1][0] == "city" else \
                (ctx.localities,) if chain else ()
            for named in kinds:
                if not named or named[-1] != p.text:
                    named.append(p.text)
    ctx.listed = place_list(where, ps.doc, ctx, book) or ctx.listed
    lead_end = quantities[0].start if quantities else s.end
    for n, reading in enumerate(readings):
        q = reading.quantity
        after = (q.end, quantities[n + 1].start if n + 1 < len(quantities) else s.end)
        shared = None
        if n + 1 < len(quantities) and _coordinated(document.text[q.end : after[1]], ctx):
            following = quantities[n + 1]
            shared = (following.end,
                      quantities[n + 2].start if n + 2 < len(quantities) else s.end)
        claim = _claim(document, ps, reading, after, lead_end, atts, where, dates, ctx, book,
                       shared)
        if claim is not None:
            ctx.claims.append(claim)
    _respectively(ps, where, ctx, book)
    _carry_context(ps, atts, where, ctx, any(r.list_item for r in readings))
    carry_place(ps, where, ctx, book)
    ctx.countries.extend(p.text for p in where if book.is_country(p.text)
                         and (not ctx.countries or ctx.countries[-1] != p.text))


def _claim(document: Document, ps: ParsedSentence, reading: Reading, after: tuple[int, int],
           lead_end: int, atts: list[Attribution], where: list[Ent],
           dates: Sequence[DateMention], ctx: Context, book: PlaceBook,
           shared: tuple[int, int] | None = None) -> Claim | None:
    """The claim of one reading, or None when it counts nothing this crisis counts;
    ``shared`` is the clause of the next figure when the two are coordinated."""
    s, q = ps.sentence, reading.quantity
    previous = ctx.claims[-1] if ctx.claims else None
    same_sentence = previous if previous and previous.sentence_span == (s.start, s.end) else None
    _borrow_kind(ps, reading, same_sentence, ctx)
    if reading.kind is None or (reading.kind == "other" and q.low is None) or reading.past \
            or dropped(reading):
        return None  # "plusieurs affrontements": too vague; a past event: not this crisis
    text = doc_text(ps.doc)
    borrow_group(reading, Neighbours(
        sentence=s.text, sentence_text_of=lambda a, b: text[a - s.start : b - s.start],
        previous=previous, same_sentence=same_sentence,
        speaker=atts[0].tokens if atts else None), ctx)
    place_rule: str | None = "list_item"
    if reading.list_item:
        place = _item_place(ps, reading, where, ctx, book)
    else:
        scopes = where
        if reading.kind == "deployed":
            # "Madrid a dépêché 86 secouristes": a bare name is the sender; where they go
            # is written after a place preposition ("à Marrakech").
            scopes = [p for p in where if introduced(ps.doc, p, ctx)]
        place, place_rule = place_for(
            ps, _before_speech(after, q, atts, s.start), lead_end, scopes, ctx, book,
            number_start=q.start,
            shared=_before_speech(shared, q, atts, s.start) if shared else None)
    if (reading.subset or reading.compared) and same_sentence is not None and \
            same_sentence.place is not None and \
            not (place_rule or "").startswith(("clause", "list_item")):
        # "58 blessés à Lima, dont 22 policiers", "211 morts dans la Communauté
        # valencienne, contre 202 la veille": a part, or an earlier count of the same
        # thing, is where the figure before it is, unless its own clause names a place.
        place, place_rule = replace(same_sentence.place, span=None), "subset"
    if reading.owner is not None and foreign_owner(reading.owner, place, ctx,
                                                   [p.text for p in where], book):
        reading.group, reading.group_rule = "foreign_forces", "foreign_owner"
    source, source_rule = source_for(ps, reading, atts, ctx, after)
    if place_rule in FALLBACK_RULES and source is not None and source.span is not None and \
            s.start <= source.span[0] and source.span[1] <= s.end:
        spoken_for = speaker_place(ps, (source.span[0] - s.start, source.span[1] - s.start),
                                   ctx, book)
        if spoken_for is not None:
            place, place_rule = spoken_for, "speaker"
    return Claim(
        id=_claim_id(document.id, q, reading.kind),
        doc=document.id,
        kind=cast(Kind, reading.kind),  # the rules read kinds from the resource's tables
        group=cast(Group, reading.group or "all"),
        group_label=reading.group_label if reading.group else None,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        quantity_text=q.text,
        place=place,
        period=period_for(q, s, dates, document.published),
        source=source,
        outlet=document.outlet,
        sentence=s.text,
        span=(q.start, q.end),
        sentence_span=(s.start, s.end),
        subset_of=previous.id if reading.subset and previous else None,
        cue=reading.cue,
        rule=ClaimRule(kind=reading.kind_rule or "inherited", group=reading.group_rule,
                       source=source_rule, place=place_rule),
    )


def _before_speech(after: tuple[int, int], q: Quantity, atts: list[Attribution], base: int
                   ) -> tuple[int, int]:
    """The figure's clause ends where a statement after it begins: "300 missing, a
    spokesman told reporters in Geneva" — Geneva is where the speaker spoke."""
    starts = [a.start + base for a in atts if a.start + base >= q.end]
    return (after[0], min([after[1], *starts]))


def _borrow_kind(ps: ParsedSentence, reading: Reading, same_sentence: Claim | None,
                 ctx: Context) -> None:
    """"dont 19", "40 d'entre eux": the kind of the sentence's previous figure; "ils étaient
    20 000": the size of the group the pronoun stands for."""
    if reading.inherit in ("kind", "kind+group") and same_sentence and reading.kind is None:
        reading.kind, reading.kind_rule = same_sentence.kind, "inherited"
    if reading.kind is None and reading.compared and ctx.claims:
        # "The figure was up from about 5,800": compared with the last figure given.
        last = ctx.claims[-1]
        reading.kind, reading.kind_rule = last.kind, "compared"
        if last.group != "all" and reading.group is None:
            reading.group, reading.group_rule = last.group, "compared"
    if reading.kind is None and reading.among and ctx.claims and \
            ctx.claims[-1].kind in VERB_KINDS:
        # "Au moins 60 touristes figurent parmi les victimes": a part of the last toll.
        reading.kind, reading.kind_rule = ctx.claims[-1].kind, "part_of_previous"
    if reading.kind is None and reading.list_item:
        previous = ctx.claims[-1].kind if ctx.claims else None
        reading.kind, reading.kind_rule = ctx.list_kind or previous, "list_item"
    if reading.kind is None and reading.inherit == "antecedent":
        group, label = _antecedent(ps, reading.quantity, ctx)
        if group:
            reading.kind = "participants" if group == "protesters" else "deployed"
            reading.group, reading.group_label = group, label
            reading.kind_rule = reading.group_rule = "antecedent"


def _item_place(ps: ParsedSentence, reading: Reading, where: list[Ent], ctx: Context,
                book: PlaceBook) -> Place | None:
    """The place a list item is labelled with ("Province du Nord : 41"), else the list's."""
    base = ps.sentence.start
    written = text_label(doc_text(ps.doc), reading.quantity.start - base, ctx, book)
    if written is not None:
        return written  # the whole label ("Agadir Ida Outanane : 5"), tagged or not
    before = [p for p in where if p.end_char + base <= reading.quantity.start]
    if before:
        p = before[-1]
        return Place(p.text, span=(p.start_char + base, p.end_char + base), basis="clause")
    end = reading.quantity.end
    return place_for(ps, (end, end), ps.sentence.start, [], ctx, book)[0]


def _respectively(ps: ParsedSentence, where: list[Ent], ctx: Context, book: PlaceBook
                  ) -> None:
    """"au Cachemire et au Gilgit-Baltistan, le bilan s'élève respectivement à 48 et
    22", "in Sindh and Punjab, with 612 and 188 deaths respectively": the figures after
    (or around) "respectivement" take, in order, the places named before it."""
    s = ps.sentence
    sentence = info(ps.doc)
    marks = [sentence.idxs[i] for i, w in enumerate(sentence.folds)
             if w in ctx.lang.cue("respectively")]
    if not marks:
        return
    mine = [n for n, c in enumerate(ctx.claims) if c.sentence_span == (s.start, s.end)]
    mark = marks[0] + s.start
    after = [n for n in mine if ctx.claims[n].span[0] > mark]
    before = [n for n in mine if ctx.claims[n].span[0] < mark]
    # "s'élève respectivement à 48 et 22": the figures after it; "612 and 188 deaths
    # respectively": the figures before it.
    paired = after if len(after) >= 2 else before
    if len(paired) < 2:
        return
    earlier = [ctx.claims[n].span[1] for n in mine if n not in paired and
               ctx.claims[n].span[1] <= ctx.claims[paired[0]].span[0]]
    since = max(earlier, default=s.start) - s.start
    first_figure = ctx.claims[paired[0]].span[0] - s.start
    named = [p for p in where if since <= p.start_char and p.end_char <= first_figure]
    if len(named) < len(paired) or not all(in_story(p, ctx, book) for p in named):
        return
    mine = paired
    for n, place in zip(mine, named[-len(mine):], strict=True):
        claim = ctx.claims[n]
        ctx.claims[n] = replace(claim, place=Place(
            place.text, span=(place.start_char + s.start, place.end_char + s.start),
            basis="clause"), rule=replace(claim.rule, place="clause.respectively")
            if claim.rule else None)


def _coordinated(gap: str, ctx: Context) -> bool:
    """Is the text between two figures a plain coordination ("16 morts et", "killed and
    161 others")? Then what ends the second figure's clause is the first's too."""
    words = [fold(w) for w in gap.replace(",", " , ").split()]
    if not words or len(words) > COORDINATION_MAX_WORDS or ";" in gap or ":" in gap:
        return False
    # "Two died in Castilla-La Mancha and one in Andalusia": a place of its own in between
    breaks = ctx.lang.cue("clause_breaks") | ctx.lang.cue("inclusive") | \
        ctx.lang.cue("place_prepositions")
    return words[-1] in ctx.lang.cue("coordinators") and not any(w in breaks for w in words)


COORDINATION_MAX_WORDS = 7  # "personnes ont perdu la vie et": a longer gap is two clauses


def _claim_id(doc_id: str, q: Quantity, kind: str) -> str:
    return "c" + content_hash(f"{doc_id}:{q.start}:{q.end}:{kind}")[:12]


def _group_cues(ps: ParsedSentence, ctx: Context) -> None:
    """Remember which groups the text has named, for pronouns ("Ils ont pris ...")."""
    sentence = info(ps.doc)
    single = ctx.cues.group_single_words
    for i, key in enumerate(sentence.folds):
        if key in single and sentence.pos[i] in ("NOUN", "PROPN", "ADJ"):
            text = ps.doc[i].text
            group = group_of_phrase(text, ctx.main_country, ctx.lang)
            if group:
                ctx.group_nouns.append((group, text))


def _antecedent(ps: ParsedSentence, q: Quantity, ctx: Context
                ) -> tuple[str | None, str | None]:
    """The group a plural pronoun stands for: the nearest group noun before it."""
    rel = q.start - ps.sentence.start
    w = words(ps.doc, ctx.lang)
    for tok in reversed([t for t in ps.doc if t.idx < rel]):
        if tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            group = group_of_phrase(tok.text, ctx.main_country, ctx.lang)
            if group:
                label = phrase_at(w, np_indices(w, tok.i, len(ps.doc), ctx.lang)) or tok.text
                return group, label
    if ctx.group_nouns:
        return ctx.group_nouns[-1]
    return None, None


def _carry_context(ps: ParsedSentence, atts: list[Attribution], where: list[Ent],
                   ctx: Context, listed: bool = False) -> None:
    """What a sentence establishes for the sentences after it.

    A source carries to the rest of its paragraph ("En outre, 18 policiers ...");
    given in the first sentence of a block, it frames the whole block (a live-blog
    entry "…, selon Orda.kz" and the items under it). An unattributed quotation
    belongs to the last speaker.
    """
    s = ps.sentence
    ctx.speakers.extend((a.name, a.gender) for a in atts)
    if atts:
        # The title's speaker governs the body until another speaker takes over.
        ctx.document_source = _source_of(ps, atts[-1]) if s.heading and atts[-1].covers else None
    atts = [a for a in atts if a.covers]
    if atts:
        source = _source_of(ps, atts[-1])
        ctx.paragraph_source[s.paragraph] = source
        if s.block not in ctx.block_seen:
            ctx.block_source[s.block] = source
        else:
            # Once the block quotes someone else, its opening attribution no longer frames it.
            ctx.block_source.pop(s.block, None)
        ctx.last_source = source
    elif s.text.lstrip()[:1] in "«\"“" and ctx.last_source:
        ctx.paragraph_source.setdefault(s.paragraph, ctx.last_source)
        if s.block not in ctx.block_seen:
            ctx.block_source[s.block] = ctx.last_source
    ctx.block_seen.add(s.block)
    if s.text.rstrip().endswith(":"):
        ctx.list_kind = _kind_named(ps, ctx)
        # The sentence that opens a list names who gave its items ("Selon les données
        # de X, la répartition par province est la suivante :"), else its paragraph does.
        ctx.list_source = _source_of(ps, atts[-1]) if atts else \
            ctx.paragraph_source.get(s.paragraph)
    elif not listed:
        ctx.list_source = None  # the list has ended


def _kind_named(ps: ParsedSentence, ctx: Context) -> str | None:
    """The first casualty noun of a sentence ("Bilan des morts par province :")."""
    sentence = info(ps.doc)
    for word, lemma in zip(sentence.folds, sentence.lemmas, strict=True):
        for kind in VERB_KINDS:
            if {word, lemma} & ctx.lang.kind_nouns[kind]:
                return kind
    return None


def _source_of(ps: ParsedSentence, a: Attribution) -> Source:
    return Source(a.name, None, doc_text(ps.doc)[a.start : a.end])


def harmonise(claims: list[Claim], headings: set[str] | None = None) -> list[Claim]:
    """The same figure said twice in one article (headline, then body) is one reading.

    A headline or a repeated figure often lacks the group, place or source that
    the fuller sentence gives; the fuller reading is copied to the thinner one.
    """
    by_value: dict[tuple, list[int]] = {}
    for i, c in enumerate(claims):
        by_value.setdefault((c.kind, c.low, c.high, c.qualifier), []).append(i)
    out = list(claims)
    for indices in by_value.values():
        if len(indices) < 2:
            continue
        specific = [out[i] for i in indices if out[i].group != "all"]
        sourced = [out[i] for i in indices if out[i].source is not None]
        body = [out[i] for i in indices if out[i].id not in (headings or set())]
        for i in indices:
            out[i] = _fill_from(out[i], specific, sourced, body, headings)
    return out


def _fill_from(c: Claim, specific: list[Claim], sourced: list[Claim], body: list[Claim],
               headings: set[str] | None) -> Claim:
    rule = c.rule or ClaimRule(kind="inherited")
    if c.group == "all" and specific:
        c = replace(c, group=specific[0].group, group_label=specific[0].group_label)
        rule = replace(rule, group="same_figure")
    if c.source is None and sourced:
        c = replace(c, source=sourced[0].source)
        rule = replace(rule, source="same_figure")
    if headings and c.id in headings and body and body[0].place is not None:
        c = replace(c, place=body[0].place)
        rule = replace(rule, place="same_figure")
    return replace(c, rule=rule) if rule != c.rule else c
