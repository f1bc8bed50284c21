"""The settings table validates what it is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.settings import DEFAULT, Settings


def test_defaults_are_documented() -> None:
    rows = Settings.describe()
    assert {name for name, _, _ in rows} == set(DEFAULT.__dataclass_fields__)
    assert all(doc for _, _, doc in rows)


@pytest.mark.parametrize(
    "kwargs,error",
    [({"max_bytes": "big"}, TypeError), ({"max_bytes": 0}, ValueError),
     ({"url_timeout": -1.0}, ValueError), ({"model_fr": 3}, TypeError),
     ({"workers": True}, TypeError), ({"default_language": "xx"}, ValueError)],
)
def test_bad_values_are_refused(kwargs: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        Settings(**kwargs)


def test_an_int_is_a_valid_float_setting() -> None:
    assert Settings(url_timeout=5).url_timeout == 5


def test_sources_override_in_order(tmp_path: Path) -> None:
    from recoupe.settings import load_settings

    (tmp_path / "recoupe.toml").write_text("workers = 2\nbatch_size = 64\n", encoding="utf-8")
    loaded = load_settings(environ={"RECOUPE_WORKERS": "3"}, cwd=tmp_path,
                           overrides={"batch_size": None, "report_texts_up_to": 10})
    assert (loaded.workers, loaded.batch_size, loaded.report_texts_up_to) == (3, 64, 10)
    assert load_settings(environ={}, cwd=tmp_path / "elsewhere") == DEFAULT


@pytest.mark.parametrize(("text", "words"), [
    ("workers = 0\n", "workers"),
    ("wrokers = 2\n", "wrokers"),
    ("workers = \n", "TOML"),
    ('model_fr = ""\n', "model_fr"),
])
def test_a_bad_file_names_the_setting(tmp_path: Path, text: str, words: str) -> None:
    from recoupe.errors import RecoupeError
    from recoupe.settings import load_settings

    config = tmp_path / "recoupe.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(RecoupeError) as caught:
        load_settings(config, environ={})
    assert caught.value.code == "bad_setting" and words in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_bad_environment_value_names_the_variable_setting() -> None:
    from recoupe.errors import RecoupeError
    from recoupe.settings import load_settings

    with pytest.raises(RecoupeError, match="batch_size"):
        load_settings(environ={"RECOUPE_BATCH_SIZE": "many"}, cwd=Path("/nonexistent"))


def test_a_missing_config_file_is_an_error(tmp_path: Path) -> None:
    from recoupe.errors import RecoupeError
    from recoupe.settings import load_settings

    with pytest.raises(RecoupeError, match="nope.toml"):
        load_settings(tmp_path / "nope.toml", environ={})
