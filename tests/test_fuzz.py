"""Fuzzing (issue 8, item 1): hostile text never makes a stage raise.

Each ``check_*`` function states one property over one input; the tests run them with
a small hypothesis budget, and ``bench/fuzz_campaign.py`` runs the same functions with a
large one. Inputs mix random unicode with adversarial fragments: zero-width and
right-to-left marks, enormous digit runs, "1 000 000 000 000 000", malformed nested HTML,
impossible dates.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.clean import clean
from recoupe.errors import CATALOGUE
from recoupe.extract.quantities import find_quantities
from recoupe.ingest import read_inputs
from recoupe.link.dates import resolve_document_dates
from recoupe.pipeline import analyze_document
from recoupe.records import Document, Rejected

# Pieces a hostile or broken page really contains, glued together by the strategies.
FRAGMENTS = (
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u200f", "\u061c",
    "\u00a0", "\u202f", "\u2009", "\r\n", "\n\n", "\t", "\x00", "\x0c", "\u2028", "\ud7ff",
    "1 000 000 000 000 000", "1\u202f000\u202f000\u202f000\u202f000\u202f000", "9" * 400,
    "0," + "5" * 200, "-" * 50, "10^308", "1e309", "3,5 milliards", "des dizaines de milliers",
    "deux mille trois cent quarante-cinq", "vingt-et-un", "mille milliards de milliards",
    "entre 12 et 15", "au moins 7 morts", "plus de 3 211 blessés", "12-15", "XIVe siècle",
    "31 février 2022", "le 7 janvier", "vendredi", "2022-13-45", "lundi 32 décembre 99999",
    "du 3 au 2 mars", "il y a 10 000 ans", "le 1er", "1er janvier 0001", "00/00/0000",
    "<div><p>", "</b></i></div>", "<p><p><p><table><tr><td>", "<!--", "-->", "<script>",
    "</script>", "<![CDATA[", "&#x0;", "&amp;amp;", "&#1114112;", "<a href='javascript:x'>",
    "<html><head><meta charset='utf-16'>", "«\u00a0", "\u00a0»", "TITLE: ", "DATE: 2022-01-05\n",
    "OUTLET:\n\n", "Selon la police, ", "ont été tués à Almaty", "personnes ont été arrêtées",
)

unicode_text = st.text(max_size=300)
adversarial_text = st.lists(
    st.one_of(unicode_text, st.sampled_from(FRAGMENTS)), max_size=25
).map("".join)
any_text = st.one_of(unicode_text, adversarial_text)
nested_html = st.recursive(
    st.one_of(unicode_text, st.sampled_from(FRAGMENTS)),
    lambda inner: st.tuples(
        st.sampled_from(("div", "p", "article", "script", "table", "b", "h1", "title")),
        st.lists(inner, max_size=4), st.booleans(),
    ).map(lambda t: f"<{t[0]}>{''.join(t[1])}" + (f"</{t[0]}>" if t[2] else "")),
    max_leaves=30,
)
file_bytes = st.one_of(
    st.binary(max_size=2000),
    any_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    any_text.map(lambda s: s.encode("utf-16")),
    nested_html.map(lambda s: s.encode("utf-8", "surrogatepass")),
)
SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


# --------------------------------------------------------------------------- properties


def check_read_inputs(data: bytes, suffix: str) -> None:
    """Any file gives Documents with text or Rejected items with a catalogue code."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        items = list(read_inputs([str(path), folder]))  # the file, then its folder again
    assert items, "an input gave neither a document nor a rejection"
    for item in items:
        assert isinstance(item, Document | Rejected)
        if isinstance(item, Rejected):
            assert item.code in CATALOGUE and item.reason
        else:
            assert item.text[item.body_start:].strip()
    if not data.strip():
        assert [type(i) for i in items] == [Rejected]


def check_clean(text: str) -> None:
    """Boilerplate spans are sorted, disjoint and inside the text."""
    doc = clean(Document(id="fuzz", text=text))
    assert doc.text == text
    previous = 0
    for start, end in doc.boilerplate:
        assert previous <= start <= end <= len(text)
        previous = end


def check_quantities(text: str) -> None:
    """Every quantity's offsets point at its own text, and its bounds are ordered."""
    for q in find_quantities(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.start <= q.number_start <= q.number_end <= q.end
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


def check_dates(text: str, published: str | None = None) -> None:
    """Date mentions point at their text; dates are ISO prefixes."""
    mentions, day, _ = resolve_document_dates("fuzz", text, published)
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text) and text[m.start:m.end] == m.text
        if m.date is not None:
            assert len(m.date) in (4, 7, 10) and m.date[:4].isdigit()
    assert day is None or len(day) == 10


def check_analyze(nlp, text: str) -> None:
    """The whole per-document analysis finishes on any text with a non-blank body."""
    result = analyze_document(Document(id="fuzz", text=text), nlp)
    for claim in result.claims:
        assert claim.doc == "fuzz"


# --------------------------------------------------------------------------- tests

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@FAST
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_read_inputs_never_raises(data: bytes, suffix: str) -> None:
    check_read_inputs(data, suffix)


@pytest.mark.parametrize(("data", "suffix", "code"), [
    (b"", ".txt", "empty"),
    (b"   \n\t\n", ".txt", "empty"),
    (b"\x00\x01\x02\x03" * 200, ".txt", "binary"),
    (b"TITLE: seulement un titre\n\n", ".txt", "empty"),
    (b"<html><body><script>x()</script></body></html>", ".html", "no_article"),
    (b'{"text": 3}\n[1, 2]\nnot json\n', ".jsonl", "bad_jsonl"),
])  # fmt: skip
def test_bad_files_are_rejected_with_their_code(
    tmp_path: Path, data: bytes, suffix: str, code: str
) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(data)
    items = list(read_inputs([str(path)]))
    assert items and all(isinstance(i, Rejected) for i in items)
    assert {i.code for i in items} == {code}


@FAST
@given(text=st.one_of(any_text, nested_html))
def test_clean_never_raises(text: str) -> None:
    check_clean(text)


@FAST
@given(text=any_text)
def test_find_quantities_never_raises(text: str) -> None:
    check_quantities(text)


@pytest.mark.parametrize("text", [
    "1 000 000 000 000 000 morts", "1\u202f000\u202f000\u202f000\u202f000\u202f000 blessés",
    "9" * 20_000 + " personnes", ("1 " * 5000) + "morts", "\u202e42\u202c morts\u200b",
    "mille milliards de milliards de personnes", "entre " + "9" * 500 + " et 3 morts",
])  # fmt: skip
def test_enormous_numbers(text: str) -> None:
    check_quantities(text)


@FAST
@given(text=any_text, published=st.one_of(st.none(), st.sampled_from(
    ("2022-01-07", "0001-01-01", "9999-12-31", "2024-02-29"))))
def test_resolve_document_dates_never_raises(text: str, published: str | None) -> None:
    check_dates(text, published)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.one_of(adversarial_text, nested_html).filter(lambda s: s.strip()))
def test_analyze_document_never_raises(nlp, text: str) -> None:
    check_analyze(nlp, text)


def test_five_megabyte_line_in_bounded_time() -> None:
    """A 5 MB dump on one line (no newline, no sentence end) goes through in seconds."""
    unit = "Selon la police, 1 000 000 personnes\u200b ont été évacuées le 7 janvier 2022 ; "
    text = (unit * (5_000_000 // len(unit) + 1))[:5_000_000]
    began = time.monotonic()
    check_clean(text)
    quantities = find_quantities(text)
    mentions, _, _ = resolve_document_dates("big", text, None)
    elapsed = time.monotonic() - began
    assert len(quantities) >= 5_000_000 // len(unit)
    assert mentions
    assert elapsed < 60, f"{elapsed:.1f} s for 5 MB"
