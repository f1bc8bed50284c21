"""The timeline: dated happenings, merged across documents by date."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from recoupe.nlp.segment import split_sentences
from recoupe.records import DateMention, Document, MentionRef, TimelineEntry

_SUMMARY_WORDS = 14
_BASIS_RANK = {"absolute": 0, "partial": 1, "weekday": 2, "relative": 3}


def _sentence_around(text: str, start: int, end: int,
                     lines: dict[tuple[int, int], list[tuple[int, int]]] | None = None) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    # ``lines``: the document's lines already split, so a long paragraph is split once,
    # not once per date it holds (issue 19).
    lines = {} if lines is None else lines
    if (line_start, line_end) not in lines:
        lines[(line_start, line_end)] = split_sentences(text, line_start, line_end)
    for s, e in lines[(line_start, line_end)]:
        if s <= start < e:
            return text[s:e]
    return text[line_start:line_end]


def summarise(sentence: str, date_text: str) -> str:
    """A short phrase for what happened: the sentence without its date words, cut short."""
    rest = sentence.replace(date_text, " ")
    rest = re.sub(r"\s+", " ", rest).strip(" ,.;:-–—•«»\"“”")
    words = rest.split()
    summary = " ".join(words[:_SUMMARY_WORDS])
    return summary + ("…" if len(words) > _SUMMARY_WORDS else "")


def build_timeline(
    documents: Sequence[Document], dates: Sequence[DateMention],
    text_of: Callable[[str], str] | None = None,
) -> list[TimelineEntry]:
    """One entry per calendar date any document mentions, with every mention of it.

    ``text_of`` gives a document's text by id when ``documents`` come without theirs
    (read from the store, one text per entry's summary instead of every text at once).
    """
    ids = {d.id for d in documents}
    if text_of is None:
        texts = {d.id: d.text for d in documents}
        text_of = texts.__getitem__
    by_date: dict[tuple[str, str], list[DateMention]] = defaultdict(list)
    for m in dates:
        if m.date and m.precision and m.doc in ids:
            by_date[(m.date, m.precision)].append(m)
    entries = []
    split_lines: dict[str, dict[tuple[int, int], list[tuple[int, int]]]] = defaultdict(dict)
    for (date, precision), mentions in sorted(by_date.items()):
        mentions.sort(key=lambda m: (m.doc, m.start))
        # A date written in full names the happening better than "vendredi" or "hier".
        first = min(mentions, key=lambda m: (_BASIS_RANK.get(m.basis, 9), m.doc, m.start))
        sentence = _sentence_around(text_of(first.doc), first.start, first.end,
                                    split_lines[first.doc])
        entries.append(TimelineEntry(
            date=date, precision=precision, summary=summarise(sentence, first.text),
            mentions=tuple(MentionRef(m.doc, (m.start, m.end), m.text) for m in mentions),
        ))
    return entries
