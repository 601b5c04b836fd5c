"""The escaping helpers: any stored string shown through HTML or Markdown stays plain text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from dashboard.ui import widgets
from dashboard.ui.widgets import WORD_JOINER, escape, markdown_text, table_height

PAYLOADS = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "![x](http://evil.example/x.png)", "<a href='javascript:alert(1)'>clic</a>", "javascript:alert(1)",
    "<http://evil.example>", "**gras** _it_ `code` # titre", ":red[rouge] :material/home:", "$x^2$",
    "titre\n===", "&lt;script&gt;", "<svg/onload=alert(1)>", "[x]: http://evil.example\n[x]",
    "\" onmouseover=\"alert(1)", "<!-- commentaire -->", "<iframe src=//evil.example>",
    "voir http://evil.example/x.png ou www.evil.example",
)
# CommonMark with raw HTML allowed: the most permissive reading of what st.markdown receives.
RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
PLAIN_TAGS = {"p", "br", "pre", "code"}  # paragraphs, line breaks, indented text as a code block


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def _parse(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser


def _rendered(text: str) -> _Tags:
    return _parse(RENDERER.render(markdown_text(text)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_text_renders_known_payloads_as_text(payload: str) -> None:
    rendered = _rendered(payload)
    assert set(rendered.tags) <= PLAIN_TAGS
    assert not rendered.attributes
    assert "".join(rendered.text).replace(WORD_JOINER, "").split() == payload.split()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_leaves_no_element_or_attribute(payload: str) -> None:
    parsed = _parse(f"<div title=\"{escape(payload)}\">{escape(payload)}</div>")
    assert parsed.tags == ["div"] and [name for name, _ in parsed.attributes] == ["title"]
    assert "".join(parsed.text) == payload


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>[]()!:/\\`*_#=-+.|~$&;\"' \n\tajx1@")) | st.characters(),
               max_size=80))
def test_markdown_text_never_renders_tags_or_links(text: str) -> None:
    rendered = _rendered(text)
    assert set(rendered.tags) <= PLAIN_TAGS, (text, RENDERER.render(markdown_text(text)))
    assert not rendered.attributes  # no href, src, on*…


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_markdown_text_keeps_the_words(text: str) -> None:
    # Indented lines become code blocks, where CommonMark shows backslashes literally: only the words
    # of non-indented text are compared.
    assume(not re.search(r"(^|\n)( {4}|\t| {0,3}\t)", text) and "\r" not in text and "\x00" not in text)
    shown = "".join(_rendered(text).text).replace(WORD_JOINER, "")
    assert shown.split() == html.unescape(html.escape(text)).split()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_escape_is_inert_in_html(text: str) -> None:
    assume("\r" not in text and "\x00" not in text)
    parsed = _parse(f"<span>{escape(text)}</span>")
    assert parsed.tags == ["span"]
    assert "".join(parsed.text) == text


@pytest.mark.parametrize("url", ["http://evil.example/x", "HTTPS://evil.example", "www.evil.example"])
def test_bare_urls_are_not_autolinked(url: str) -> None:
    # GFM (Streamlit's Markdown) links bare URLs after resolving escapes: they must not stay contiguous.
    shown = markdown_text(f"voir {url}")
    assert "://" not in shown.replace("\\", "") and "www." not in shown.replace("\\", "").lower()


def test_tables_are_as_high_as_their_rows() -> None:
    assert table_height(1) == 2 * 35 + 3  # header and one row, not a 420 px grid
    assert table_height(0) == table_height(1)
    assert table_height(500) == table_height(11) == 12 * 35 + 3


def test_short_text_columns_get_the_width_of_their_longest_value() -> None:
    frame = pd.DataFrame({"Région": ["Bretagne", "Bourgogne-Franche-Comté", None], "Jours": [1, 2, 3],
                          "Propositions": ["x" * 120, "y", "z"]})
    widths = widgets.fitted_widths(frame)
    assert set(widths) == {"Région"}  # numbers and long free text keep Streamlit's own width
    assert widths["Région"] >= 158 + 16  # its measured width plus the cell padding
    assert widgets.fitted_widths([{"Région": "Bretagne"}]) == {}


def test_edited_records_apply_an_editors_changes_to_the_rows_drawn() -> None:
    rows = [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]
    changes = {"edited_rows": {1: {"b": "z"}}, "deleted_rows": [0], "added_rows": [{"a": 3}]}
    assert widgets.edited_records(rows, changes, ["a", "b"]) == [{"a": 2, "b": "z"}, {"a": 3, "b": None}]
    assert widgets.edited_records(rows, None, ["a", "b"]) == rows and rows[1]["b"] == "y"  # drawn rows untouched
