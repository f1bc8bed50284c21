"""Models with other annotation schemes read as the French one: Universal Dependencies
labels and structure, and entities labelled PER, LOC, ORG or MISC.

The extract rules are written against the UD parse and the four WikiNER labels of the
French models. The English models (``en_core_web_*``) parse in the ClearNLP scheme
(``nsubjpass``, ``dobj``, a preposition heading its object) and tag OntoNotes entities
(``PERSON``, ``GPE``, ``CARDINAL``). Rather than teach every rule a second scheme, a last
pipeline component rewrites such a Doc in place: which scheme a model uses is read from
its own labels, so this is about schemes, not languages (issue #17).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, cast

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

COMPONENT = "recoupe_universal"

# ClearNLP label → UD label, where only the name differs.
DEP_NAMES: Mapping[str, str] = MappingProxyType({
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "dobj": "obj",
    "dative": "iobj",
    "relcl": "acl:relcl",
    "poss": "nmod:poss",
    "npadvmod": "obl:npmod",
    "quantmod": "advmod",
    "neg": "advmod",
    "prt": "compound:prt",
    "acomp": "xcomp",
    "oprd": "xcomp",
    "predet": "det:predet",
    "preconj": "cc:preconj",
    "intj": "discourse",
    "meta": "dep",
})
# A preposition's object becomes a dependent of what the preposition attached to: with
# this label after an agent's "by", else obl under a verb or adjective, else nmod.
_AGENT = "obl:agent"
_CLAUSE_POS = ("VERB", "AUX", "ADJ")

# OntoNotes entity label → the French models' label; labels absent here (numbers, dates,
# money, ordinals) are not names and are dropped.
ENTITY_LABELS: Mapping[str, str] = MappingProxyType({
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
})
_SCHEME_MARKS = ("nsubjpass", "PERSON")  # a label only the other schemes have
_POSSESSIVE = ("'s", "’s", "'", "’")
_HYPHENS = ("-", "‐")
_DASHES = ("-", "–", "—", "--")
_TIME_ENTITIES = ("DATE", "TIME")  # OntoNotes labels, read before they are dropped


def needs_universal(nlp: Language) -> bool:
    """Does this model parse or tag in a scheme other than the French models' one?"""
    labels: set[str] = set()
    for name in ("parser", "ner"):
        if name in nlp.pipe_names:
            labels.update(nlp.get_pipe(name).labels)  # type: ignore[attr-defined]
    return any(mark in labels for mark in _SCHEME_MARKS)


def add_universal(nlp: Language) -> None:
    """Append the rewriting component to a model that needs it (once)."""
    if needs_universal(nlp) and COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, last=True)


@Language.component(COMPONENT)
def universal(doc: Doc) -> Doc:
    """Rewrite the parse and entities of ``doc`` in place (either may be absent)."""
    if doc.has_annotation("DEP"):
        _universal_parse(doc)
    if doc.has_annotation("ENT_IOB"):
        _universal_entities(doc)
    return doc


def _universal_parse(doc: Doc) -> None:
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    for tok in doc:
        if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent") and tok.head.i != tok.i:
            prep = tok.head
            heads[tok.i] = prep.head.i if prep.head.i != prep.i else tok.i
            deps[tok.i] = (_AGENT if prep.dep_ == "agent" else
                           "obl" if prep.head.pos_ in _CLAUSE_POS else "nmod")
            if heads[tok.i] == tok.i:
                deps[tok.i] = "ROOT"
            heads[prep.i], deps[prep.i] = tok.i, "case"
            if tok.ent_type_ in _TIME_ENTITIES and prep.head.pos_ in ("NOUN", "PROPN"):
                _attach_to_clause(tok, prep, heads, deps)
    for i, dep in enumerate(deps):
        deps[i] = DEP_NAMES.get(dep, dep)
        if dep == "punct" and _inside_word(doc, i):
            deps[i] = "goeswith"  # "el-Drese", "Waker-uz-Zaman": one name, cut by the tokenizer
    _dateline_subjects(doc, heads, deps)
    if _has_cycle(heads):
        return  # never leave a broken tree: keep spaCy's parse, labels aside
    rows = numpy.zeros((len(doc), 2), dtype="uint64")
    rows[:, 0] = numpy.array([h - i for i, h in enumerate(heads)], dtype="int64").view("uint64")
    rows[:, 1] = [doc.vocab.strings.add(d) for d in deps]
    doc.from_array([HEAD, DEP], cast(Any, rows))  # the layout of spaCy's own to_array


def _attach_to_clause(tok: Token, prep: Token, heads: list[int], deps: list[str]) -> None:
    """"the regime said on Thursday": a time is when the event happened, not part of the
    noun the parser hung it from; it goes to the nearest verb above."""
    node = prep.head
    while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    if node.pos_ in ("VERB", "AUX"):
        heads[tok.i], deps[tok.i] = node.i, "obl:tmod"


def _dateline_subjects(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """"MARRAKECH, Morocco, Sept 11 (Reuters) - Morocco raised …": a verb with two
    subjects, the first cut from the verb by a dash, has a dateline for its first one."""
    # Subjects grouped by head in one pass: a scan per verb made a sentence cost its
    # length squared.
    subjects: dict[int, list[int]] = {}
    for i, (head, dep) in enumerate(zip(heads, deps, strict=True)):
        if dep == "nsubj":
            subjects.setdefault(head, []).append(i)
    for found in subjects.values():
        first, last = found[0], found[-1]
        if first != last and any(t.text in _DASHES for t in doc[first:last]):
            deps[first] = "dislocated"


def _inside_word(doc: Doc, i: int) -> bool:
    tok = doc[i]
    return (tok.text in _HYPHENS and 0 < i < len(doc) - 1 and not tok.whitespace_
            and not doc[i - 1].whitespace_ and doc[i - 1].is_alpha and doc[i + 1].is_alpha)


def _has_cycle(heads: list[int]) -> bool:
    for start in range(len(heads)):
        node, steps = start, 0
        while heads[node] != node:
            node = heads[node]
            steps += 1
            if steps > len(heads):
                return True
    return False


def _universal_entities(doc: Doc) -> None:
    kept = []
    for e in doc.ents:
        start, end = e.start, e.end
        while start < end - 1 and doc[start].pos_ == "DET" and doc[start].is_lower:
            start += 1  # "the Interior Ministry": the article is not part of the name
        while end > start + 1 and (doc[end - 1].tag_ == "POS"
                                     or doc[end - 1].text in _POSSESSIVE):
            end -= 1  # "Sri Lanka's": the possessive ending is not part of the name
        if e.label_ in ENTITY_LABELS:
            kept.append(Span(doc, start, end, label=ENTITY_LABELS[e.label_]))
    doc.ents = kept
