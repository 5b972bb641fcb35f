"""Fuzz: random targets for a unit with every kind of code (citations, a footnote, a link, emphasis),
read by `i18n import`'s reader. It never raises; whatever it accepts keeps the source's citations (by id),
footnotes and links, with balanced Markdown."""

from __future__ import annotations

from collections import Counter
from xml.sax.saxutils import escape

import pytest
from helpers import DETENTION_BODY, SECOND_PARAGRAPH, copy_root, kz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SOURCE_CHANGE = ("Nothing changed.", "Nothing *really* changed.^[As **noted** in [the law](https://x.org).]")
# the codes of the source above, as export numbers them
CODES = [("ph", "1", "[@law-157]"), ("ph", "2", "[@cat-co4, para. 10]"), ("bpt", "3", "*"), ("ept", "3", "*"),
         ("bpt", "4", "^["), ("bpt", "5", "**"), ("ept", "5", "**"), ("bpt", "6", "["),
         ("ept", "6", "](https://x.org)"), ("ept", "4", "]"), ("ph", "7", "[@cat-co4, para. 10]"),
         ("ph", "8", "[@law-157, art. 193]")]
TEXT = ["Закон", " ", "\n", "\n\n", ".", "*", "]", "[", "^[", "[@law-157]", "_", "@cat-co4", "{x}", "  ", "Ә"]


def _code(kind: str, code_id: str, content: str) -> str:
    return f'<{kind} id="{code_id}">{escape(content)}</{kind}>'


pieces = st.one_of(
    st.sampled_from(TEXT).map(escape),
    st.sampled_from(CODES).map(lambda c: _code(*c)),
    st.sampled_from(CODES).map(lambda c: _code(c[0], c[1], "")),                      # emptied by the tool
    st.tuples(st.sampled_from(["ph", "bpt", "ept", "x"]), st.sampled_from(["1", "3", "4", "9", ""]),
              st.sampled_from(["[@law-157]", "^[", "]", "*", "[@other]", "", "](javascript:x)"]))
    .map(lambda c: _code(*c)),                                                          # a wrong code
)




@st.composite
def near_valid(draw):
    """The source's codes in order with words between them, then perhaps a careless change: two codes
    swapped, one dropped or doubled, a mark typed into the text."""
    out = []
    for kind, code_id, content in CODES:
        out.append(_code(kind, code_id, draw(st.sampled_from([content, content, ""]))))
        out.append(escape(draw(st.sampled_from(["Слово ", " и ", ".", " ", "\n\n", "Ә "]))))
    change = draw(st.sampled_from(["none", "none", "swap", "drop", "double", "type"]))
    i, j = draw(st.integers(0, len(out) - 1)), draw(st.integers(0, len(out) - 1))
    if change == "swap":
        out[i], out[j] = out[j], out[i]
    elif change == "drop":
        del out[i]
    elif change == "double":
        out.insert(j, out[i])
    elif change == "type":
        out.insert(i, escape(draw(st.sampled_from(TEXT))))
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from kzreport.build import load_and_validate

    p = copy_root("basic", tmp_path_factory.mktemp("fuzz"))
    assert kz(p, "i18n", "done", "--all").exit_code == 0
    src = p / "content/en/safeguards/detention.md"
    src.write_text(src.read_text().replace(*SOURCE_CHANGE).replace(*SECOND_PARAGRAPH))
    loaded, diags = load_and_validate(p)
    assert loaded is not None and not diags.has_errors(), [d.format() for d in diags]
    return loaded


def _marks(text: str) -> Counter[str]:
    from kzreport.i18n.xliff_codes import _marks as marks

    return marks(text)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(parts=st.one_of(st.lists(pieces, max_size=30), near_valid()), wrap=st.booleans())
def test_whatever_comes_back_is_refused_or_keeps_every_mark(project, tmp_path_factory, parts, wrap):
    from kzreport.i18n.status import units
    from kzreport.i18n.xliff_codes import tokenize
    from kzreport.i18n.xliff_import import read_xliff

    inner = "".join(parts)
    if wrap:
        inner = f'<mrk mtype="seg" mid="1">{inner}</mrk>\n  '
    source = next(u.source for u in units(project, "ru") if u.id == DETENTION_BODY)
    xlf = tmp_path_factory.mktemp("x") / "ru.xlf"
    xlf.write_text(f'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="kzreport" '
                   f'source-language="en" target-language="ru" datatype="plaintext"><body><trans-unit id="{DETENTION_BODY}">'
                   f"<source>{escape(source)}</source><target state=\"translated\">{inner}</target></trans-unit>"
                   f"</body></file></xliff>", encoding="utf-8")
    reading = read_xliff(project, xlf)  # never raises
    for problem in reading.errors + reading.warnings:
        assert problem.line and problem.unit == DETENTION_BODY and "\n" not in problem.message
    for item in reading.items:
        assert not reading.errors and item.target is not None
        assert tokenize(item.target) is not None, item.target
        assert _marks(item.target) == _marks(source), item.target
