"""Bound the nesting of HTML before it is parsed.

libxml2, under lxml and trafilatura, stops building the tree at a depth of about 255 elements, so the text of an
article inside 10,000 nested ``<div>``s never reaches the extractor and the page was reported as having no article
text. Tags deeper than :data:`MAX_HTML_DEPTH` are dropped (their content stays, one level up), in one linear scan.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

__all__ = ["MAX_HTML_DEPTH", "flatten_deep_nesting"]

#: Deepest element kept: below libxml2's parse limit (about 255), with room for the levels around an article.
MAX_HTML_DEPTH = 200
# How far down the open elements a closing tag looks for its opening tag; a stray closing tag further away is
# left alone, so a malformed page costs a bounded time per tag.
_CLOSE_SEARCH = 64
_TAG = re.compile(r"<!--.*?-->|<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b"
                  r"[^>]*?(/?)>", re.S | re.I)


@lru_cache(maxsize=1)
def _tags() -> tuple[frozenset[str], frozenset[str]]:
    data = tomllib.loads(resources.files("detente.data").joinpath("html.toml").read_text("utf-8"))
    return frozenset(data["void"]), frozenset(data["optional_end"])


def flatten_deep_nesting(html: str, *, max_depth: int = MAX_HTML_DEPTH) -> tuple[str, int]:
    """The page with the tags nested deeper than ``max_depth`` removed, and how many tags were removed."""
    if html.count("<") <= max_depth:
        return html, 0
    void, optional = _tags()
    stack: list[tuple[str, bool]] = []  # (tag name, dropped)
    pieces: list[str] = []
    last = 0
    dropped = 0
    for match in _TAG.finditer(html):
        name = (match.group(3) or "").lower()
        if not name or name in void or name in optional or match.group(4):
            continue
        drop = False
        if match.group(2):  # a closing tag: find its opening tag near the top
            for index in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_SEARCH), -1):
                if stack[index][0] == name:
                    drop = stack[index][1]
                    del stack[index:]
                    break
        else:
            drop = len(stack) >= max_depth
            stack.append((name, drop))
        if drop:
            pieces.append(html[last:match.start()])
            last = match.end()
            dropped += 1
    if not dropped:
        return html, 0
    pieces.append(html[last:])
    return "".join(pieces), dropped
