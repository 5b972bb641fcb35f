"""The vocabulary of semantic classes (kzreport/formats/vocabulary.py) against everything that uses it:
every class the templates, kzreport's code and the Lua filters write is in it, every Word style it
names is in the built-in reference document, every Typst function it names is in the Typst template,
and no entry is dead. Then the reference document itself: properties in schema order, A4 pages."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import docx
from lxml import etree

from kzreport.formats.vocabulary import (
    TABLE_HEAD_STYLE,
    TABLE_TEXT_STYLE,
    UNLISTED_HEADING_STYLES,
    VOCABULARY,
    SemanticClass,
    for_lua,
)

PACKAGE = Path(__file__).parent.parent / "kzreport"
TEMPLATES = PACKAGE / "templates"
REFERENCE = TEMPLATES / "reference.docx"
LUA = PACKAGE / "convert" / "lua"
DOCS = PACKAGE.parent / "docs" / "templates.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CLASS = re.compile(r"kz-[a-z0-9]+(?:-[a-z0-9]+)*")
# kz-* names in the Lua that are not classes: a table cell's colour attribute, the Typst comment
# that marks a block's source, the line that says which block pandoc reads
NOT_CLASSES = {"kz-fill", "kz-src", "kz-at"}
# Word styles pandoc and the Lua filters use besides the vocabulary's (headings, notes, the contents)
WRITER_STYLES = {"Heading 1", "Heading 2", "Heading 3", "Footnote Text", "TOC Heading", "TOC 1", "TOC 2"}
# classes of the HTML page itself (templates/kzreport.html, formats/html.py), not of the document
PAGE_CLASSES = {"kz-confidential"}


def read(paths: Iterable[Path]) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(paths))


def template_classes() -> set[str]:
    """The classes the built-in templates write (every kz-* name in them is a class)."""
    return set(CLASS.findall(read(TEMPLATES.glob("*.md.j2"))))


def code_classes() -> set[str]:
    """The classes kzreport's code writes into the skeleton (render/: slots, the untranslated mark, the
    scores' cells) or the Lua filters make and act on."""
    render = read((PACKAGE / "render").glob("*.py"))
    written = set(re.findall(r'(?:\{\.|::: |"class": ")(' + CLASS.pattern + ")", render))
    return written | (set(CLASS.findall(read(LUA.glob("*.lua")))) - NOT_CLASSES)


def documented_classes() -> set[str]:
    """The classes docs/templates.md offers to a project's own templates (its table's first column)."""
    rows = [line.split("|")[1] for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("| `kz-")]
    return set(CLASS.findall("\n".join(rows)))


def missing(vocabulary: Iterable[SemanticClass]) -> set[str]:
    names = {c.name for c in vocabulary}
    return (template_classes() | code_classes() | documented_classes()) - names


def unused(vocabulary: Iterable[SemanticClass]) -> set[str]:
    """Entries nothing writes, acts on or offers: dead."""
    used = template_classes() | code_classes() | documented_classes()
    return {c.name for c in vocabulary} - used


def undefined_styles(vocabulary: Iterable[SemanticClass]) -> set[str]:
    defined = {s.name for s in docx.Document(str(REFERENCE)).styles}
    named = {c.word_style for c in vocabulary if c.word_style} | {TABLE_HEAD_STYLE, TABLE_TEXT_STYLE}
    return (named | set(UNLISTED_HEADING_STYLES.values()) | WRITER_STYLES) - defined


def typst_functions() -> set[str]:
    return set(re.findall(r"^#let (kz-[\w-]+)\(", (TEMPLATES / "kzreport.typ").read_text(encoding="utf-8"), re.M))


def undefined_functions(vocabulary: Iterable[SemanticClass]) -> set[str]:
    return {c.typst_function for c in vocabulary if c.typst_function} - typst_functions()


def test_every_class_written_is_in_the_vocabulary():
    assert template_classes() and code_classes() and documented_classes()
    assert missing(VOCABULARY) == set()


def test_no_entry_is_dead():
    assert unused(VOCABULARY) == set()


def test_every_word_style_is_in_the_reference_document():
    assert undefined_styles(VOCABULARY) == set()


def test_every_typst_function_is_in_the_typst_template():
    assert undefined_functions(VOCABULARY) == set()
    # and the template defines no function for a class the vocabulary does not know
    assert typst_functions() - {c.typst_function for c in VOCABULARY} == set()


def test_every_class_the_page_styles_is_in_the_vocabulary():
    styled = set(re.findall(r"\.(" + CLASS.pattern + ")", (TEMPLATES / "kzreport.html").read_text(encoding="utf-8")))
    assert styled - {c.html_class for c in VOCABULARY} - PAGE_CLASSES == set()


def test_one_entry_per_class():
    names = [c.name for c in VOCABULARY]
    assert len(names) == len(set(names))
    assert all(CLASS.fullmatch(n) for n in names)


def test_the_lua_gets_every_word_style_and_names_none():
    lua = for_lua()["docx"]
    given = {*lua["paragraph"].values(), *lua["item"].values(), *lua["span"].values(), lua["table_head"],
             lua["table_body"], *lua["unlisted_heading"].values()}
    assert given == {c.word_style for c in VOCABULARY if c.word_style} | {TABLE_HEAD_STYLE, TABLE_TEXT_STYLE} | \
        set(UNLISTED_HEADING_STYLES.values())
    assert all(c.kind == "span" for c in VOCABULARY if c.name in lua["span"])
    source = read(LUA.glob("*.lua"))
    assert {s for s in given if f'"{s}"' in source} == set()


def test_the_checks_fail():
    # a class the templates write, taken out of the vocabulary, is missing (and so is a documented one)
    assert missing(c for c in VOCABULARY if c.name not in ("kz-case", "kz-annex-title")) == {"kz-case",
                                                                                            "kz-annex-title"}
    # an entry nothing uses is dead
    assert unused([*VOCABULARY, SemanticClass("kz-nothing", "part")]) == {"kz-nothing"}
    # a Word style the reference document lacks, a Typst function the template lacks
    case = next(c for c in VOCABULARY if c.name == "kz-case")
    assert undefined_styles([dataclasses.replace(case, word_style="No Such Style")]) == {"No Such Style"}
    assert undefined_functions([dataclasses.replace(case, name="kz-no-such")]) == {"kz-no-such"}


def test_paragraph_properties_are_in_schema_order():
    source = (PACKAGE.parent / "scripts" / "make_reference_docx.py").read_text()
    order = eval(re.search(r"PPR_ORDER = (\(.*?\))\n", source, re.S).group(1))  # noqa: S307 - our own file
    root = etree.fromstring(zipfile.ZipFile(REFERENCE).read("word/styles.xml"))
    for ppr in root.iter(f"{W}pPr"):
        names = [child.tag.replace(W, "") for child in ppr]
        positions = [order.index(n) for n in names if n in order]
        assert positions == sorted(positions), names


def test_page_is_a4_with_a_page_number():
    d = docx.Document(str(REFERENCE))
    section = d.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer = "".join(p._p.xml for p in section.footer.paragraphs)
    assert "PAGE" in footer
