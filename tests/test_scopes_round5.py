"""Scopes of repeated figures (round 5): the place an article writes for a figure wins over
the article's default place, narrower or wider. Claims built by hand on invented figures."""

from __future__ import annotations

from test_grouping import DERNA, LIBYA, figure, grouped


def test_a_repeated_figure_written_for_the_country_leaves_the_articles_city() -> None:
    """An article about Derna writes '4 210 morts en Libye', then 'sur les 4 210 morts,
    3 900 à Derna' (the 4 210 left to the article's place, Derna): one national figure,
    not compared with another article's Derna toll."""
    result = grouped([figure("nat", "a", 4210, LIBYA),
                      figure("again", "a", 4210, DERNA, basis="document"),
                      figure("city", "b", 3900, DERNA)])
    assert set(result) == {("again", "nat"), ("city",)}
    assert result[("again", "nat")].place == "Libye"


def test_a_default_place_alone_is_kept() -> None:
    """With no place written for the figure, the article's place stays."""
    result = grouped([figure("one", "a", 4210, DERNA, basis="document"),
                      figure("two", "a", 4210, DERNA, basis="document")])
    assert set(result) == {("one", "two")}
