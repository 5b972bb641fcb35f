"""What a DOCX needs so the coordinator can send it without fixing it in Word (issue 14):

- footnotes numbered 1..N through the whole document, in the document settings and in every section,
  so "see note 31 above" stays right in Word and LibreOffice whatever sections a user adds;
- Word's current mode (compatibilityMode 15), not Compatibility Mode;
- no table row split across pages, and a table's legend (a table right after it) kept with its last row.

Elements are put where the WordprocessingML schema wants them: Word refuses a file with a child out of
order, LibreOffice silently ignores it.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD_2013 = "15"  # compatibilityMode of Word 2013 and later: no Compatibility Mode banner

# CT_Settings: the children that come after footnotePr (footnotePr itself, then endnotePr, compat, ...)
_SETTINGS_AFTER_FOOTNOTES = ("footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                             "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                             "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                             "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                             "decimalSymbol", "listSeparator")
# CT_SectPr: the children that come after footnotePr
_SECTION_AFTER_FOOTNOTES = ("endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType",
                            "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
                            "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
# CT_TrPr: the children that come after cantSplit
_ROW_AFTER_CANT_SPLIT = ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")
# CT_PPr: the children that come after keepNext
_PARAGRAPH_AFTER_KEEP_NEXT = ("keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
                              "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
                              "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
                              "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
                              "cnfStyle", "rPr", "sectPr", "pPrChange")


def _element(xml: str) -> Any:
    return parse_xml(f'<w:x xmlns:w="{W_NS}">{xml}</w:x>')[0]


def _put(parent: Any, child: Any, successors: tuple[str, ...]) -> None:
    """Replace `parent`'s child of the same tag, or insert it before its first schema successor."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    after = {qn(f"w:{name}") for name in successors}
    successor = next((c for c in parent if c.tag in after and c.tag != child.tag), None)
    if successor is not None:
        successor.addprevious(child)
    else:
        parent.append(child)


def continuous_footnotes(document: Any) -> None:
    """Footnotes 1..N through the document: numRestart continuous in the settings and every section
    (reference documents, LibreOffice and Word all like to restart them per section)."""
    settings = document.settings.element
    _put(settings, _element('<w:footnotePr><w:numRestart w:val="continuous"/></w:footnotePr>'),
         _SETTINGS_AFTER_FOOTNOTES)
    for sect_pr in document.element.body.iter(qn("w:sectPr")):
        note_pr = sect_pr.find(qn("w:footnotePr"))
        if note_pr is None:
            note_pr = _element("<w:footnotePr/>")
            _put(sect_pr, note_pr, _SECTION_AFTER_FOOTNOTES)
        for old in note_pr.findall(qn("w:numRestart")) + note_pr.findall(qn("w:numStart")):
            note_pr.remove(old)
        note_pr.append(_element('<w:numRestart w:val="continuous"/>'))  # numRestart is its last child


def update_fields_on_opening(document: Any) -> None:
    """A document with a table of contents asks Word to update its fields when it is opened, so the
    contents' page numbers (PAGEREF fields, convert/lua/kz_docx.lua) are filled in."""
    if not any("PAGEREF" in (t.text or "") for t in document.element.body.iter(qn("w:instrText"))):
        return
    _put(document.settings.element, _element('<w:updateFields w:val="true"/>'),
         ("hdrShapeDefaults", *_SETTINGS_AFTER_FOOTNOTES))


def current_word_mode(document: Any) -> None:
    """compatibilityMode 15: Word opens the file as a current document, not in Compatibility Mode."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = _element("<w:compat/>")
        _put(settings, compat, _SETTINGS_AFTER_FOOTNOTES[3:])  # after footnotePr, endnotePr
    for old in compat.findall(qn("w:compatSetting")):
        if old.get(qn("w:name")) == "compatibilityMode":
            compat.remove(old)
    compat.append(_element(f'<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
                           f' w:val="{WORD_2013}"/>'))


def rows_do_not_split(document: Any) -> None:
    """No table row breaks across a page (a level label would break mid-cell)."""
    for tr in document.element.body.iter(qn("w:tr")):
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is None:
            tr_pr = _element("<w:trPr/>")
            tr.insert(0 if tr.find(qn("w:tblPrEx")) is None else 1, tr_pr)
        _put(tr_pr, _element("<w:cantSplit/>"), _ROW_AFTER_CANT_SPLIT)


def _keep_with_next(paragraph: Any) -> None:
    p_pr = paragraph.find(qn("w:pPr"))
    if p_pr is None:
        p_pr = _element("<w:pPr/>")
        paragraph.insert(0, p_pr)
    _put(p_pr, _element("<w:keepNext/>"), _PARAGRAPH_AFTER_KEEP_NEXT)


def legends_stay_with_their_tables(document: Any) -> None:
    """A table followed by another table (a score table and its legend, with at most empty paragraphs
    between): the last row of the first, the paragraphs between and every row of the second but its
    last are kept with what follows, so the legend never starts a page alone."""
    children = list(document.element.body)
    tbl, p = qn("w:tbl"), qn("w:p")
    for i, child in enumerate(children):
        if child.tag != tbl:
            continue
        j = i + 1
        while j < len(children) and children[j].tag == p and not "".join(children[j].itertext()).strip():
            j += 1
        if j >= len(children) or children[j].tag != tbl:
            continue
        rows = child.findall(qn("w:tr"))
        keep = [*(rows[-1].iter(p) if rows else []), *children[i + 1:j]]
        keep += [para for row in children[j].findall(qn("w:tr"))[:-1] for para in row.iter(p)]
        for para in keep:
            _keep_with_next(para)


NUMBERED_STYLE = "Numbered Paragraph"  # formats/vocabulary.py: kz-numbered-para


def numbered_paragraphs(document: Any) -> None:
    """UN-style numbered paragraphs as Word numbering: the style of a numbered paragraph is linked to a
    list numbering ("1.", "2.", ... at the margin), so Word numbers them and renumbers after an edit."""
    body = document.element.body
    style = next((s for s in document.styles if s.name == NUMBERED_STYLE), None)
    if style is None or not any(p.get(qn("w:val")) == style.style_id for p in body.iter(qn("w:pStyle"))):
        return
    numbering = document.part.numbering_part.element
    # ids after those pandoc gave its own lists
    ids = [int(e.get(qn(attr), "0")) for tag, attr in (("w:abstractNum", "w:abstractNumId"), ("w:num", "w:numId"))
           for e in numbering.iter(qn(tag))]
    number_id = str(max(ids, default=0) + 1)
    abstract = _element(
        f'<w:abstractNum w:abstractNumId="{number_id}"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # every abstractNum comes before the first num
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(_element(f'<w:num w:numId="{number_id}"><w:abstractNumId w:val="{number_id}"/></w:num>'))
    p_pr = style.element.get_or_add_pPr()
    _put(p_pr, _element(f'<w:numPr><w:numId w:val="{number_id}"/></w:numPr>'),
         _PARAGRAPH_AFTER_KEEP_NEXT[_PARAGRAPH_AFTER_KEEP_NEXT.index("numPr") + 1:])
