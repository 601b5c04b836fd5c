"""Safe Markdown for section introductions (shown in the app, the Markdown and the DOCX export).

Editors may use emphasis, lists and web links. Never: raw HTML (escaped, so it shows as text),
``javascript:``/``data:``/other links (reduced to their text), images (reduced to their
description: a remote image would be fetched by every reader's browser). No streamlit import:
the CLI export uses this module too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_TITLED = re.compile(r'^<?([^\s<>]+)>?(?:\s+"[^"]*")?$')
_REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_MD_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def is_safe_url(url: str) -> bool:
    # Browsers ignore control characters and spaces inside a scheme (« java\tscript: »): drop them first.
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f").lower()
    return cleaned.startswith(SAFE_SCHEMES)


def _link_target(raw: str) -> str | None:
    """The URL of a Markdown link when it is a plain safe one (optionally with a title), else None."""
    found = _TITLED.match(raw.strip())
    if found is None or not is_safe_url(found.group(1)):
        return None
    return found.group(1)


def _escape_text(text: str) -> str:
    return "".join("\\" + ch if ch in "[]!" else ch for ch in text)


def safe_markdown(text: str | None) -> str:
    """Markdown that keeps emphasis, lists and http(s)/mailto links, and nothing that runs or loads."""
    if not text:
        return ""
    # HTML first: entities show the characters but no tag is ever interpreted.
    result = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    result = _IMAGE.sub(lambda m: _escape_text(m.group(1)) or "image", result)

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), _link_target(match.group(2))
        if url is not None:
            return f"[{_escape_text(label)}]({url.replace('(', '%28').replace(')', '%29')})"
        return _escape_text(label)

    result = _LINK.sub(link, result)
    # Reference-style definitions could smuggle a javascript: target or an image source.
    result = _REF_DEFINITION.sub(lambda m: m.group(0).replace("[", "\\[").replace("]", "\\]"), result)
    # Leftover image markers (reference-style images) become plain text.
    result = result.replace("![", "\\![")
    # Streamlit extensions: no LaTeX ($…$) nor coloured/emoji directives from stored text.
    return result.replace("$", "\\$")


def escape_markdown(text: str | None) -> str:
    """A stored string as literal text in Markdown (no formatting at all)."""
    if not text:
        return ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + ch if ch in _MD_SPECIALS else ch for ch in escaped)


# --- A small Markdown reader for the DOCX export -----------------------------------------------

@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph | bullet | number
    runs: tuple[Run, ...]


_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_INLINE = re.compile(r"(\*\*|__)(.+?)\1|(\*|_)(.+?)\3|`([^`]+)`")


def _plain_links(text: str) -> str:
    text = _IMAGE.sub(lambda m: m.group(1), text)
    def plain(match: re.Match[str]) -> str:
        url = _link_target(match.group(2))
        return f"{match.group(1)} ({url})" if url and url != match.group(1) else match.group(1)

    return _LINK.sub(plain, text)


def inline_runs(text: str) -> tuple[Run, ...]:
    """Bold, italic and code spans of one line; everything else is literal text."""
    text = _plain_links(text).replace("\\", "")
    runs: list[Run] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position: match.start()]))
        if match.group(2) is not None:
            runs.append(Run(match.group(2), bold=True))
        elif match.group(4) is not None:
            runs.append(Run(match.group(4), italic=True))
        else:
            runs.append(Run(match.group(5) or ""))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return tuple(r for r in runs if r.text)


def blocks(text: str | None) -> list[Block]:
    """Paragraphs and list items (consecutive plain lines join into one paragraph)."""
    result: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            result.append(Block("paragraph", inline_runs(" ".join(pending))))
            pending.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        bullet, number = _BULLET.match(raw), _NUMBER.match(raw)
        if bullet:
            flush()
            result.append(Block("bullet", inline_runs(bullet.group(1))))
        elif number:
            flush()
            result.append(Block("number", inline_runs(number.group(1))))
        else:
            pending.append(line.lstrip("#").strip())
    flush()
    return [b for b in result if b.runs]
