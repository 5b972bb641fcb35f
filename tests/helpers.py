"""Small projects for tests: a minimal valid project as a dict of files, and ways to run kzreport."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

from kzreport.cli import main

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


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def built_copy(tmp_path_factory, name: str, *args: str) -> Path:  # noqa: ANN001 - pytest's factory
    """A copy of tests/roots/<name>, built with `kzreport build ARGS` (for module-scoped fixtures)."""
    project = copy_root(name, tmp_path_factory.mktemp(name))
    proc = kz_process(project, "build", *args)
    assert proc.returncode == 0, proc.stderr
    return project
