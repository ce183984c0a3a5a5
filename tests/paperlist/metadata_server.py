"""A local stand-in for arXiv's API, Crossref and DBLP on 127.0.0.1, answering in each one's documented format.

``MetadataServer`` runs a threading ``http.server`` in the test's process. It
knows the records put in ``arxiv``, ``crossref`` and ``dblp`` (synthetic, made
by the tests) and answers ``/arxiv/api/query?id_list=ID`` with an Atom feed,
``/crossref/works/DOI`` with Crossref's JSON (404 when unknown) and
``/dblp/search/publ/api?q=TITLE&format=json`` with DBLP's hits. ``misbehave``
queues odd answers for a key (an id, DOI or title): ``429`` (Retry-After: 7),
``503-date`` (Retry-After as an HTTP date), ``500``, ``hang`` (no answer until
the server stops: a timeout), ``huge``, ``garbage`` and ``dtd``.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape


@dataclass
class ArxivEntry:
    title: str
    authors: list[str]
    published: str = "2023-05-01T00:00:00Z"
    summary: str = "An abstract."
    doi: str | None = None
    journal_ref: str | None = None


def atom_feed(entries: dict[str, ArxivEntry]) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">',
        f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>",
    ]
    for arxiv_id, entry in entries.items():
        parts.append("<entry>")
        parts.append(f"<id>http://arxiv.org/abs/{arxiv_id}v1</id>")
        parts.append(f"<published>{entry.published}</published>")
        parts.append(f"<title>{escape(entry.title)}</title>")
        parts.append(f"<summary>{escape(entry.summary)}</summary>")
        parts += [f"<author><name>{escape(name)}</name></author>" for name in entry.authors]
        if entry.doi:
            parts.append(f"<arxiv:doi>{escape(entry.doi)}</arxiv:doi>")
        if entry.journal_ref:
            parts.append(f"<arxiv:journal_ref>{escape(entry.journal_ref)}</arxiv:journal_ref>")
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts)


@dataclass
class MetadataServer:
    arxiv: dict[str, ArxivEntry] = field(default_factory=dict)
    crossref: dict[str, dict[str, Any]] = field(default_factory=dict)
    dblp: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    odd: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    requests: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    raw: dict[str, str] = field(default_factory=dict)
    """Bodies sent as they are for a key (hostile or malformed answers)."""

    def misbehave(self, key: str, *answers: str) -> None:
        self.odd[key].extend(answers)

    def start(self) -> str:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/arxiv/api/query":
                    key = query.get("id_list", "")
                    known = {key: server.arxiv[key]} if key in server.arxiv else {}
                    self.answer(key, 200, atom_feed(known), "application/atom+xml")
                elif parts.path.startswith("/crossref/works/"):
                    doi = unquote(parts.path.removeprefix("/crossref/works/"))
                    record = server.crossref.get(doi)
                    body = {"status": "ok", "message-type": "work", "message": record}
                    self.answer(doi, 200 if record else 404, json.dumps(body) if record else "Resource not found.")
                elif parts.path == "/dblp/search/publ/api":
                    title = query.get("q", "")
                    hits = server.dblp.get(title, [])
                    body = {"result": {"hits": {"@total": str(len(hits)), "hit": [{"info": h} for h in hits]}}}
                    self.answer(title, 200, json.dumps(body))
                else:
                    self.answer("", 404, "no such service")

            def answer(self, key: str, status: int, body: str, kind: str = "application/json") -> None:
                odd = server.odd.get(key)
                if odd:
                    how = odd.pop(0)
                    if how == "hang":
                        server.release.wait(30)
                        return
                    if how in ("429", "503-date", "500"):
                        self.send_response(int(how[:3]))
                        if how == "429":
                            self.send_header("Retry-After", "7")
                        if how == "503-date":
                            self.send_header("Retry-After", formatdate(usegmt=True))
                        self.end_headers()
                        return
                    if how == "huge":
                        body = "x" * 50_000
                    if how == "garbage":
                        body = "<html>\x1b[2J not what you asked for"
                    if how == "dtd":
                        body = '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">]><feed>&a;</feed>'
                body = server.raw.get(key, body)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                if "crossref" in self.path:
                    self.send_header("X-Rate-Limit-Limit", "5")
                    self.send_header("X-Rate-Limit-Interval", "1s")
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def dblp_hit(title: str, authors: list[str], venue: str, year: int, kind: str = "Conference and Workshop Papers",
             **more: Any) -> dict[str, Any]:  # fmt: skip
    """A DBLP search hit's ``info`` as the search API writes it (one author is an object, several a list)."""
    people = [{"@pid": f"00/{n}", "text": name} for n, name in enumerate(authors)]
    return {
        "authors": {"author": people[0] if len(people) == 1 else people},
        "title": title + ".",
        "venue": venue,
        "year": str(year),
        "type": kind,
        "key": "conf/x/" + title[:8].replace(" ", ""),
        "url": "https://dblp.org/rec/conf/x/" + "".join(c for c in title if c.isalnum())[:12],
        **more,
    }
