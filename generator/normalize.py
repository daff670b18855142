"""Text normalization: clean display text, and the title key that decides which records are one paper."""

from __future__ import annotations

import hashlib
import re
import unicodedata

WHITESPACE = re.compile(r"\s+")
# Control characters (except tab/newline, which become spaces) never belong in a title or abstract.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
NOT_WORD = re.compile(r"[\W_]+")
SURROGATE = re.compile("[\ud800-\udfff]")  # not characters: a lone one cannot be written as UTF-8


def clean_text(text: str) -> str:
    """Display text: NFC, no control or bidi-override characters, lone surrogates as U+FFFD, whitespace
    collapsed to single spaces."""
    if text.isprintable():  # no control, format, surrogate or separator character but the ASCII space
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        if "  " in text:
            text = WHITESPACE.sub(" ", text)
        return text.strip(" ")  # the common case: checked in C, without three regular expressions
    text = unicodedata.normalize("NFC", SURROGATE.sub("\ufffd", text))
    text = CONTROL.sub("", text)
    return WHITESPACE.sub(" ", text).strip()


def title_key(title: str) -> str:
    """The key two titles share when they name the same work.

    Folds case, compatibility forms (full-width letters, ligatures), accents, punctuation and spacing:
    "A Markov  Categorical Framework" and "a markov categorical framework." give the same key.
    """
    if title.isascii():  # nothing to decompose or strip of accents
        return NOT_WORD.sub(" ", title.casefold()).strip()
    text = unicodedata.normalize("NFKD", title)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold()
    return NOT_WORD.sub(" ", text).strip()


def short_hash(text: str, length: int = 10) -> str:
    """A short, stable hex digest: the same text gives the same id on every machine and run."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
