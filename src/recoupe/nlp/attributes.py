"""The model's attribute ruler, matched by table lookup: same matches, a fraction of the cost.

spaCy's ``attribute_ruler`` (tag → part of speech, morphology and lemma exceptions) tries
every one of its patterns at every token with the general Matcher: 179 patterns in
``en_core_web_sm``, a sixth of the English pipeline's time on the sentences recoupe parses
(23 in ``fr_core_news_md``). Nearly all are one token tested for equality on a few
attributes ("TAG is VBD", "LOWER is 's' and TAG is POS"), the others a few tokens tested
the same way or by ``IN``, ``NOT_IN`` and ``REGEX`` ("gon" + "na"). What a token's values
(tag, word, label, space) satisfy is worked out once per distinct set of values and then
looked up; only patterns the columns cannot test go through a Matcher. :func:`match`
returns exactly what ``AttributeRuler.match`` returns, so the ruler's own code still sets
the attributes, in its own order (issue #17 item 5).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# Token attributes a table can test: the pattern key → the column read from the Doc.
# "TEXT" and "ORTH" are one attribute for the Matcher.
_COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH,
            "TEXT": ORTH}

Match = tuple[int, int, int, int]  # what AttributeRuler.match returns: id, label, start, end
Test = tuple[int, str, Any]  # column, operator ("==", "IN", "NOT_IN", "REGEX"), value(s)
# What one row of column values satisfies: the one-token rules (rule, label) it matches,
# each multi-token pattern's positions it passes, whether it may start one of them.
Row = tuple[tuple[tuple[int, int], ...], tuple[frozenset[int], ...], bool]
_MAX_ROWS = 200_000  # distinct rows remembered (a word with its tag and label is one)


class TableMatcher:
    """``AttributeRuler.match`` of one ruler, by table lookup where a pattern allows.

    A pattern whose every token tests only columns of :data:`_COLUMNS` (equality, ``IN``,
    ``NOT_IN``, ``REGEX``, no operator) is read from the token's row of those columns: what
    a row satisfies is worked out once per distinct row (a word with its tag and label),
    then looked up; patterns of several tokens are checked from the tokens that satisfy
    their first test. Any other pattern goes through a Matcher.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self._strings = ruler.vocab.strings
        self._labels: list[int] = []
        self._single: list[tuple[int, int, list[Test]]] = []  # rule, label, tests
        self._multi: list[tuple[int, int, list[list[Test]]]] = []  # one test list a token
        self._rest = Matcher(ruler.vocab, validate=False)
        self.tabulated, self.rest_rules = 0, set()  # patterns in tables; rules left over
        for rule, (patterns, _) in enumerate(_rules(ruler)):
            label = self._strings.add(str(rule))
            self._labels.append(label)
            for pattern in patterns:
                tests = [self._tests(token) for token in pattern] if pattern else [None]
                if any(t is None for t in tests):
                    self._rest.add(label, [pattern])
                    self.rest_rules.add(rule)
                    continue
                self.tabulated += 1
                checked = cast(list[list[Test]], tests)
                if len(checked) == 1:
                    self._single.append((rule, label, checked[0]))
                else:
                    self._multi.append((rule, label, checked))
        used = sorted({c for _, _, t in self._single for c, _, _ in t}
                      | {c for _, _, ts in self._multi for t in ts for c, _, _ in t})
        self._attrs = [list(_COLUMNS.values())[c] for c in used]
        # the tests' column numbers → positions in the rows read (only the columns used)
        self._single = [(r, lb, _renumber(t, used)) for r, lb, t in self._single]
        self._multi = [(r, lb, [_renumber(t, used) for t in ts]) for r, lb, ts in self._multi]
        self._rows: dict[tuple[int, ...], Row] = {}

    def _tests(self, token: dict[str, Any]) -> list[Test] | None:
        """One pattern token's tests on the columns, or None when a table cannot hold it."""
        if not token:
            return None
        names = list(_COLUMNS)
        tests: list[Test] = []
        for name, value in token.items():
            if name not in _COLUMNS:
                return None
            column = names.index("ORTH" if name == "TEXT" else name)  # one column
            if isinstance(value, str | bool):
                tests.append((column, "==", self._value(name, value)))
            elif isinstance(value, dict) and len(value) == 1:
                (op, arg), = value.items()
                if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(
                        isinstance(v, str) for v in arg):
                    tests.append((column, op, frozenset(self._value(name, v) for v in arg)))
                elif op == "REGEX" and isinstance(arg, str) and name != "IS_SPACE":
                    tests.append((column, op, re.compile(arg)))
                else:
                    return None
            else:
                return None
        return tests

    def _value(self, name: str, value: str | bool) -> int:
        if name == "IS_SPACE":
            return int(bool(value))
        return self._strings.add(str(value))  # the id the Doc stores (a symbol or a hash)

    def _row(self, row: tuple[int, ...]) -> Row:
        """What one row of values satisfies: the one-token rules it matches (in order), and
        for each pattern of several tokens, the positions whose tests it passes."""
        found = self._rows.get(row)
        if found is None:
            if len(self._rows) >= _MAX_ROWS:
                self._rows.clear()  # a bounded memory over a long run
            ones = tuple((rule, label) for rule, label, tests in self._single
                         if self._passes(row, tests))
            steps = tuple(frozenset(k for k, tests in enumerate(token_tests)
                                    if self._passes(row, tests))
                          for _, _, token_tests in self._multi)
            found = self._rows[row] = (ones, steps, any(0 in s for s in steps))
        return found

    def _passes(self, row: tuple[int, ...], tests: list[Test]) -> bool:
        for column, op, arg in tests:
            value = row[column]
            if op == "==":
                if value != arg:
                    return False
            elif op == "IN":
                if value not in arg:
                    return False
            elif op == "NOT_IN":
                if value in arg:
                    return False
            elif not arg.search(self._strings[value]):
                return False
        return True

    def __call__(self, doc: Doc) -> list[Match]:
        found: list[Match] = []
        if self._attrs and len(doc):
            rows = [self._row(row) for row in map(tuple, doc.to_array(self._attrs).tolist())]
            for i, (ones, _, starts) in enumerate(rows):
                found.extend((rule, label, i, i + 1) for rule, label in ones)
                if starts:
                    self._multi_at(rows, i, found)
        if len(self._rest):
            for label, start, end in self._rest(doc, allow_missing=True, as_spans=False):
                found.append((int(self._strings[label]), label, start, end))
        return sorted(set(found))

    def _multi_at(self, rows: list[Row], i: int, found: list[Match]) -> None:
        """The patterns of several tokens that match from token ``i``."""
        for p, (rule, label, token_tests) in enumerate(self._multi):
            end = i + len(token_tests)
            if end <= len(rows) and all(k in rows[i + k][1][p] for k in range(len(token_tests))):
                found.append((rule, label, i, end))


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


def _renumber(tests: list[Test], used: list[int]) -> list[Test]:
    """Tests on the columns read: each test's column number among ``used``."""
    return [(used.index(column), op, arg) for column, op, arg in tests]


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

