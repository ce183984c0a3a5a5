"""The links of a paper list's entry: label or title, web address or a file beside the list, arXiv id (pure).

A link's text is a label when its words are link words (``[Paper]``, ``[code]``,
``PDF v2``), else a title. A target is a web address when it starts with
``http(s)://``, or is a bare host with a common web ending (``arxiv.org/abs/..``);
any other path without a scheme (``pruning.md``, ``slides/a.pdf``) is a file
beside the list, resolved against the list's own URL when that is known and
never opened as a web address (``pruning.md`` is a real domain).
"""

from __future__ import annotations

import re

__all__ = ["LABEL_WORDS", "TAG", "arxiv_id", "is_label", "label_of", "relative_link", "web_address"]

LABEL_WORDS = frozenset(
    {
     "paper", "papers", "pdf", "arxiv", "abs", "abstract", "code", "github", "gitlab", "project", "page", "homepage",
     "website", "site", "web", "url", "link", "data", "dataset", "datasets", "blog", "post", "checkpoint",
     "checkpoints", "model", "models", "weights", "demo", "slides", "video", "talk", "poster", "leaderboard",
     "openreview", "acl", "anthology", "doi", "bib", "bibtex", "tweet", "thread", "huggingface", "hf", "colab",
     "notebook", "repo", "repository", "official", "implementation", "source", "supplementary", "appendix",
    }
)  # fmt: skip
"""Words that make a link's text a link label (``[Paper]``, ``[code]``) rather than a title."""

_ARXIV_URL = re.compile(r"(?i:arxiv\.org)/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})")
_LABEL_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
TAG = re.compile(r"^\s*\[([^\[\]]{1,40})\]\s*(.*)$", re.S)
"""A bracketed tag and what follows it: ``[ICLR 2023] Title``."""


def label_of(text: str) -> str:
    """A link label without brackets, emoji and edge punctuation (``[📄 Paper]`` is ``Paper``); ``Link`` if empty."""
    label = _LABEL_EDGE.sub("", " ".join(text.split()))
    return label or "Link"


def is_label(text: str) -> bool:
    """Whether a link's text is a label (``[Paper]``, ``code``, ``PDF``) rather than a title."""
    stripped = text.strip()
    if not stripped:
        return True
    if stripped.startswith("["):
        tag = TAG.match(stripped)
        return not (tag and tag.group(2).strip() and not is_label(tag.group(2)))  # [ICLR 2023] Title is a title
    words = label_of(stripped).lower().split()
    return bool(words) and all(w in LABEL_WORDS or re.match(r"^(v\d+|\d+|[ivx]+)$", w) for w in words)


def web_address(href: str) -> str | None:
    """An http(s) URL from a link target; a bare ``arxiv.org/abs/..`` gets ``https://``; None for anything else."""
    href = href.strip()
    if re.match(r"^https?://[^\s/]+", href, re.I):
        return href
    host = re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.([a-z]{2,})(/|$)", href, re.I)
    if host and (host.group(1) or host.group(3).lower() in _WEB_ENDINGS):
        return "https://" + href
    return None


_WEB_ENDINGS = frozenset({"com", "org", "net", "io", "ai", "edu", "gov", "dev", "app", "co", "uk", "cn", "de", "jp"})
"""The endings of a host name written without ``https://`` that make it one (``arxiv.org/abs/..``); anything else
(``pruning.md``, ``paper.pdf``) is a file beside the list, however much its ending looks like a country's domain."""


def relative_link(href: str) -> bool:
    """Whether a link target is a path beside the list (``slides/a.pdf``, ``./b.md``, ``#notes``), not a web address."""
    href = href.strip()
    return (
        bool(href)
        and " " not in href
        and not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I)
        and (web_address(href) is None)
    )


def arxiv_id(url: str) -> str | None:
    """The arXiv id (no version) a URL points to, or None: ``arxiv.org/pdf/2110.08207v2.pdf`` gives ``2110.08207``."""
    match = _ARXIV_URL.search(url)
    return match.group(1) if match else None
