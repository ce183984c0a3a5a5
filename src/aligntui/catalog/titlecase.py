"""Which words of a title keep their capitals, and the sentence case built on that (pure).

Sentence-case styles (BibTeX's plain, plainnat and IEEEtran; APA and IEEE
references) lower-case a title's words. A word keeps its capitals when it is
written with an inner capital or with capitals and digits (ChatGPT, GLM, T5,
130B), when it is part of a phrase the work lists in ``keep_case`` (proper
nouns: Chinese, Schwartz, World Values Survey), when it is "I", or when it
starts a sentence after a colon, question mark, exclamation mark or a dash standing alone. A
hyphenated compound is judged part by part: "Zero-Shot" loses its capitals,
"GLM-130B" keeps both parts, "LLM-as-a-judge" keeps "LLM" only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["Part", "Token", "keep_case_problems", "sentence_case", "title_tokens"]


class Part(NamedTuple):
    """One part of a word (a hyphenated compound has several) and whether its case must be kept."""

    text: str
    keep: bool


class Token(NamedTuple):
    """A whitespace-separated piece of a title: leading punctuation, the word's parts, trailing punctuation."""

    lead: str
    parts: tuple[Part, ...]
    trail: str


_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_SENTENCE_END = (":", "?", "!")


def _shape_needs_keeping(part: str) -> bool:
    """An inner capital (ChatGPT, LLaMA, Q&A) or capitals with digits (T5, 130B), or the pronoun I."""
    has_upper = any(c.isupper() for c in part)
    if part == "I" or part.startswith(("I'", "I\u2019")):
        return True
    return any(c.isupper() for c in part[1:]) or (has_upper and any(c.isdigit() for c in part))


def _phrase_spans(title: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """Where the listed phrases occur in the title as whole words (case-sensitive), longest first."""
    spans: list[tuple[int, int]] = []
    for phrase in sorted({" ".join(p.split()) for p in phrases if p.strip()}, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", title):
            spans.append(match.span())
    return spans


def _normal(title: str) -> str:
    return unicodedata.normalize("NFC", " ".join(title.split()))


def title_tokens(title: str, keep_case: Sequence[str] = ()) -> list[Token]:
    """The title's tokens with each part marked keep or not; whitespace collapsed, text in NFC."""
    text = _normal(title)
    spans = _phrase_spans(text, [_normal(p) for p in keep_case])
    tokens: list[Token] = []
    position = 0
    sentence_start = False
    for raw in text.split(" ") if text else []:
        match = _WORD.match(raw)
        assert match is not None  # the pattern matches every string
        lead, word, trail = match.groups()
        start = position + len(lead)
        parts: list[Part] = []
        for n, piece in enumerate(word.split("-") if word else []):
            end = start + len(piece)
            listed = any(a < end and start < b for a, b in spans)
            opens = sentence_start and n == 0 and piece[:1].isupper()
            parts.append(Part(piece, bool(piece) and (listed or opens or _shape_needs_keeping(piece))))
            start = end + 1
        tokens.append(Token(lead, tuple(parts), trail))
        position += len(raw) + 1
        # A dash standing alone ("Values – A Survey") opens a subtitle as a colon does.
        marks = _SENTENCE_END if word else (*_SENTENCE_END, "-", "\u2013", "\u2014")
        punctuation = trail if word else lead
        sentence_start = any(mark in punctuation for mark in marks) or (sentence_start and not word)
    return tokens


def sentence_case(title: str, keep_case: Sequence[str] = ()) -> str:
    """The title in sentence case: the first word and every kept part as written, the rest lower-cased."""
    out: list[str] = []
    for index, token in enumerate(title_tokens(title, keep_case)):
        parts = [
            part.text if part.keep or (index == 0 and n == 0) else part.text.lower()
            for n, part in enumerate(token.parts)
        ]
        out.append(token.lead + "-".join(parts) + token.trail)
    return " ".join(out)


def keep_case_problems(title: str, keep_case: Sequence[str]) -> list[str]:
    """Each listed phrase that does not occur in the title as whole words, as a message."""
    text = _normal(title)
    return [
        f"keep_case entry {phrase!r} does not occur in the title as whole words"
        for phrase in keep_case
        if not _phrase_spans(text, [_normal(phrase)])
    ]
