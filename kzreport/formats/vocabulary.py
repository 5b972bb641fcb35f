"""The one vocabulary of kzreport's semantic classes, and what each format makes of them.

Templates mark the parts of a document with classes (`::: kz-case`, `[...]{.kz-score}`), and
kzreport's own code adds a few (slots, the scores table). Each format maps a class to its own means:

- Word: a paragraph or character style of the reference document (templates/reference.docx), which
  the Lua filters write as pandoc's `custom-style` (convert/lua/kz_docx.lua);
- Typst: a call of the template's function of the same name, `#kz-case[...]`, defined in
  templates/kzreport.typ (convert/lua/kz_typst.lua wraps every kz-* class this way);
- HTML: the class itself, styled by the page's style sheet (templates/kzreport.html).

The Lua side gets what it needs with each job (`vocabulary`, from `for_lua`), so no Word style is
named there. tests/test_reference_docx.py checks the vocabulary against the templates, the reference
document, the Typst template and the Lua filters. docs/templates.md lists the classes for users.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# paragraph: a div; its paragraphs take the Word style.
# item:      a div; each item of its lists becomes a paragraph in the Word style (the div's other
#            paragraphs keep theirs).
# span:      text; it takes the Word (character) style.
# part:      a div for layout only (the Typst template places it; Word and HTML keep its paragraphs).
# slot:      replaced when the document is assembled, by a block's text, a note or a table.
# shape:     gives its content a shape when the document is assembled (a list, a table).
# mark:      kzreport's own mark on what it made (the scores table, an image that could not be used).
Kind = Literal["paragraph", "item", "span", "part", "slot", "shape", "mark"]

# The styles of a table's text in Word (every table: header row, other rows).
TABLE_HEAD_STYLE = "Table Heading"
TABLE_TEXT_STYLE = "Table Text"
# A heading left out of the contents and the bookmarks (`.unlisted`): Word styles with the outline
# level of body text, so Word's contents field lists the same headings as the PDF's bookmarks.
UNLISTED_HEADING_STYLES = {level: f"Unlisted Heading {level}" for level in (1, 2, 3, 4)}


@dataclass(frozen=True)
class SemanticClass:
    """A class of the vocabulary: its name and what each format makes of it."""

    name: str  # "kz-case"
    kind: Kind
    word_style: str | None = None  # the Word style (paragraph, list items or span; see Kind)
    items: bool = False  # a paragraph class whose list items are paragraphs in word_style too
    typst: bool = True  # the Typst template has a function of the class's name
    html: bool = True  # the class reaches the HTML page

    @property
    def typst_function(self) -> str | None:
        """The function of templates/kzreport.typ this class calls (its name, by convention)."""
        return self.name if self.typst else None

    @property
    def html_class(self) -> str | None:
        return self.name if self.html else None


def _paragraph(name: str, style: str, items: bool = False) -> SemanticClass:
    return SemanticClass(name, "paragraph", style, items=items)


VOCABULARY: tuple[SemanticClass, ...] = (
    # the cover and the title block
    _paragraph("kz-cover", "Cover Text"),
    _paragraph("kz-cover-org", "Cover Organisation"),
    _paragraph("kz-letterhead", "Letterhead"),
    _paragraph("kz-title", "Title"),
    _paragraph("kz-subtitle", "Subtitle"),
    _paragraph("kz-date", "Date"),
    _paragraph("kz-issued", "Issued"),
    SemanticClass("kz-masthead", "part"),
    _paragraph("kz-masthead-un", "Masthead UN"),
    _paragraph("kz-masthead-symbol", "Masthead Symbol"),
    _paragraph("kz-masthead-details", "Masthead Details"),
    # the text
    # a numbered paragraph (numbered-paragraphs): Word numbers it with the style's list numbering
    # (formats/word.py); Typst and HTML get the number typed (convert/lua/kz_paragraphs.lua)
    SemanticClass("kz-numbered-para", "paragraph", "Numbered Paragraph", html=False),
    _paragraph("kz-case", "Case"),
    _paragraph("kz-case-title", "Case Title"),
    _paragraph("kz-follows", "Committee Recommendation"),
    _paragraph("kz-follows-intro", "Committee Recommendation Intro"),
    SemanticClass("kz-recommendations", "item", "Recommendation"),
    _paragraph("kz-un-recommendation", "UN Recommendation"),
    _paragraph("kz-conclusions", "Conclusions", items=True),
    _paragraph("kz-conclusions-intro", "Conclusions Intro"),
    _paragraph("kz-untranslated", "Untranslated"),
    SemanticClass("kz-untranslated-mark", "span", "Untranslated Mark"),
    SemanticClass("kz-no-number", "part"),
    # annexes and scores
    SemanticClass("kz-annex", "part"),
    _paragraph("kz-annex-title", "Annex Title"),
    _paragraph("kz-legend", "Score Legend"),
    SemanticClass("kz-score", "span", "Score Level"),
    # page layout: a page break (Typst's pagebreak()), a table of contents (the Typst function kz-toc)
    SemanticClass("kz-pagebreak", "part", typst=False),
    SemanticClass("kz-toc", "part"),
    # slots (render/context.py); the Typst function kz-table wraps every table
    SemanticClass("kz-body", "slot", typst=False, html=False),
    SemanticClass("kz-note", "slot", typst=False, html=False),
    SemanticClass("kz-table", "slot", html=False),
    # shapes: recommendation lists, the bilingual review copy's table of pairs
    SemanticClass("kz-list", "shape", typst=False, html=False),
    SemanticClass("kz-item", "shape", typst=False, html=False),
    SemanticClass("kz-numbered", "shape", typst=False, html=False),
    SemanticClass("kz-pairs", "shape", typst=False),
    SemanticClass("kz-pair", "shape", typst=False, html=False),
    SemanticClass("kz-pair-unit", "shape", typst=False, html=False),
    SemanticClass("kz-review-note", "paragraph", "Review Note", typst=False, html=False),
    SemanticClass("kz-pair-source", "shape", typst=False, html=False),
    SemanticClass("kz-pair-target", "shape", typst=False, html=False),
    # made by the Lua filters
    SemanticClass("kz-scores", "mark", typst=False),
    SemanticClass("kz-missing-image", "mark", typst=False),
)

BY_NAME: dict[str, SemanticClass] = {c.name: c for c in VOCABULARY}


def word_styles() -> set[str]:
    """Every Word style the vocabulary names (all must be in the reference document)."""
    return {c.word_style for c in VOCABULARY if c.word_style} | {TABLE_HEAD_STYLE, TABLE_TEXT_STYLE}


def for_lua() -> dict[str, Any]:
    """What the Lua filters need, sent with each job as `vocabulary` (read by convert/lua/kz_docx.lua):
    class -> Word style of a div's paragraphs, of a div's list items, of a span; the table styles."""
    return {
        "docx": {
            "paragraph": {c.name: c.word_style for c in VOCABULARY if c.kind == "paragraph" and c.word_style},
            "item": {c.name: c.word_style for c in VOCABULARY if (c.kind == "item" or c.items) and c.word_style},
            "span": {c.name: c.word_style for c in VOCABULARY if c.kind == "span" and c.word_style},
            "table_head": TABLE_HEAD_STYLE,
            "table_body": TABLE_TEXT_STYLE,
            "unlisted_heading": {str(level): style for level, style in UNLISTED_HEADING_STYLES.items()},
        },
    }
