"""The entry script, `pandoc lua kzreport.lua JOBS.json`, run on its own (no kzreport build): it finds
its modules from any folder, converts each job, and answers each with one line of JSON."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

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


def test_the_profile_says_where_the_time_went(tmp_path: Path):
    """KZREPORT_LUA_PROFILE=1 (README, Speed): each stage's seconds on stderr, the answers unchanged."""
    import os

    jobs_file = tmp_path / "jobs.json"
    jobs_file.write_text(json.dumps([job(tmp_path, "j", '::: {.kz-body ref="b"}\n:::\n', {"b": "Text."})]),
                         encoding="utf-8")
    for profile in ("1", ""):
        result = subprocess.run([pandoc_path(), "lua", str(LUA_SCRIPT), str(jobs_file)], cwd=tmp_path,
                                capture_output=True, text=True, encoding="utf-8", timeout=60,
                                env={**os.environ, "KZREPORT_LUA_PROFILE": profile})
        assert result.returncode == 0, result.stderr
        assert '"words":1' in result.stdout
        stages = {name.strip(): float(seconds) for line in result.stderr.splitlines() if line.startswith("kzreport-profile ")
                  for name, seconds, _ in [line.removeprefix("kzreport-profile ").rsplit(None, 2)]}
        if profile:
            assert {"assemble", "citeproc", "survey", "to html", "write typst"} <= set(stages)
            assert all(seconds >= 0 for seconds in stages.values())
        else:
            assert stages == {}


def test_a_full_disk_is_the_job_s_error_not_a_file_cut_short(tmp_path: Path):
    """An output pandoc cannot write whole (here /dev/full, where every write fails as on a full disk)
    makes the job fail with the system's message, which kzreport explains (convert/pandoc.py)."""
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    full = job(tmp_path, "full", '::: {.kz-body ref="b"}\n:::\n', {"b": "Text."})
    full["outputs"][0]["path"] = "/dev/full"
    answer = run([full], tmp_path)[0]
    assert "No space left on device" in answer.get("error", ""), answer


def test_no_jobs_no_output(tmp_path: Path):
    assert run([], tmp_path) == []


def test_each_job_is_answered_and_written(tmp_path: Path):
    skeleton = '::: kz-case\n::: {.kz-body ref="b1"}\n:::\n:::\n'
    good = job(tmp_path, "good", skeleton, {"b1": "A paragraph.[^1]\n\n[^1]: A note.\n\nAnother <b>paragraph</b>."})
    broken = job(tmp_path, "broken", '::: {.kz-body ref="missing"}\n:::\n', {})
    again = job(tmp_path, "again", skeleton, {"b1": "Text."})
    answers = run([good, broken, again], tmp_path)
    assert [a["id"] for a in answers] == ["good", "broken", "again"]
    assert answers[0]["notes"] == 1 and answers[0]["words"] == 6 and "A note." in answers[0]["text"]
    assert "error" in answers[1] and "error" not in answers[2]  # one job's error stops no other job
    page = (tmp_path / "good.html").read_text(encoding="utf-8")
    assert '<div class="kz-case">' in page and "1. A paragraph." in page and "&lt;b&gt;paragraph&lt;/b&gt;" in page
    assert "#kz-case[" in (tmp_path / "good.typ").read_text(encoding="utf-8")


def test_modules_are_small():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in LUA_FILTERS.glob("*.lua")}
    assert "kz_util.lua" in sizes and LUA_SCRIPT.name in sizes
    assert {name: n for name, n in sizes.items() if n >= MAX_LINES} == {}


PLAIN_CELLS = ["14", "1 — Not implemented", "17(d)", "н/п — Оценка не применима", "Обеспечить, чтобы каждый был.",
               "Separate the NPM’s mandate from the Commissioner’s functions, as in 2023.", "Қазақстан 2024 жылы",
               "Make it independent\\, now\\.", "7\\(a\\)", "100% of 398 cases", "a\u00a0b c"]
TRICKY = ["Mr. Smith came", "see p. 5 here", "e.g. this", "1. item", "1) item", "- item", "a -- b", "x... y",
          "don't", '"quoted"', "a\\ b", "$5", "#1", "A. B. was", "art. 5 of the Code", "St. Petersburg",
          "https://example.org", "<b>x</b>", "*x*", "a_b_c", "[x](y)", "x^2^", "~x~", "x  y", " lead", "trail ",
          "line\nbreak", "= heading", "+ item", "> quote", "a & b", "A\\*B", "---", "a - b", "12:00", "(see)"]


def verdicts_of(tmp_path: Path, texts: list[str], loop_body: str) -> dict[int, str]:
    """Run `loop_body` (Lua, with `safety` = kz_safety, `i` and `text`; it prints a verdict and i) on every
    text in one pandoc process: {i: verdict}, i counted from 1."""
    (tmp_path / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    script = tmp_path / "check.lua"
    script.write_text(f"""
package.path = {json.dumps(str(LUA_FILTERS) + "/?.lua;")} .. package.path
local safety = require("kz_safety")
local texts = pandoc.json.decode(io.open(arg[1]):read("a"), false)
for i, text in ipairs(texts) do
{loop_body}
end
""", encoding="utf-8")
    result = subprocess.run([pandoc_path(), "lua", str(script), str(tmp_path / "texts.json")], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return {int(i): v for v, i in (line.split() for line in result.stdout.splitlines())}


def test_a_plain_cell_is_built_as_the_reader_would_build_it(tmp_path: Path):
    """kz_safety.plain_text, the fast way for table cells, gives exactly what pandoc's reader gives, or
    nothing (then the reader reads it): on the cells above and on 3,000 random texts of letters, digits,
    punctuation, escapes and spaces."""
    import random

    rng = random.Random(20261207)
    alphabet = list("abcXYZ абвЖЩ әғқ 0123456789 .,;:!?-–—()/%'\"*_[]\\@#&") + ["\\,", "\\.", "\\(", "\u00a0", "  ", "\n"]
    texts = PLAIN_CELLS + TRICKY + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
                                    for _ in range(3000)]
    verdicts = verdicts_of(tmp_path, texts, """
  local fast = safety.plain_text(text)
  local read = safety.parse_markdown(text)
  if fast == nil then print("slow", i)
  elseif pandoc.json.encode(fast) ~= pandoc.json.encode(read) then print("DIFFERENT", i)
  else print("fast", i) end""")
    different = [texts[i - 1] for i, v in verdicts.items() if v == "DIFFERENT"]
    assert different == []
    assert all(verdicts[i + 1] == "fast" for i in range(len(PLAIN_CELLS)))  # the fast way is taken
    assert sum(v == "fast" for v in verdicts.values()) > 100


def test_bodies_read_the_fast_way_read_the_same(tmp_path: Path):
    """kz_safety.read_body reads most bodies with pandoc's own markdown, which is faster than the body
    reader: the result is the same on every Markdown file of the shipped content and the test
    projects, and on 2,000 random texts of the marks the body reader's extensions care about
    (headings, setext lines, TeX, HTML, images, YAML and title blocks), and the fast way is taken."""
    import random

    rng = random.Random(20261207)
    alphabet = (list("ab Жә 12.,:;!?%*_`$@'\"[]()\\<>#-=~^|{}/&") +
                ["\n", "\n\n", "  ", "---", "===", "![x](y.png)", "<div>", "\\textbf{x}", "% T\n", "# H\n", "\n-\n"])
    repo = Path(__file__).resolve().parent.parent
    files = sorted([*repo.glob("content/**/*.md"), *repo.glob("tests/roots/**/*.md")])
    texts = [re.sub(r"\A---\n.*?\n---\n", "", f.read_text(encoding="utf-8"), flags=re.S) for f in files]  # the bodies
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    verdicts = verdicts_of(tmp_path, texts, """
  local slow = pandoc.json.encode(pandoc.read(text, safety.BODY_READER).blocks)
  local fast = pandoc.json.encode(pandoc.read(text, "markdown").blocks)
  local read = pandoc.json.encode(safety.read_body(text))
  print(read ~= slow and "DIFFERENT" or safety.needs_body_reader(text) and (fast == slow and "same" or "differs")
        or "fast", i)""")
    assert [texts[i - 1][:200] for i, v in verdicts.items() if v == "DIFFERENT"] == []
    # the random texts hold cases where the two readers differ: the test can tell
    assert sum(v == "differs" for v in verdicts.values()) > 100
    # most of the shipped content is read the fast way
    assert sum(verdicts[i + 1] == "fast" for i in range(len(files))) > len(files) / 2
