"""Small projects for tests: a minimal valid project as a dict of files, ways to run kzreport, and the
ways of reading outputs that several test modules share (test modules never import each other)."""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from kzreport.cli import main
from kzreport.formats.html_safety import CSP

ROOTS = Path(__file__).parent / "roots"

MINIMAL: dict[str, str] = {
    "kzreport.yaml": """\
languages: [en, ru]
themes: [safeguards]
documents:
  cat-co4: {symbol: CAT/C/KAZ/CO/4, date: 2023-05-12, body: CAT}
defaults:
  document: cat-co4
""",
    "content/en/strings.yaml": "organisation:\n  name: Test Coalition\n",
    "content/ru/strings.yaml": "organisation:\n  name: Тестовая коалиция\n",
    "content/en/themes.yaml": "safeguards: Legal safeguards\n",
    "content/ru/themes.yaml": "safeguards: Правовые гарантии\n",
    "content/en/reports.yaml": "r:\n  title: Test report\n",
    "content/ru/reports.yaml": "r:\n  title: Тестовый доклад\n",
    "content/en/documents/cat-co4.yaml": "title: Concluding observations\npoints:\n  \"10\": Ensure safeguards.\n",
    "content/ru/documents/cat-co4.yaml": "title: Заключительные замечания\npoints:\n  \"10\": Обеспечить гарантии.\n",
    "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: A finding\ntheme: safeguards\npoints: [10]\n---\n"
                                        "Finding text.\n",
    "content/ru/safeguards/finding.md": "---\ntitle: Вывод\n---\nТекст вывода.\n",
    "content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\nsections:\n  - theme: safeguards\n",
}


def write_project(root: Path, files: dict[str, str | bytes | None] | None = None, *, base: dict | None = None
                  ) -> Path:
    """MINIMAL (or `base`) with `files` added or replaced (None deletes a file)."""
    merged: dict[str, str | bytes | None] = dict(MINIMAL if base is None else base)
    merged.update(files or {})
    for rel, text in merged.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def copy_root(name: str, dest: Path) -> Path:
    """A copy of tests/roots/<name> to build in (never build inside the repository)."""
    target = dest / name
    shutil.copytree(ROOTS / name, target, ignore=shutil.ignore_patterns("build"))
    return target


def copy_built(project: Path, dest: Path) -> Path:
    """A copy of a built project, its outputs and build cache included (file times kept, so the cache sees
    the same project), for a test that changes it: a shared build (conftest's built_root) stays as built."""
    target = dest / project.name
    shutil.copytree(project, target, symlinks=True)
    return target


def kz(project: Path, *args: str):
    """Run the CLI in-process; returns click's Result (exit_code, output, exception)."""
    runner = CliRunner()
    return runner.invoke(main, ["-C", str(project), *args], catch_exceptions=True)


def kz_process(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m kzreport` as a user would, in the project folder."""
    return subprocess.run([sys.executable, "-m", "kzreport", *args], cwd=project, capture_output=True,
                          text=True, env=env, timeout=300)


def docx_xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def pdf_pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages_text(path))


def built_copy(tmp_path_factory, name: str, *args: str) -> Path:  # noqa: ANN001 - pytest's factory
    """A copy of tests/roots/<name>, built with `kzreport build ARGS` (for module-scoped fixtures)."""
    project = copy_root(name, tmp_path_factory.mktemp(name))
    proc = kz_process(project, "build", *args)
    assert proc.returncode == 0, proc.stderr
    return project


# ---- reading outputs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def footnotes_docx(path: Path) -> list[str]:
    """Footnote texts in document order (the separator notes, ids -1 and 0, left out)."""
    import docx
    from lxml import etree

    d = docx.Document(str(path))
    part = next(p for p in d.part.package.parts if p.partname.endswith("footnotes.xml"))
    root = etree.fromstring(part.blob)
    notes = {}
    for fn in root.iter(f"{W}footnote"):
        fid = int(fn.get(f"{W}id"))
        if fid > 0:
            notes[fid] = " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in fn.iter(f"{W}p")).strip()
    order = [int(r.get(f"{W}id")) for r in d.element.body.iter(f"{W}footnoteReference")]
    return [notes[i] for i in order]


# ---- `kzreport check` messages

CHECK_LINE = re.compile(r"^(?P<path>[^:]+):(?:(?P<line>\d+):)? (?P<level>error|warning): (?P<msg>.+)$")


def run_check(tmp_path: Path, files: dict, *extra: str) -> tuple[int, list[str]]:
    """MINIMAL with `files`, checked in-process: the exit status and the PATH:LINE: level: lines."""
    project = write_project(tmp_path / "p", files)
    result = kz(project, "check", *extra)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [ln for ln in result.output.splitlines() if CHECK_LINE.match(ln)]
    return result.exit_code, lines


def find(lines: list[str], path_end: str, line: int | None = None, *words: str) -> str:
    """The message about `path_end` (at `line`, if given) containing every word; fails if there is none."""
    for ln in lines:
        m = CHECK_LINE.match(ln)
        if m and m["path"].endswith(path_end) and (line is None or m["line"] == str(line)) and \
                all(w.lower() in m["msg"].lower() for w in words):
            return ln
    raise AssertionError(f"no message for {path_end}:{line} with {words} in:\n" + "\n".join(lines))


# ---- a published HTML page, as a browser reads it

class Page(HTMLParser):
    """Every element, its attributes (entities decoded, as a browser reads them) and the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.data: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.data.append(data)

    def handle_comment(self, data):
        self.tags.append(("!--", {"": data}))

    @property
    def text(self) -> str:
        return " ".join("".join(self.data).split())


DANGEROUS = re.compile(r"^(javascript|vbscript|data|file|livescript|mocha):")
PWNED = "KZPWNED"  # what every script of the attack corpus tries to leave in the page


def address(value: str) -> str:
    """An address as a browser reads it: entities decoded, control characters and spaces ignored."""
    return re.sub(r"[\x00-\x20\x7f]", "", html.unescape(value)).lower()


def assert_safe_page(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    page = Page(text)
    names = [t for t, _ in page.tags]
    for bad in ("script", "iframe", "object", "embed", "base", "form", "frame", "frameset", "applet", "svg",
                "math", "noscript", "link", "button", "textarea", "select", "!--"):
        assert bad not in names, f"{path.name}: <{bad}> in the page"
    assert names.count("style") == 1  # the template's own
    metas = [a for t, a in page.tags if t == "meta"]
    assert not [a for a in metas if a.get("http-equiv", "").lower() == "refresh"]
    assert {"http-equiv": "Content-Security-Policy", "content": CSP} in metas
    csp = next(i for i, (t, a) in enumerate(page.tags) if a.get("http-equiv") == "Content-Security-Policy")
    assert csp < names.index("style") and csp < names.index("body")  # before anything it governs
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), f"{path.name}: <{tag} {name}=...>"
            assert name.lower() not in ("srcdoc", "formaction", "action", "style") or \
                (name == "style" and tag in ("td", "th", "col", "img")), f"{path.name}: <{tag} {name}=...>"
            if name.lower() in ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"):
                target = address(value)
                assert not DANGEROUS.match(target) or (tag == "img" and target.startswith("data:image/")), \
                    f"{path.name}: <{tag} {name}={value!r}>"
        if tag == "a" and address(attrs.get("href", "")).startswith(("http:", "https:", "//")):
            assert set(attrs.get("rel", "").split()) >= {"noopener", "noreferrer"}, attrs
    assert PWNED not in text
    return page


# The basic root's detention block has two paragraphs. A change to both makes its whole text stale, so that
# it travels to a translation tool as one unit (a change to one paragraph travels as that paragraph alone).
DETENTION = "content/en/safeguards/detention.md"
DETENTION_RU = "content/ru/safeguards/detention.md"
DETENTION_BODY = "block:safeguards/detention#body"  # its body's unit id in XLIFF
SECOND_PARAGRAPH = ("Another source again.", "Another source, again.")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{XLIFF_NS}}}"  # the namespace as lxml writes it in a tag


def xliff_unit(tree, uid: str):  # noqa: ANN001, ANN201 - an lxml tree and element
    """The trans-unit with the id `uid`."""
    found = [u for u in tree.iter(X + "trans-unit") if u.get("id") == uid]
    assert found, uid
    return found[0]


def translated_basic(dest: Path) -> Path:
    """A copy of the basic root with every translation recorded as current (kzreport i18n done --all)."""
    project = copy_root("basic", dest)
    assert kz(project, "i18n", "done", "--all").exit_code == 0
    return project


def stale_basic(dest: Path) -> Path:
    """translated_basic, then the English of the detention block changed throughout: its translation is stale."""
    project = translated_basic(dest)
    src = project / DETENTION
    src.write_text(src.read_text().replace("Nothing changed.", "Nothing changed at all.").replace(*SECOND_PARAGRAPH))
    return project


def export_xliff(project: Path, *args: str) -> Path:
    """kzreport i18n export -l ru into ru.xlf beside the project."""
    xlf = project.parent / "ru.xlf"
    result = kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf), *args)
    assert result.exit_code == 0, result.output
    return xlf


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project's content/, to tell that nothing was written."""
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}


# -- pictures for the leak guard's tests: the smallest PNG and JPEG files, with chunks or segments added --

def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tiny_png(*extra: bytes) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + b"".join(extra) + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


def tiny_jpeg(*segments: bytes) -> bytes:
    """A JPEG whose scan holds a stuffed 0xFF00 and a restart marker, as real ones do."""
    jfif = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return (b"\xff\xd8" + jfif + b"".join(segments) + b"\xff\xdb\x00\x03\x00"
            + b"\xff\xda\x00\x02pixels\xff\x00\xff\xd0.\xff\xd9")


def jpeg_segment(marker: int, data: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data


# a case that is public, then made anonymised (the earlier outputs must not keep the name)
PUBLIC_CASE = {
    "content/en/safeguards/case.md": "---\ntype: case\ntitle: A beating\ntheme: safeguards\ndisclosure: public\n---\n"
                                     "Ivan Petrov was beaten in custody.\n",
    "content/ru/safeguards/case.md": "---\ntitle: Избиение\n---\nИвана Петрова избили под стражей.\n",
}
NOW_ANONYMISED = {
    "content/en/safeguards/case.md": "---\ntype: case\ntitle: A beating\ntheme: safeguards\ndisclosure: anonymised\n"
                                     "pseudonym: I. P.\nprotect: [Ivan Petrov, Иван Петров]\n---\n"
                                     "Ivan Petrov was beaten in custody.\n",
}


def assert_leak_refused(result, out: Path, kind: str, real_names) -> None:  # noqa: ANN001
    """A file for outside translators that the leak guard refused: exit 1, a located error naming the
    case (never the person), no traceback, no file written."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, AssertionError)
    assert re.search(rf"{re.escape(out.name)}: error: this {kind} file would still name a person protected by the "
                     r"case cases/anonymised \(entry \d of its protect: list\), so it was not written", result.output)
    assert not out.exists()
    for name in real_names:
        assert name not in result.output, name
