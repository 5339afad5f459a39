"""Rich text of the information channel: what a post's body may contain (nh3, the Rust
ammonia sanitiser). Kept: paragraphs, headings, lists, emphasis, quotes, tables, links and
images. Dropped: <script> and <style> with their content, every on*= handler, style=""
and class="" (no CSS tricks: hidden text, overlays, fixed positioning), iframes, forms,
and any URL whose scheme is not http(s)/mailto (javascript:, data:, vbscript:)."""

from __future__ import annotations

import html
import re

import nh3

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "caption",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_CHARS = 200_000


_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")


def sanitize(value: str | None) -> str:
    """The HTML as the channel keeps and shows it (without the empty paragraphs an editor
    leaves, e.g. around a list typed inside a paragraph)."""
    text = str(value or "")[:MAX_CHARS]
    clean = nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "select"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _EMPTY_PARAGRAPH.sub("", clean).strip()


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(value: str | None, limit: int | None = None) -> str:
    """The text of sanitised HTML, for summaries, feeds and Open Graph descriptions."""
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", str(value or "")))).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def paragraphs(text: str) -> str:
    """Plain text (a draft prepared from the year's facts) as escaped paragraphs."""
    parts = [p.strip() for p in str(text).split("\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)
