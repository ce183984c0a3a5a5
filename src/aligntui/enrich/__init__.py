"""Completing a catalog's works from public metadata services: arXiv's API, Crossref and DBLP.

``services`` names the endpoints and their published rate limits, ``fetch`` asks
them (httpx, a response cache, waits, retries, size limits), ``records`` reads
their answers into plain records (pure), ``fill`` decides which fields a work
gains and from which record (pure), and ``tomledit`` writes those fields into
the catalog's TOML text work by work, keeping its comments and layout (pure).
Everything a service sends is untrusted text: it is cleaned by the rules of
``aligntui.text.safe`` and checked by the catalog's own validation before it
is written.

Core (no Textual). May import catalog, system and text; never paperlist,
personal, browse, search, cite, cli or tui.
"""
