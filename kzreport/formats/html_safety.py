"""An HTML page fit to publish on the organisation's website, whatever the content holds.

The pandoc step already prints raw HTML from content as text and drops unsafe links and attributes
(convert/lua/kzreport.lua). As a second line, the page's body is cleaned with nh3 (ammonia) against an
allow-list of what pandoc's HTML writer produces — no script, no event handler, no javascript:,
vbscript: or data: link — and every page carries a strict Content-Security-Policy, also when a
project's own template leaves it out. The page's head (the template's styles) is trusted.
"""

from __future__ import annotations

import re

import nh3

# No script of any kind, nothing fetched: styles only inline (the template's), images only embedded.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'

_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p",
    "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title", "role", "aria-hidden", "aria-label", "aria-labelledby",
          "aria-describedby"},
    "a": {"href"},
    "span": {"data-cites"},  # a citation's source ids
    "img": {"src", "alt", "width", "height", "style"},
    "td": {"colspan", "rowspan", "style", "align"},
    "th": {"colspan", "rowspan", "style", "align", "scope"},
    "col": {"span", "width", "style"},
    "ol": {"start", "type", "reversed", "style"},
    "ul": {"style"},
    "li": {"value"},
    "input": {"type", "checked", "disabled"},  # pandoc's task lists
    "time": {"datetime"},
}
# pandoc's own inline styles: a scoring cell's colour, column widths, alignment, list numbering
_STYLE_PROPERTIES = {"background-color", "width", "height", "text-align", "list-style-type"}
_SCHEMES = {"http", "https", "mailto", "tel", "data"}

_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# a page's tags, comments and declarations, an attribute's quoted value whole (so "<body>" in a comment, in
# an attribute or in a style sheet is not the page's body)
_TAG = re.compile(r"<!--.*?-->|<![^>]*>|<(/?)([A-Za-z][^\s/>]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'"
                  r"|[^\s>]+))?)*)\s*/?>", re.S)
_RAW_TEXT = ("script", "style", "textarea", "title")


def first_tag(page: str, wanted: str) -> re.Match[str] | None:
    """The page's first <`wanted`> tag that is a tag of the page, not text in a comment, an attribute's
    value or a style sheet."""
    pos = 0
    while m := _TAG.search(page, pos):
        name = (m.group(2) or "").lower()
        pos = m.end()
        if name == wanted and not m.group(1):
            return m
        if name in _RAW_TEXT and not m.group(1):  # its text runs to its end tag
            end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(page, pos)
            pos = end.end() if end else len(page)
    return None

_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_DOCTYPE = re.compile(r"\s*<!doctype[^>]*>", re.IGNORECASE)


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name in ("href", "src"):
        address = _CONTROL.sub("", value).lower()
        if address.startswith("data:") and not (tag == "img" and address.startswith("data:image/")):
            return None  # data: only for embedded images, never as a link
    if tag == "input" and name == "type" and value != "checkbox":
        return None
    return value


def clean_fragment(fragment: str) -> str:
    """HTML of a page's body with only what pandoc writes for text, tables, notes and images."""
    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, attribute_filter=_attribute_filter,
                     url_schemes=_SCHEMES, filter_style_properties=_STYLE_PROPERTIES, strip_comments=True,
                     link_rel="noopener noreferrer")


def with_csp(page: str) -> str:
    """The page with kzreport's Content-Security-Policy first thing in its head (a policy the template
    sets too only adds restrictions: browsers apply every policy)."""
    if CSP_META in page:
        return page
    for found in (first_tag(page, "head"), first_tag(page, "html"), _DOCTYPE.match(page)):
        if found:
            return page[:found.end()] + "\n" + CSP_META + page[found.end():]
    return CSP_META + "\n" + page


def publishable(page: str) -> str:
    """A page pandoc wrote, cleaned: its body through the allow-list, the policy in its head."""
    start = first_tag(page, "body")
    if start is None:
        start = _HEAD_END.search(page)
    begin = start.end() if start else 0
    closes = [m.start() for m in _BODY_CLOSE.finditer(page, begin)]
    end = closes[-1] if closes else len(page)
    return with_csp(page[:begin] + clean_fragment(page[begin:end]) + page[end:])
