"""The settings table validates what it is given."""

from __future__ import annotations

import pytest

from recoupe.settings import DEFAULT, Settings


def test_defaults_are_documented() -> None:
    rows = Settings.describe()
    assert {name for name, _, _ in rows} == set(DEFAULT.__dataclass_fields__)
    assert all(doc for _, _, doc in rows)


@pytest.mark.parametrize(
    "kwargs,error",
    [({"max_bytes": "big"}, TypeError), ({"max_bytes": 0}, ValueError),
     ({"url_timeout": -1.0}, ValueError), ({"spacy_model": 3}, TypeError)],
)
def test_bad_values_are_refused(kwargs: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        Settings(**kwargs)


def test_an_int_is_a_valid_float_setting() -> None:
    assert Settings(url_timeout=5).url_timeout == 5
