"""When a figure holds: the date named nearest to it in its sentence, else the article's."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from recoupe.nlp.segment import Sentence
from recoupe.partial_date import iso_bounds
from recoupe.records import DateMention, Period, Quantity


def period_for(q: Quantity, sentence: Sentence, dates: Sequence[DateMention],
               published: str | None) -> Period | None:
    inside = [d for d in dates if sentence.start <= d.start < sentence.end and d.date]
    if inside:
        best = min(inside, key=lambda d: abs(d.start - q.start))
        start, end = iso_bounds(best.date or "")
        if best.relation == "until":
            return Period(None, end, best.text)
        if best.relation == "since":
            return Period(start, None, best.text)
        return Period(start, end, best.text)
    if published:
        return Period(published, published, None, basis="document")
    return None


def dates_by_sentence(dates: Sequence[DateMention], spans: Sequence[tuple[int, int]]
                      ) -> list[list[DateMention]]:
    """The dates that start inside each span, in ``dates``' order: a bisect per sentence
    rather than a scan of every date per figure (issue 19: a dense article has thousands
    of both)."""
    order = sorted(range(len(dates)), key=lambda i: dates[i].start)
    starts = [dates[i].start for i in order]
    return [[dates[i] for i in sorted(order[bisect_left(starts, a) : bisect_left(starts, b)])]
            for a, b in spans]

