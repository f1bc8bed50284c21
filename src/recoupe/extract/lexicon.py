"""Moved: the word lists that lived here are the French language resource now
(``recoupe/lang/fr/*.toml``, read by :func:`recoupe.lang.load`); the fold is
:func:`recoupe.textfold.word_key`. Kept so that ``lexicon.fold`` still imports."""

from __future__ import annotations

from recoupe.textfold import word_key

fold = word_key

__all__ = ["fold"]
