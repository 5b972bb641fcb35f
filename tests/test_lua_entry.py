"""The entry script, `pandoc lua kzreport.lua JOBS.json`, run on its own (no kzreport build): it finds
its modules from any folder, converts each job, and answers each with one line of JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from kzreport.convert.tools import LUA_SCRIPT, pandoc_path
from kzreport.formats.vocabulary import for_lua
from kzreport.layout import LUA_FILTERS

MAX_LINES = 300


def run(jobs: list[dict], folder: Path) -> list[dict]:
    jobs_file = folder / "jobs.json"
    jobs_file.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    # from another folder, so that only the script's own folder can give its modules
    result = subprocess.run([pandoc_path(), "lua", str(LUA_SCRIPT), str(jobs_file)], cwd=folder,
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if not line.startswith("kz-at ")]


def job(folder: Path, job_id: str, markdown: str, bodies: dict[str, str]) -> dict:
    (folder / "sources.json").write_text("[]", encoding="utf-8")
    (folder / "page.html").write_text("$body$\n", encoding="utf-8")
    return {
        "id": job_id, "root": folder.as_posix(), "markdown": markdown,
        "bodies": {ref: {"text": text, "shift": 0, "path": "", "line": 0, "images": {}} for ref, text in bodies.items()},
        "tables": {}, "lang": "en-GB", "references": str(folder / "sources.json"), "locators": {},
        "numbered": True, "sources_list": False, "pair_headers": ["", ""], "vocabulary": for_lua(),
        "outputs": [{"format": "html", "path": str(folder / f"{job_id}.html"), "template": str(folder / "page.html")},
                    {"format": "typst", "path": str(folder / f"{job_id}.typ"), "template": str(folder / "page.html")}],
    }


def test_no_jobs_no_output(tmp_path: Path):
    assert run([], tmp_path) == []


def test_each_job_is_answered_and_written(tmp_path: Path):
    skeleton = '::: kz-case\n::: {.kz-body ref="b1"}\n:::\n:::\n'
    good = job(tmp_path, "good", skeleton, {"b1": "A paragraph.[^1]\n\n[^1]: A note.\n\nAnother <b>paragraph</b>."})
    broken = job(tmp_path, "broken", '::: {.kz-body ref="missing"}\n:::\n', {})
    again = job(tmp_path, "again", skeleton, {"b1": "Text."})
    answers = run([good, broken, again], tmp_path)
    assert [a["id"] for a in answers] == ["good", "broken", "again"]
    assert answers[0]["notes"] == 1 and answers[0]["words"] >= 7 and "A note." in answers[0]["text"]
    assert "error" in answers[1] and "error" not in answers[2]  # one job's error stops no other job
    page = (tmp_path / "good.html").read_text(encoding="utf-8")
    assert '<div class="kz-case">' in page and "1. A paragraph." in page and "&lt;b&gt;paragraph&lt;/b&gt;" in page
    assert "#kz-case[" in (tmp_path / "good.typ").read_text(encoding="utf-8")


def test_modules_are_small():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in LUA_FILTERS.glob("*.lua")}
    assert "kz_util.lua" in sizes and LUA_SCRIPT.name in sizes
    assert {name: n for name, n in sizes.items() if n >= MAX_LINES} == {}
