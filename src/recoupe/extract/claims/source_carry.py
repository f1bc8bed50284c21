"""What a whole document says about its speakers, applied once every claim is read: a
country named as the speaker ("Morocco raised the toll to 2,862") stands for the body of
that country the article quotes (its interior ministry), wherever in the text it is named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from recoupe.extract.claims.context import Context
from recoupe.extract.claims.cues import attribution_words
from recoupe.extract.claims.place import PlaceBook
from recoupe.records import Claim, ClaimRule
from recoupe.textfold import word_key as fold


def country_speakers(claims: Sequence[Claim], ctx: Context, book: PlaceBook | None = None
                     ) -> list[Claim]:
    """Claims whose source is a country alone, given the body of that country the
    document quotes instead (rule ``<rule>.country_body``); the others unchanged."""
    out = list(claims)
    for n, claim in enumerate(out):
        if claim.source is None or _said_by_authorities(claim, ctx):
            continue  # "les autorités (kazakhes)" stand for the country on purpose
        code = _country_code(claim.source.name, ctx, book)
        body = _body_of(code, ctx) if code else None
        if body is None:
            continue
        rule = claim.rule or ClaimRule(kind="inherited")
        out[n] = replace(claim, source=replace(claim.source, name=body),
                         rule=replace(rule, source=f"{rule.source}.country_body"))
    return out


def _body_of(code: str, ctx: Context) -> str | None:
    """The first governmental body quoted in the document that names this country, or
    names none when the country is the story's own (or the story's is unknown)."""
    government = attribution_words(ctx.lang, "government_bodies")
    for name, _gender in ctx.speakers:
        words = fold(name).replace("'", " ").replace("’", " ").split()
        if not set(words) & government:
            continue
        named = {_country_of(w, ctx) for w in words} - {None}
        if named == {code} or (not named and ctx.main_country in (None, code)):
            return name
    return None


def _country_code(name: str, ctx: Context, book: PlaceBook | None) -> str | None:
    """The country a source name is, alone: its code from the language's tables or the
    gazetteer."""
    code = ctx.lang.country_names.get(fold(name))
    if code is None and book is not None and book.is_country(name):
        code = book.country_of(name)
    return code


def _said_by_authorities(claim: Claim, ctx: Context) -> bool:
    text = fold(claim.source.text or "") if claim.source else ""
    return bool(set(text.replace("'", " ").split()) & ctx.lang.cue("generic_authorities"))


def _country_of(word: str, ctx: Context) -> str | None:
    return ctx.lang.country_names.get(word) or ctx.lang.demonyms.get(word)
