"""`make bench`: how fast kzreport builds the shipped content, against the floor of pandoc and Typst.

Prints medians and writes them to build/bench.json:
- full:      a cold build (new output folder) of every report, both languages, DOCX and PDF,
             timed from the start of the command;
- floor:     every document kzreport built, taken back from its DOCX as Markdown, converted by pandoc
             (citeproc, DOCX and Typst) and compiled by Typst, one worker per core with each tool
             started once per worker (no per-file start-up); timed alternating with the cold build in
             the same run; the ratio full/floor; and the same without citeproc (as the Markdown taken
             back from a DOCX has nothing to cite: issue 18's independent check);
- guard:     cold builds with the content's protected names and with none (patched in the bench's
             own process), alternating: what the leak guard adds;
- no-op:     the build run again with nothing changed;
- one edit:  the build after one block changed (and which outputs were rebuilt);
- scale:     synthetic projects with 1x, 4x and 16x the shipped content, grown two ways — more
             documents (every report repeated) and longer documents (every block repeated):
             time and peak memory of kzreport's own process and of the largest pandoc/Typst one.
Not a test: it measures, the numbers depend on the machine.

    python bench/bench.py [--runs N] [--scales 1,4,16]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kzreport.convert.tools import pandoc_path  # noqa: E402

CORES = os.cpu_count() or 1


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "kzreport.yaml", dest / "kzreport.yaml")
    shutil.copytree(ROOT / "content", dest / "content")
    if (ROOT / "templates").is_dir():
        shutil.copytree(ROOT / "templates", dest / "templates")
    return dest


def kzreport(project: Path, *args: str, env: dict | None = None) -> tuple[float, str, dict]:
    """Run the command as a user would; (seconds, stdout, the build's own stats)."""
    stats_file = project / ".bench-stats.json"
    stats_file.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kzreport", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "KZREPORT_STATS": str(stats_file), **(env or {})})
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"kzreport {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return seconds, proc.stdout, stats


def median_of(runs: int, fn) -> float:  # noqa: ANN001
    return statistics.median(fn() for _ in range(runs))


def full_build(project: Path) -> tuple[float, dict]:
    shutil.rmtree(project / "build", ignore_errors=True)
    seconds, _, stats = kzreport(project, "build")
    return seconds, stats


# One pandoc process per worker converts all its documents (pandoc.read/pandoc.write in Lua, loaded
# once), so the floor pays pandoc's start-up once per worker, as kzreport does.
_FLOOR_LUA = """
local files = pandoc.json.decode(io.open(arg[1]):read("a"), false)
for _, f in ipairs(files) do
  local doc = pandoc.read(io.open(f.md):read("a"), "markdown")
  if arg[2] == "citeproc" then doc = pandoc.utils.citeproc(doc) end
  -- the contents' links to Word bookmarks have no target once taken back from the DOCX
  doc = doc:walk { Link = function(l) if l.target:sub(1, 1) == "#" then return l.content end end }
  local docx = io.open(f.docx, "wb"); docx:write(pandoc.write(doc, "docx")); docx:close()
  local typ = io.open(f.typ, "wb")
  typ:write(pandoc.write(doc, "typst", { template = pandoc.template.default("typst") })); typ:close()
end
"""
# One Python process per worker compiles all its Typst files (the typst module loaded once).
_FLOOR_TYPST = ("import json, sys, typst\n"
                "for f in json.load(open(sys.argv[1])):\n"
                "    typst.compile(f['typ'], output=f['pdf'], root=f['root'], ignore_system_fonts=True)\n")


def floor_inputs(project: Path, work: Path) -> list[list[dict]]:
    """Every document kzreport built, taken back from its DOCX as Markdown (images extracted), in one
    group per core balanced by size: what pandoc and Typst alone would have to convert."""
    shutil.rmtree(project / "build", ignore_errors=True)
    kzreport(project, "build", "-f", "docx")
    work.mkdir(parents=True)
    docs = sorted((project / "build").glob("*/*.docx"), key=lambda p: -p.stat().st_size)
    groups: list[list[dict]] = [[] for _ in range(CORES)]
    sizes = [0] * CORES
    for n, docx in enumerate(docs):
        md = work / f"{n}.md"
        subprocess.run([pandoc_path(), str(docx), "-t", "markdown", "-o", str(md), f"--extract-media=media{n}"],
                       check=True, cwd=work)
        i = sizes.index(min(sizes))
        sizes[i] += md.stat().st_size
        groups[i].append({"md": str(md), "docx": str(work / f"{n}.out.docx"), "typ": str(work / f"{n}.typ"),
                          "pdf": str(work / f"{n}.pdf"), "root": str(work)})
    shutil.rmtree(project / "build")
    return [g for g in groups if g]


def floor_once(work: Path, groups: list[list[dict]], citeproc: bool = True) -> float:
    """pandoc (DOCX and Typst; citeproc, which walks the whole document even with nothing to cite,
    or not) then Typst, one worker per core, each tool started once per worker."""
    lua = work / "floor.lua"
    lua.write_text(_FLOOR_LUA, encoding="utf-8")

    def worker(i: int) -> None:
        spec = work / f"group-{i}.json"
        spec.write_text(json.dumps(groups[i]), encoding="utf-8")
        pandoc = [pandoc_path(), "lua", str(lua), str(spec), "citeproc" if citeproc else "plain"]
        for command in (pandoc, [sys.executable, "-c", _FLOOR_TYPST, str(spec)]):
            proc = subprocess.run(command, capture_output=True, text=True, cwd=work)
            if proc.returncode != 0:
                sys.exit(f"the floor's {command[0]} failed:\n{proc.stderr}")

    start = time.perf_counter()
    with ThreadPoolExecutor(len(groups)) as pool:
        list(pool.map(worker, range(len(groups))))
    return time.perf_counter() - start


def full_and_floor(project: Path, runs: int) -> tuple[list[tuple[float, dict]], list[float], list[float]]:
    """Cold builds and the floors with and without citeproc, alternating in the same run (so all see
    the same machine load)."""
    work = project.parent / "floor"
    groups = floor_inputs(project, work)
    fulls, floors, plain = [], [], []
    for _ in range(runs):
        fulls.append(full_build(project))
        floors.append(floor_once(work, groups))
        plain.append(floor_once(work, groups, citeproc=False))
    shutil.rmtree(work)
    return fulls, floors, plain


# The same build with no name protected (patched in this process only: kzreport has no switch that
# turns its leak guard off), to time what the guard costs: the names' forms, anonymisation, and the
# search of every assembled document and every part of every output.
_NO_PROTECTED_NAMES = ("import sys\n"
                       "from kzreport import safety\n"
                       "from kzreport.safety import disclosure\n"
                       "safety.protected_names = disclosure.protected_names = lambda project: []\n"
                       "from kzreport.__main__ import run\n"
                       "sys.argv = ['kzreport', 'build']\n"
                       "run()\n")


def guard_cost(project: Path, runs: int) -> tuple[float, float]:
    """Cold builds with the project's protected names and with none, alternating: the medians."""
    guarded, unguarded = [], []
    for _ in range(runs):
        guarded.append(full_build(project)[0])
        shutil.rmtree(project / "build", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _NO_PROTECTED_NAMES], cwd=project, check=True, capture_output=True)
        unguarded.append(time.perf_counter() - start)
    full_build(project)  # what the next figures start from: the outputs of a normal build
    return statistics.median(guarded), statistics.median(unguarded)


def no_op(project: Path, runs: int) -> float:
    kzreport(project, "build")
    return median_of(runs, lambda: kzreport(project, "build")[0])


def one_edit(project: Path) -> tuple[float, list[str]]:
    kzreport(project, "build")
    block = project / "content/en/safeguards/habeas-corpus.md"
    original = block.read_text(encoding="utf-8")
    block.write_text(original.rstrip("\n") + " The Coalition will follow this closely.\n", encoding="utf-8")
    seconds, out, _ = kzreport(project, "build")
    block.write_text(original, encoding="utf-8")
    return seconds, re.findall(r"^wrote (\S+)$", out, re.M)


def more_documents(dest: Path, factor: int) -> Path:
    """The shipped content with every report repeated `factor` times (as new reports)."""
    project = copy_project(dest)
    reports = sorted((project / "content" / "reports").glob("*.yaml"))
    for lang in ("en", "ru"):
        folder = project / "content" / lang / "reports"  # strings under reports.<id>
        folder.mkdir(exist_ok=True)
        for report in reports:
            for i in range(2, factor + 1):
                (folder / f"{report.stem}-x{i}.yaml").write_text(
                    f'title: "Copy {i} of {report.stem}"\n', encoding="utf-8")
    for report in reports:
        for i in range(2, factor + 1):
            shutil.copy(report, report.with_name(f"{report.stem}-x{i}.yaml"))
    return project


def longer_documents(dest: Path, factor: int) -> Path:
    """The shipped content with every block repeated `factor` times (anonymised cases once)."""
    project = copy_project(dest)
    copies: dict[str, list[str]] = {}
    src = project / "content" / "en"
    for path in sorted(src.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        bid = path.relative_to(src).with_suffix("").as_posix()
        if "disclosure: anonymised" in text or bid.startswith("about/"):
            continue
        copies[bid] = []
        for i in range(2, factor + 1):
            new = f"{bid}-x{i}"
            copies[bid].append(new)
            for lang in ("en", "ru"):
                original = project / "content" / lang / f"{bid}.md"
                if original.exists():
                    shutil.copy(original, project / "content" / lang / f"{new}.md")

    def spread(ids: list[str]) -> list[str]:
        return [x for bid in ids for x in [bid, *copies.get(bid, [])]]

    for report in (project / "content" / "reports").glob("*.yaml"):
        data = yaml.safe_load(report.read_text(encoding="utf-8"))
        for section in data.get("sections", []) or []:
            if section.get("blocks"):
                section["blocks"] = spread(section["blocks"])
        if data.get("blocks"):
            data["blocks"] = spread(data["blocks"])
        report.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


SCALINGS = {"documents": more_documents, "length": longer_documents}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,4,16")
    parser.add_argument("--kinds", default="documents,length",
                        help="documents: every report repeated; length: every block repeated (longer documents)")
    args = parser.parse_args()
    results: dict = {"machine": {"cores": CORES}}
    with tempfile.TemporaryDirectory(prefix="kzreport-bench-") as tmp:
        project = copy_project(Path(tmp) / "shipped")
        fulls, floors, plain = full_and_floor(project, args.runs)
        results["full_seconds"] = round(statistics.median(s for s, _ in fulls), 3)
        results["full_peak_rss_mb"] = max(st.get("peak_rss_mb", 0) for _, st in fulls)
        results["floor_seconds"] = round(statistics.median(floors), 3)
        results["full_over_floor"] = round(results["full_seconds"] / results["floor_seconds"], 2)
        results["plain_floor_seconds"] = round(statistics.median(plain), 3)
        results["full_over_plain_floor"] = round(results["full_seconds"] / results["plain_floor_seconds"], 2)
        guarded, unguarded = guard_cost(project, args.runs)
        results["guard"] = {"seconds": round(guarded, 3), "no_names_seconds": round(unguarded, 3),
                            "overhead": round(guarded / unguarded - 1, 3)}
        results["no_op_seconds"] = round(no_op(project, args.runs), 3)
        seconds, rebuilt = one_edit(project)
        results["one_edit_seconds"], results["one_edit_rebuilt"] = round(seconds, 3), rebuilt
        results["scales"] = {}
        for kind in args.kinds.split(","):
            for factor in (int(f) for f in args.scales.split(",")):
                if factor == 1 and "1x" in results["scales"]:
                    continue  # the same project either way
                scaled = SCALINGS[kind](Path(tmp) / f"{kind}-x{factor}", factor)
                seconds, stats = full_build(scaled)
                name = "1x" if factor == 1 else f"{factor}x {kind}"
                results["scales"][name] = {"seconds": round(seconds, 3), "peak_rss_mb": stats.get("peak_rss_mb"),
                                           "peak_rss_children_mb": stats.get("peak_rss_children_mb")}
                shutil.rmtree(scaled)
    print_report(results)
    out = ROOT / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


def print_report(r: dict) -> None:
    print(f"machine: {r['machine']['cores']} cores")
    print(f"full build (cold, median):      {r['full_seconds']:.2f} s   peak RSS {r['full_peak_rss_mb']} MB")
    print(f"floor (pandoc + Typst alone):   {r['floor_seconds']:.2f} s   full/floor = {r['full_over_floor']}"
          f"  (target <= 1.3; issue 18)")
    print(f"floor without citeproc:         {r['plain_floor_seconds']:.2f} s   full/floor = "
          f"{r['full_over_plain_floor']}  (target <= 1.5; issue 18's independent check)")
    g = r["guard"]
    print(f"leak guard:                     {g['seconds']:.2f} s against {g['no_names_seconds']:.2f} s with no name "
          f"protected: +{g['overhead']:.0%}  (target <= 10%; issue 11)")
    print(f"no-op rebuild (median):         {r['no_op_seconds']:.2f} s   (target < 0.15)")
    print(f"one-block edit:                 {r['one_edit_seconds']:.2f} s   rebuilt: {', '.join(r['one_edit_rebuilt'])}")
    base = r["scales"].get("1x", {}).get("seconds")
    for name, s in r["scales"].items():
        ratio = f"  ({s['seconds'] / base:.1f}x the 1x time)" if base else ""
        print(f"{name + ' content:':<32}{s['seconds']:.2f} s   peak RSS {s['peak_rss_mb']} MB "
              f"(largest pandoc or Typst process: {s['peak_rss_children_mb']} MB){ratio}")


if __name__ == "__main__":
    main()
