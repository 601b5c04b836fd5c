"""The introduction sanitiser: emphasis, lists and web links survive; HTML, scripts and images do not."""

from __future__ import annotations

import pytest

from dashboard.text.markdown_safe import (
    Block,
    Run,
    blocks,
    escape_markdown,
    is_safe_url,
    safe_markdown,
)


def test_basic_formatting_is_kept() -> None:
    text = "Une IA **utile** et *sobre* :\n\n- accueil\n- formation\n\n1. premier"
    assert safe_markdown(text) == text


def test_raw_html_is_shown_as_text() -> None:
    result = safe_markdown('<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert "<" not in result and ">" not in result
    assert "&lt;script&gt;" in result


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", " javascript:x"])
def test_dangerous_links_keep_only_their_text(url: str) -> None:
    result = safe_markdown(f"[cliquez ici]({url})")
    assert "](" not in result
    assert "cliquez ici" in result


def test_web_links_are_kept() -> None:
    assert safe_markdown("[le site](https://exemple.fr/page)") == "[le site](https://exemple.fr/page)"
    assert safe_markdown("[écrire](mailto:contact@exemple.fr)") == "[écrire](mailto:contact@exemple.fr)"


def test_images_are_reduced_to_their_description() -> None:
    result = safe_markdown("Voir ![un schéma](https://pisteur.exemple/p.png) ici")
    assert "https://pisteur.exemple" not in result
    assert "un schéma" in result
    reference_style = safe_markdown("![pixel][p]\n\n[p]: https://pisteur.exemple/p.png")
    assert "![" not in reference_style.replace("\\![", "")


def test_reference_definitions_cannot_smuggle_targets() -> None:
    result = safe_markdown("[clic][x]\n\n[x]: javascript:alert(1)")
    assert "\\[x\\]:" in result


def test_streamlit_latex_is_neutralised() -> None:
    assert safe_markdown("coût : 5 $ à 10 $") == "coût : 5 \\$ à 10 \\$"


@pytest.mark.parametrize("url,expected", [("https://a.fr", True), ("http://a.fr", True), ("mailto:a@b.fr", True),
                                          ("javascript:x", False), ("ftp://a", False), ("//a.fr", False)])
def test_is_safe_url(url: str, expected: bool) -> None:
    assert is_safe_url(url) is expected


def test_escape_markdown_neutralises_everything() -> None:
    assert escape_markdown("**gras** <b>") == "\\*\\*gras\\*\\* &lt;b&gt;"


def test_blocks_for_docx() -> None:
    parsed = blocks("Une IA **utile**, *sobre*\net `simple`.\n\n- un [lien](https://a.fr)\n- ![img](https://x/y.png)\n2. deux")
    assert parsed[0] == Block("paragraph", (Run("Une IA "), Run("utile", bold=True), Run(", "),
                                            Run("sobre", italic=True), Run(" et "), Run("simple"), Run("."),))
    assert parsed[1] == Block("bullet", (Run("un lien (https://a.fr)"),))
    assert parsed[2] == Block("bullet", (Run("img"),))
    assert parsed[3] == Block("number", (Run("deux"),))
    assert blocks("[x](javascript:alert(1))")[0].runs[0].text.startswith("x")
