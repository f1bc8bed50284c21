"""Claims tied to entities: the place a document is about, and each claim's place and
source given the id, canonical name and coordinates of the entity they name."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from recoupe.link.gazetteer import geocode, main_country
from recoupe.link.places import can_be_place, person_names_of
from recoupe.records import Claim, Document, Entity, Mention, Source
from recoupe.textfold import word_key as fold


def main_place(document: Document, mentions: Sequence[Mention]) -> tuple[str | None, str | None]:
    """The place a document is about (a country when it names one) and its ISO code: the
    country of the run's one rule (:func:`recoupe.link.gazetteer.main_country`), named as
    the document names it most, else by its most named place."""
    # A title kept apart from the text counts first; one that is the text's first line
    # is already among the mentions.
    names = title_countries(document.title_apart) + [m.text for m in mentions if m.label == "LOC"]
    code = main_country(names)
    if code is None:
        return (Counter(names).most_common(1)[0][0] if names else None), None
    in_country = Counter(n for n in names if (g := geocode(n, None, False)) and g.country == code)
    countries = Counter(n for n in in_country.elements()
                        if (g := geocode(n, None, False)) and g.feature == "country")
    return (countries or in_country).most_common(1)[0][0], code


def _written_as_place(name: str, sentence: str) -> bool:
    """Is ``name`` written where only a place goes in the sentence: after a place
    preposition of a language recoupe reads ("in", "à", "dans"…), or as a list label
    ("Rukum West: 52")? Then a person entity of the same name does not unmake it."""
    folded, key = fold(sentence), fold(name)
    if not key or " + " in name:
        return False
    return bool(re.search(rf"(?:^|\s)(?:{_place_prepositions()})\s+{re.escape(key)}\b", folded)
                or re.search(rf"^\W*{re.escape(key)}\s*:", folded))


@lru_cache(maxsize=1)
def _place_prepositions() -> str:
    """Every language's place prepositions as one alternation, longest first."""
    from recoupe.lang import available, resource_for

    words: set[str] = set()
    for code in available():
        words |= resource_for(code).cue("place_prepositions")
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def title_countries(title: str | None) -> list[str]:
    """The countries a title names ("En Géorgie, la police perquisitionne…"): they count
    with the text's places for the document's country, and first, as the title comes
    first (a tie goes to the country named first)."""
    if not title:
        return []
    out = []
    for run in _TITLE_RUN.finditer(title):
        words = run.group().split()
        i = 0
        while i < len(words):
            for n in range(min(len(words) - i, 3), 0, -1):
                name = " ".join(words[i : i + n])
                geo = geocode(name, None, False)
                if geo is not None and geo.feature == "country":
                    out.append(name)
                    i += n - 1
                    break
            i += 1
    return out


# Capitalised words, one after another (a title's candidate names).
_TITLE_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’\-]*(?: [A-ZÀ-ÖØ-Þ][\w'’\-]*)*")


def run_country(mentions: Sequence[Mention]) -> str | None:
    """The country most place mentions of the run lie in (the same rule as a document's)."""
    return main_country([m.text for m in mentions if m.label == "LOC"])


def _looks_like_person(name: str) -> bool:
    """A source written as capitalised words ("Kassym-Jomart Tokaïev") is a person."""
    return name[:1].isupper() and " " in name and all(w[:1].isupper() for w in name.split())


def slot_mentions(claims: Sequence[Claim], mentions: Sequence[Mention]) -> list[Mention]:
    """Sources and places of claims that NER did not tag, as mentions to link."""
    known = {(m.doc, fold(m.text)) for m in mentions}
    extra: dict[tuple[str, str], Mention] = {}
    for c in claims:
        for slot, label in ((c.source, "ORG"), (c.place, "LOC")):
            if slot is None or not slot.name or (c.doc, fold(slot.name)) in known:
                continue
            span = slot.span or c.span
            guess = "PER" if label == "ORG" and _looks_like_person(slot.name) else label
            extra.setdefault((c.doc, fold(slot.name)), Mention(
                doc=c.doc, start=span[0], end=span[1], text=slot.name, label=guess,
                sentence=c.sentence,
            ))
    return list(extra.values())


def link_claims(claims: Sequence[Claim], entities: Sequence[Entity]) -> list[Claim]:
    """Give each claim's place and source the id and canonical name of its entity."""
    by_doc_form: dict[tuple[str, str], Entity] = {}
    by_form: dict[str, Entity] = {}
    for entity in entities:
        for m in entity.mentions:
            by_doc_form.setdefault((m.doc, fold(m.text)), entity)
        for form in entity.forms:
            by_form.setdefault(fold(form), entity)

    def find(doc: str, name: str) -> Entity | None:
        return by_doc_form.get((doc, fold(name))) or by_form.get(fold(name))

    persons: dict[str, frozenset[str]] = {}  # per document, built when first needed

    def not_a_place(doc: str, name: str, entity: Entity | None, sentence: str) -> bool:
        if entity is not None and entity.type != "PER":
            return False  # linked to a place or a body: the gazetteer had its say
        if _written_as_place(name, sentence):
            return False  # "in Rukum West", "Rukum West: 52": NER's PERSON is wrong there
        if doc not in persons:
            persons[doc] = person_names_of(entities, doc)
        # A scope of several places ("Pérou + Équateur") is a place when each part is.
        return not all(can_be_place(part, label="LOC", person_names=persons[doc])
                       for part in name.split(" + "))

    linked = []
    for c in claims:
        place, source, rule = c.place, c.source, c.rule
        if place is not None and not_a_place(c.doc, place.name, find(c.doc, place.name),
                                             c.sentence):
            # A person's name or a capitalised common noun is never where a figure
            # happened (issue #14): better no place than a wrong one.
            place = None
            rule = replace(rule, place="not_a_place") if rule is not None else rule
        if place is not None and (e := find(c.doc, place.name)) is not None:
            geo = e.geo
            place = replace(place, name=e.canonical, entity=e.id,
                            lat=geo.lat if geo else None, lon=geo.lon if geo else None)
        if source is not None and (e := find(c.doc, source.name)) is not None:
            source = Source(e.canonical, e.id, source.text, source.span)
        linked.append(replace(c, place=place, source=source, rule=rule))
    return linked
