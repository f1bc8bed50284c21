"""The model's attribute ruler, matched by table lookup: same matches, a fraction of the cost.

spaCy's ``attribute_ruler`` (tag → part of speech, morphology and lemma exceptions) tries
every one of its patterns at every token with the general Matcher: 179 patterns in
``en_core_web_sm``, a sixth of the English pipeline's time on the sentences recoupe parses
(23 in ``fr_core_news_md``). Nearly all are one token tested for equality on a few
attributes ("TAG is VBD", "LOWER is 's' and TAG is POS"): those are looked up in one table
per set of attributes tested, and only the others (several tokens, other operators) go
through a Matcher. :func:`match` returns exactly what ``AttributeRuler.match`` returns, so
the ruler's own code still sets the attributes, in its own order (issue #17 item 5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# Token attributes a table can test: the pattern key → the column read from the Doc.
# "TEXT" and "ORTH" are one attribute for the Matcher.
_COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH,
            "TEXT": ORTH}
_TARGET_OF_ONE_TOKEN = (0, -1)  # the indexes that name the only token of a match

Match = tuple[int, int, int, int]  # what AttributeRuler.match returns: id, label, start, end
Key = tuple[str, ...]  # the attributes a single-token pattern tests, sorted


class TableMatcher:
    """``AttributeRuler.match`` of one ruler, by table lookup where a pattern allows."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self._strings = ruler.vocab.strings
        self._labels: list[int] = []
        # attributes tested → their values (as the Doc stores them) → rule ids
        self._tables: dict[Key, dict[tuple[int, ...], list[int]]] = {}
        self._rest = Matcher(ruler.vocab, validate=False)
        self.tabulated, self.rest_rules = 0, set()  # patterns in tables; rules left over
        for rule, (patterns, index) in enumerate(_rules(ruler)):
            label = self._strings.add(str(rule))
            self._labels.append(label)
            for pattern in patterns:
                if self._tabulate(rule, pattern, index):
                    self.tabulated += 1
                else:
                    self._rest.add(label, [pattern])
                    self.rest_rules.add(rule)
        self._keys = [(key, [list(_COLUMNS).index(name) for name in key], table)
                      for key, table in self._tables.items()]

    def _tabulate(self, rule: int, pattern: list[dict[str, Any]], index: int) -> bool:
        """Put a one-token equality pattern in its table; False for any other pattern."""
        if len(pattern) != 1 or index not in _TARGET_OF_ONE_TOKEN or not pattern[0]:
            return False
        choices: dict[str, list[int]] = {}
        for name, value in pattern[0].items():
            values = _values(value)
            if name not in _COLUMNS or values is None:
                return False
            choices[name] = [self._value(name, v) for v in values]
        key = tuple(sorted(choices))
        table = self._tables.setdefault(key, {})
        for combination in _product([choices[name] for name in key]):
            table.setdefault(combination, []).append(rule)
        return True

    def _value(self, name: str, value: str | bool) -> int:
        if name == "IS_SPACE":
            return int(bool(value))
        return self._strings.add(str(value))  # the id the Doc stores (a symbol or a hash)

    def __call__(self, doc: Doc) -> list[Match]:
        found: set[Match] = set()
        if self._keys:
            rows = doc.to_array(list(_COLUMNS.values())).tolist()
            for i, row in enumerate(rows):
                for _, columns, table in self._keys:
                    rules = table.get(tuple(row[c] for c in columns))
                    if rules:
                        found.update((rule, self._labels[rule], i, i + 1) for rule in rules)
        if len(self._rest):
            for label, start, end in self._rest(doc, allow_missing=True, as_spans=False):
                rule = int(self._strings[label])
                found.add((rule, label, start, end))
        return sorted(found)


def _rules(ruler: AttributeRuler) -> Iterable[tuple[list[list[dict[str, Any]]], int]]:
    """Each rule's patterns and target index, in the ruler's order (its ids)."""
    for entry in ruler.patterns:
        entry_: dict[str, Any] = dict(entry)  # spaCy types it as a union of its fields
        yield entry_["patterns"], entry_["index"]


def _values(value: object) -> list[str | bool] | None:
    """The values an equality or ``IN`` test accepts; None for any other operator."""
    if isinstance(value, str | bool):
        return [value]
    if isinstance(value, dict) and list(value) == ["IN"]:
        choices = value["IN"]
        if isinstance(choices, list) and all(isinstance(c, str) for c in choices):
            return list(choices)
    return None


def _product(lists: list[list[int]]) -> list[tuple[int, ...]]:
    combinations: list[tuple[int, ...]] = [()]
    for options in lists:
        combinations = [(*done, option) for done in combinations for option in options]
    return combinations


def use_tables(nlp: Language) -> None:
    """Match the pipeline's attribute ruler(s) by table (outputs unchanged), where most of
    its patterns fit a table: otherwise the Matcher would run anyway and the tables add
    their own cost (``fr_core_news_md``: one pattern of 23)."""
    for _, component in nlp.pipeline:
        if isinstance(component, AttributeRuler):
            fast = TableMatcher(component)
            if fast.tabulated > len(fast.rest_rules):
                matcher: Callable[[Doc], list[Match]] = fast
                component.match = matcher  # type: ignore[method-assign, assignment]
