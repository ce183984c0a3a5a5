"""Which URLs a catalog may hold and aligntui may open: http(s) with a real host, checked by parsing (pure).

One rule for ``aligntui validate`` and for ``links.is_safe_url``, so a link the
validator accepted is one the app will open, and a catalog that skipped
validation cannot slip anything else through. The URL is split with
``urllib.parse.urlsplit`` and its host is checked as a host name (RFC 1123
labels, IDNA for non-ASCII names), an IPv4 address, or an IPv6 address in
brackets (RFC 3986, section 3.2.2). A user name or password before the host is
refused: ``https://arxiv.org@evil.example`` goes to ``evil.example``.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from aligntui.text.safe import _ALWAYS, character_name, unsafe_characters

__all__ = ["is_web_url", "url_problem"]

_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")
_SPACE = re.compile(r"\s")
# The common case, accepted without parsing (a 100,000-work catalog holds 300,000 URLs): a host name whose
# last label starts with a letter (so it is no IPv4 address), no port, no user, no space or refused character.
_PLAIN = re.compile(
    r"(?i:https?)://(?P<host>(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*"
    r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?)"
    f"(?:[/?#][^\\s{_ALWAYS}\u200b-\u200d\u2060]*)?"
)


# The host part of _PLAIN alone: the path after it is checked with str methods in C when it is plain ASCII.
_PLAIN_HOST = re.compile(_PLAIN.pattern.split("(?:[/?#]", 1)[0])


_PLAIN_HEADS: dict[str, None] = {}
"""``scheme://host`` heads that ``_PLAIN_HOST`` matched whole before a ``/`` (a catalog's URLs share a few hundred)."""
_MAX_HEADS = 4096


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an http(s) URL aligntui accepts (a short phrase), or None when it is."""
    slash = url.find("/", 8)  # after "http://" and one character of a host
    if slash > 0 and url[:slash] in _PLAIN_HEADS:
        # The same head before a "/" matches the same way: only the path is left to check.
        rest = url[slash:]
        if rest.isascii() and rest.isprintable() and " " not in rest:
            return None
    head = _PLAIN_HOST.match(url)
    if head is not None and len(head.group("host")) <= 253:
        # A path of printable ASCII without spaces is one _PLAIN's path class accepts, at a fraction of its cost.
        end = head.end()
        rest = url[end:]
        if not rest or (rest[0] in "/?#" and rest.isascii() and rest.isprintable() and " " not in rest):
            if rest[:1] == "/" and len(_PLAIN_HEADS) < _MAX_HEADS:
                _PLAIN_HEADS[url[:end]] = None
            return None
    plain = _PLAIN.fullmatch(url)
    if plain is not None and len(plain.group("host")) <= 253:
        return None
    return _parsed_problem(url)


def _parsed_problem(url: str) -> str | None:
    """``url_problem`` the long way: split the URL and check each part."""
    if not url:
        return "is empty"
    unsafe = unsafe_characters(url)
    if unsafe:
        return f"holds the control character {unsafe[0][2]}"
    space = _SPACE.search(url)
    if space:
        return f"holds a space or line break ({character_name(space.group())})"
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as error:  # "Invalid IPv6 URL", a port that is not a number or out of range
        return f"cannot be parsed ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return "is not an http or https address"
    if not parts.netloc:
        return "has no host"
    if "@" in parts.netloc:
        return "names a user before the host (user@host)"
    if not port_ok or parts.netloc.endswith(":"):
        return "has an empty or zero port"
    return _host_problem(parts.netloc.rsplit(":", 1)[0] if not parts.netloc.endswith("]") else parts.netloc)


def _host_problem(host: str) -> str | None:
    """Why the host part of a URL (no port) is not a host name or address, or None."""
    if host.startswith("["):
        if not host.endswith("]"):
            return f"has a bad host {host!r}"
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return f"has a bad IPv6 address {host!r}"
        return None
    name = host[:-1] if host.endswith(".") else host
    if not name:
        return "has no host"
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:
            return f"has a host name that is not valid {host!r}"
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"has a host name that is not valid {host!r}"
    if labels[-1].isdigit():
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return f"has a bad IPv4 address {host!r}"
    return None


def is_web_url(url: str) -> bool:
    """True for the http and https URLs ``url_problem`` accepts."""
    return url_problem(url) is None
