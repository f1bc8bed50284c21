"""The fast paths of the per-document preparation give what the plain ones give (issue 7).

Dates are searched only near the words their patterns cannot do without, and a few
searches read a bounded stretch of text; these tests compare each shortcut with the
plain computation it replaces, on sentences written for them.
"""

from __future__ import annotations

import random
import re
import sys

import pytest

from recoupe.link import dates
from recoupe.link.dates import _PATTERNS, find_dates
from recoupe.nlp import segment

PHRASES = [
    "le 7 janvier 2022", "vendredi 7 janvier 2022", "Vendredi", "vendredi", "il y a un an",
    "il y a trois jours", "cela fait exactement cinquante ans", "dans deux semaines",
    "début janvier", "mi-janvier", "à la mi-février", "7/01/2022", "07.01.2022", "2022-01-07",
    "en janvier 2022", "JANVIER 2022", "en 1998-1999", "entre 2010 et 2015", "du 2 au 5 janvier",
    "dans la nuit du mercredi 5 au jeudi 6 janvier 2022", "avant-hier", "après-demain",
    "hier soir", "aujourd'hui", "aujourd’hui", "cet après-midi", "la veille au soir",
    "le surlendemain", "l'avant-veille", "l’an dernier", "la nouvelle année", "le nouvel an",
    "cette semaine", "ce mois-ci", "mardi prochain", "dans l'après-midi du mercredi 5 janvier",
    "jusqu'au 19 janvier", "d'ici le 20 janvier", "au plus tard le 15 févr. 2022",
    "les émeutes de janvier", "en mai", "place de Mai", "de 2000 morts", "2 000 personnes",
    "x2022", "12022", "le 5 janv. 2022", "le 1er décembre", "en l'an 2000", "à l'automne 2021",
    "dans la journée de samedi", "tôt dimanche matin", "le\u00a07\u00a0janvier\u00a02022",
    "le\u202f8 janvier", "le    7     janvier", "dans   la   nuit   du   5   au   6   janvier",
    "il  y  a  deux  ans", "ſeptembre 2021", "le 3 SEPTEMBRE", "mercredİ 5 janvier",
    "dımanche", "vendredi,  7 janvier", "1er/02/2022", "٢٠٢٢-٠١-٠٧", "le ٧ janvier ٢٠٢٢",
    "maison", "demain", "les jours passent", "des mois durant", "Ans", "Lemarché 2022",
]
FILLERS = [
    "Les manifestants", "a déclaré", "selon la police", ",", ".", " ", "\n", "«", "»", "(",
    ")", "-", "–", "’", "'", "mai", "décision", "décès", "surveiller", "grand", "au",
    "du", "le", "la", "de", "en", "entre", "depuis", "jusqu'à", "d'ici", "2", "000", "x",
]


def _plain(text: str, start: int, end: int) -> list[tuple[int, str, tuple[int, int]]]:
    """Every pattern's matches as finditer gives them over the whole window."""
    return [(priority, kind, m.span()) for priority, (kind, pattern) in enumerate(_PATTERNS)
            for m in pattern.finditer(text, start, end)]


def _fast(text: str, start: int, end: int) -> list[tuple[int, str, tuple[int, int]]]:
    return [(p, kind, m.span()) for p, kind, m in dates._pattern_matches(text, start, end)]


def _texts(n: int) -> list[str]:
    rng = random.Random(7)
    out = []
    for _ in range(n):
        pieces = [rng.choice(PHRASES if rng.random() < 0.4 else FILLERS)
                  for _ in range(rng.randint(1, 30))]
        out.append(rng.choice(["", " ", "\n"]).join(pieces))
    return out


@pytest.mark.parametrize("text", PHRASES + _texts(400))
def test_anchored_search_finds_what_finditer_finds(text: str) -> None:
    assert sorted(_fast(text, 0, len(text))) == sorted(_plain(text, 0, len(text)))


def test_anchored_search_inside_windows() -> None:
    for text in _texts(150):
        for start, end in ((len(text) // 3, len(text)), (1, max(1, len(text) - 2))):
            assert sorted(_fast(text, start, end)) == sorted(_plain(text, start, end)), text


def test_find_dates_across_space_runs_and_capitals() -> None:
    text = "Le   mercredi   5   janvier 2022, puis le   SAMEDI  8 JANVIER, et grandla veille."
    assert [m.text for m in find_dates("d", text)] == [
        "Le   mercredi   5   janvier 2022", "le   SAMEDI  8 JANVIER"]


def _width(source: str) -> int:
    """The widest text a regex can match, each run of spaces counted as one character."""
    parser = pytest.importorskip("re._parser")  # private, but only a test reads it
    return parser.parse(source.replace(dates._S, " "), re.IGNORECASE).getwidth()[1]


def test_reach_covers_the_words_before_each_anchor() -> None:
    """_REACH must be at least the widest text a pattern can have before its anchor."""
    s, wd, day, month = dates._S, dates._WD, dates._DAY, dates._MONTH
    before = {
        "range": rf"(?:dans{s}la{s}nuit{s}du|la{s}nuit{s}du|entre{s}le|du|entre){s}"
                 rf"(?:{wd}{s})?{day}(?:{s}{month}(?:{s}{dates._YEAR})?)?{s}"
                 rf"(?:au|et{s}le|et){s}(?:{wd}{s})?{day}{s}",
        "iso": "",
        "numeric": rf"(?:{dates._PREP_DAY}{s})?(?:{wd}{s})?\d{{1,2}}[/.]\d{{1,2}}[/.]",
        "full": rf"(?:{dates._PREP_DAY}{s})?(?:{wd}(?:{s}{dates._PART})?,?{s})?{day}{s}",
        "month_year": rf"(?:{dates._PREP_MONTH}{dates._SEP})?",
        "month": rf"(?:{dates._PREP_MONTH}{dates._SEP})?",
        "year": rf"{dates._PREP_YEAR}{dates._SEP}",
        "relative": rf"(?:il{s}y{s}a|cela{s}fait|ça{s}fait|voilà|voici){s}"
                    rf"(?:(?:près|plus|moins){s}d{dates._A}|(?:environ|presque|exactement|"
                    rf"déjà|tout{s}juste|juste){s})?{dates._NUM}{s}",
        "weekday": rf"(?:{dates._PREP_WD}{s})?",
    }
    for kind, source in before.items():
        assert dates._REACH[kind] >= _width(source), kind
    # The fixed relative phrases: "la nouvelle année" puts its anchor 12 characters in.
    assert dates._REACH["relative"] >= len("la nouvelle ")


def test_fold_reads_every_letter_the_patterns_read() -> None:
    """Wherever IGNORECASE matches an anchor's letter, the folded text has that letter."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    letters = {c for stems in dates._ANCHOR_STEMS.values() for stem in stems for c in stem}
    for letter in letters:
        for m in re.finditer(re.escape(letter), every, re.IGNORECASE):
            assert dates._fold(m.group()) == letter, (letter, hex(ord(m.group())))
    assert len(dates._fold(every)) == len(every)


@pytest.mark.parametrize("line", [
    "Il a dit " + "a" * 200 + ". Puis il est parti.",
    "Selon M. Dupont, le bilan est de 3.5 %. Le J.-C. est cité. " * 20,
    "x" * 70 + "-" + "y" * 70 + ". Suite.",
    "Le col. " + "b." * 60 + " Fin.",
])
def test_word_before_period_reads_as_a_whole_search(line: str) -> None:
    for m in re.finditer(r"\.", line):
        whole = re.search(r"([\w.-]+)\.$", line[: m.start() + 1])
        expected = whole.group(1) if whole else None
        assert segment._word_before_period(line, 0, m.start()) == expected


def test_anchored_search_on_the_corpus(corpus_dir) -> None:
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in ((0, len(text)), (len(text) // 3, len(text) // 2)):
            assert sorted(_fast(text, start, end)) == sorted(_plain(text, start, end)), path.name
