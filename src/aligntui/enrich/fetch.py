"""Asking the metadata services politely: a response cache, waits between requests, retries, size limits (core).

One ``Fetcher`` serves a whole run. Before each request it waits the
service's interval (``aligntui.enrich.services``) since the last one; an
answer of 429 or 503 is retried after its ``Retry-After`` (seconds or an HTTP
date), a 5xx or a timeout after a doubling back-off (1, 2, 4... seconds), up to
``retries`` times. A connection that cannot be made at all (no network, no such
host) raises ``Offline`` at once: the run stops with one line. Answers are
read as a stream and refused past ``max_bytes``. Answers of 200 and 404 are
kept in ``<cache dir>/enrich/`` (``aligntui.system.dirs``) under the SHA-256 of
their URL, so a second run asks nothing it asked before (``refresh`` asks
again). ``wait``, ``clock``, ``TIMEOUT`` and ``MAX_BYTES`` are module attributes
so tests can replace them and never sleep.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aligntui import __version__
from aligntui.enrich.services import CROSSREF, Service
from aligntui.system.atomic import write_atomically
from aligntui.system.regularfile import read_regular

if TYPE_CHECKING:
    pass

__all__ = ["Answer", "Fetcher", "Offline", "ServiceFailed", "wait"]

wait = time.sleep
"""How the fetcher waits (seconds); tests replace it so they never sleep."""
clock = time.monotonic
"""The fetcher's clock for the waits between requests (seconds)."""

TIMEOUT = 20.0
"""Seconds to wait for a connection or for the next bytes of an answer."""
MAX_BYTES = 4_000_000
"""The largest answer read, in bytes (an arXiv entry or a Crossref record is a few kB)."""
MAX_WAIT = 300.0
"""A ``Retry-After`` longer than this (seconds) ends the tries instead of waiting."""


class Offline(OSError):
    """No connection could be made to a service (no network, no such host): the run stops."""


class ServiceFailed(Exception):
    """A service gave no usable answer for one request (errors after every retry, a refused answer)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A service's answer: HTTP status, body as text, the URL asked, and whether it came from the cache."""

    status: int
    body: str
    url: str
    cached: bool = False


class Fetcher:
    """Asks the services for a whole run (one httpx client), with the cache, waits and retries above."""

    def __init__(
        self,
        *,
        cache: Path | None,
        refresh: bool = False,
        timeout: float | None = None,
        retries: int = 4,
        max_bytes: int | None = None,
        mailto: str | None = None,
    ) -> None:
        import httpx

        contact = f"; mailto:{mailto}" if mailto else ""
        self.client = httpx.Client(
            timeout=TIMEOUT if timeout is None else timeout,
            follow_redirects=True,
            headers={"User-Agent": f"aligntui/{__version__} (paper list enrichment{contact})"},
        )
        self.cache, self.refresh, self.retries = cache, refresh, retries
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self.last: dict[str, float] = {}
        self.interval: dict[str, float] = {}
        self.asked = 0
        """How many requests went to a service (not counting the cache)."""

    def close(self) -> None:
        """Close the connections."""
        self.client.close()

    def get(self, service: Service, url: str) -> Answer:
        """The answer for ``url`` from the cache or the service; ``Offline`` or ``ServiceFailed`` if none."""
        import httpx

        if not self.refresh and (kept := self._from_cache(url)) is not None:
            return kept
        problem = ""
        for attempt in range(self.retries + 1):
            self._pace(service)
            delay = float(2**attempt)
            try:
                status, headers, body = self._request(url)
            except httpx.TimeoutException:
                problem = "timed out"
            except (httpx.ConnectError, httpx.UnsupportedProtocol) as error:
                host = urlsplit(url).hostname or url
                raise Offline(f"cannot reach {service.label} at {host} ({_reason(error)})") from None
            except httpx.TransportError as error:
                problem = _reason(error)
            else:
                if status in (429, 503):
                    problem = f"HTTP {status}"
                    delay = _retry_after(headers.get("retry-after")) or delay
                    if delay > MAX_WAIT:
                        raise ServiceFailed(f"{service.label} asks to wait {delay:.0f} s; try again later")
                elif status >= 500:
                    problem = f"HTTP {status}"
                else:
                    self._adjust(service, headers)
                    if status in (200, 404):
                        self._store(url, status, body)
                    return Answer(status, body, url)
            if attempt < self.retries:
                wait(delay)
        raise ServiceFailed(f"{service.label}: {problem} after {self.retries + 1} tries")

    def _request(self, url: str) -> tuple[int, Any, str]:
        """One GET, read as a stream up to ``max_bytes``."""
        self.asked += 1
        with self.client.stream("GET", url) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise ServiceFailed(f"{urlsplit(url).hostname}: an answer of {declared} bytes (limit {self.max_bytes})")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise ServiceFailed(f"{urlsplit(url).hostname}: an answer over {self.max_bytes} bytes")
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks).decode("utf-8", "replace")

    def _pace(self, service: Service) -> None:
        """Wait until the service's interval has passed since its last request."""
        interval = self.interval.get(service.name, service.interval)
        last = self.last.get(service.name)
        if last is not None and (left := interval - (clock() - last)) > 0:
            wait(left)
        self.last[service.name] = clock()

    def _adjust(self, service: Service, headers: Any) -> None:
        """Slow down to what Crossref's ``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval`` headers allow."""
        if service is not CROSSREF:
            return
        limit, interval = headers.get("x-rate-limit-limit", ""), headers.get("x-rate-limit-interval", "")
        if limit.isdigit() and int(limit) > 0 and interval.rstrip("s").isdigit():
            spacing = int(interval.rstrip("s")) / int(limit)
            self.interval[service.name] = max(service.interval, min(spacing, MAX_WAIT))

    def _path(self, url: str) -> Path | None:
        return self.cache / f"{hashlib.sha256(url.encode()).hexdigest()}.json" if self.cache else None

    def _from_cache(self, url: str) -> Answer | None:
        path = self._path(url)
        if path is None:
            return None
        try:
            kept = json.loads(read_regular(path, self.max_bytes * 2))
        except (OSError, ValueError):
            return None
        if not isinstance(kept, dict) or kept.get("url") != url or not isinstance(kept.get("body"), str):
            return None
        status = kept.get("status")
        return Answer(status, kept["body"], url, cached=True) if status in (200, 404) else None

    def _store(self, url: str, status: int, body: str) -> None:
        path = self._path(url)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, json.dumps({"url": url, "status": status, "body": body}), sync=False)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number of seconds or an HTTP date (RFC 9110, section 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _reason(error: Exception) -> str:
    """An httpx error as a few words on one line."""
    text = " ".join(str(error).split())[:120]
    return text or type(error).__name__
