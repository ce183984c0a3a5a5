"""Write the hostile catalog corpus of tests/test_hostile_catalogs.py: python tests/data/hostile/make_corpus.py.

Each file is BASE, a valid catalog of 17 lines, with one line changed or a
few lines added, so the line a problem is on can be read off this script.
The .toml files are the test data; this script only says how they were made.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).parent

BASE = """schema_version = 1

[survey]
title = "A Survey"

[[sections]]
id = "s1"
title = "Section One"
works = ["w1"]

[[works]]
id = "w1"
title = "A Work"
authors = ["Ada Lovelace"]
year = 2020
source = "https://example.org/w1"
links = [{ label = "Paper", url = "https://example.org/w1.pdf" }]
"""
LINES = BASE.split("\n")


def line(n: int, new: str) -> str:
    """BASE with line n (from 1) replaced by new (which may hold several lines or none)."""
    lines = LINES[:]
    lines[n - 1] = new
    return "\n".join(lines)


def add(text: str) -> str:
    return BASE + text


W2 = """
[[works]]
id = "{id}"
title = "Another Work"
source = "https://example.org/w2"
"""

CASES: dict[str, str | bytes] = {
    "empty": "",
    "only_comment": "# a catalog with nothing in it\n",
    "syntax_unclosed_string": line(13, 'title = "A Work'),
    "syntax_bad_header": line(11, "[[works]"),
    "syntax_duplicate_key": line(14, 'title = "Again"'),
    "syntax_bare_word": line(15, "year = twenty"),
    "invalid_utf8": BASE.replace('title = "A Work"', 'title = "A W\udcffork"').encode("utf-8", "surrogateescape"),
    "crlf_line_endings": BASE.replace("\n", "\r\n"),
    "byte_order_mark": "\ufeff" + BASE,
    "no_survey": line(3, "").replace('title = "A Survey"\n', "", 1),
    "survey_not_a_table": line(3, 'survey = "A Survey"').replace('title = "A Survey"\n', "", 1),
    "wrong_schema_version": line(1, "schema_version = 2"),
    "schema_version_string": line(1, 'schema_version = "1"'),
    "unknown_key": line(15, 'venu = "ICLR 2022"'),
    "year_as_string": line(15, 'year = "2020"'),
    "year_as_bool": line(15, "year = true"),
    "year_implausible": line(15, "year = 20200"),
    "authors_not_a_list": line(14, 'authors = "Ada Lovelace"'),
    "author_empty": line(14, 'authors = ["Ada Lovelace", ""]'),
    "missing_title": line(13, ""),
    "missing_source": line(16, ""),
    "missing_section_id": line(7, ""),
    "duplicate_work_id": add(W2.format(id="w1")),
    "work_ids_differ_in_case": add(W2.format(id="W1")),
    "duplicate_section_id": add('\n[[sections]]\nid = "s1"\ntitle = "Again"\n'),
    "dangling_work": line(9, 'works = ["w1", "w9"]'),
    "dangling_parent": line(8, 'title = "Section One"\nparent = "nope"'),
    "work_in_no_section": add(W2.format(id="w2")),
    "section_id_with_space": line(7, 'id = "s1 [a]"'),
    "section_id_cyrillic": line(7, 'id = "s\u04301"'),
    "work_id_with_slash": line(12, 'id = "w1/x"'),
    "works_are_integers": 'schema_version = 1\nworks = [1, 2]\n[survey]\ntitle = "A Survey"\n',
    "sections_a_string": 'schema_version = 1\nsections = "s1"\n[survey]\ntitle = "A Survey"\n',
    "link_bad_shape": line(17, 'links = [{ label = "Paper" }]'),
    "work_type_unknown": line(15, 'year = 2020\ntype = "podcast"'),
    "arxiv_bad": line(15, 'year = 2020\narxiv = "arXiv:2001"'),
    "doi_bad": line(15, 'year = 2020\ndoi = "doi.org/10.1/x"'),
    "url_javascript": line(16, 'source = "javascript:alert(1)"'),
    "url_file": line(17, 'links = [{ label = "Paper", url = "file:///etc/passwd" }]'),
    "url_space_in_host": line(16, 'source = "https://exa mple.org/w1"'),
    "url_newline": line(16, 'source = "https://example.org/w1\\nx"'),
    "url_ipv6_unclosed": line(16, 'source = "https://[::1"'),
    "url_user_before_host": line(16, 'source = "https://example.org@evil.example/"'),
    "url_escape_in_link": line(17, 'links = [{ label = "Paper", url = "https://example.org/\\u001b]8;;x" }]'),
    "title_osc52_clipboard": line(13, 'title = "A Work\\u001b]52;c;aGk=\\u0007"'),
    "title_clear_screen": line(13, 'title = "\\u001B[2JA Work"'),
    "title_nul": line(13, 'title = "A\\u0000Work"'),
    "title_del": line(13, 'title = "A Work\\u007f"'),
    "title_c1_csi": line(13, 'title = "A \u009b2J Work"'),
    "title_next_line_c1": line(13, 'title = "A Work\u0085"').replace(
        'https://example.org/w1"', 'ftp://example.org/w1"'
    ),
    "title_bidi_override": line(13, 'title = "A Work \u202eskrow"'),
    "title_line_separator": line(13, 'title = "A\u2028Work"').replace(
        'source = "https://example.org/w1"', 'source = "ftp://example.org/w1"'
    ),
    "title_byte_order_mark_inside": line(13, 'title = "A \ufeffWork"'),
    "title_tab": line(13, 'title = "A\\tWork"'),
    "title_two_lines": line(13, 'title = """A\nWork"""'),
    "title_zero_width_space": line(13, 'title = "A\u200b Work"'),
    "title_emoji_zwj_accepted": line(13, 'title = "A Work \U0001f468\u200d\U0001f469\u200d\U0001f467"'),
    "description_two_lines_accepted": line(8, 'title = "Section One"\ndescription = """Two\nlines."""'),
    "author_bidi_isolate": line(14, 'authors = ["Ada \u2066Lovelace\u2069"]'),
    "link_label_escape": line(17, 'links = [{ label = "Pa\\u001b[2Jper", url = "https://example.org/w1.pdf" }]'),
    "section_description_osc8": line(
        8,
        'title = "Section One"\ndescription = "\\u001b]8;;https://evil.example\\u001b\\\\click\\u001b]8;;\\u001b\\\\"',
    ),
    "survey_title_retitle": line(4, 'title = "\\u001b]2;pwned\\u0007A Survey"'),
    "comment_bidi_override": line(5, "# reviewed \u202e ,kool"),
    "note_escape": line(15, 'year = 2020\nnote = "fine\\u009b31m"'),
    "deep_array_too_deep_for_toml": line(15, "year = 2020\nnote = " + "[" * 3000 + "]" * 3000),
    "deep_array_parses": line(15, "year = 2020\nnote = " + "[" * 100 + "]" * 100),
    "deep_inline_table": "x = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n" + BASE,
    "deep_section_works": line(9, "works = " + "[" * 200 + '"w1"' + "]" * 200),
    "deep_sections": "".join(
        [BASE]
        + [
            f'\n[[sections]]\nid = "d{i}"\ntitle = "Level {i + 1}"\n' + (f'parent = "d{i - 1}"\n' if i else "")
            for i in range(70)
        ]
    ),
    "deep_dotted_key": line(1, "schema_version = 1\n" + ".".join(["a"] * 3000) + " = 1"),
    "header_with_many_spaces": BASE + "\n[" + " " * 5000 + '"\u043a\u043b\u044e\u0447"]\nx = 1\n',
    "huge_unknown_key": line(15, 'year = 2020\n"' + "k" * 5000 + '" = 1'),
}

if __name__ == "__main__":
    for name, text in CASES.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
        (OUT / f"{name}.toml").write_bytes(data)
    print(f"wrote {len(CASES)} catalogs to {OUT}")
