"""`make bench`: how fast kzreport builds the shipped content, against the floor of pandoc and Typst.

Prints medians and writes them to build/bench.json:
- full:      a cold build (new output folder) of every report, both languages, DOCX and PDF,
             timed from the start of the command;
- floor:     the same pandoc and Typst work run directly on the inputs kzreport assembled, one
             process per conversion, two at a time (both cores); the ratio full/floor;
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

from kzreport.convert.tools import LUA_SCRIPT, pandoc_path  # noqa: E402

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


def floor(project: Path, runs: int) -> float:
    """pandoc and Typst alone, on kzreport's assembled inputs, one process per conversion."""
    shutil.rmtree(project / "build", ignore_errors=True)
    kzreport(project, "build", env={"KZREPORT_KEEP_TMP": "1"})
    debug = project / "build" / ".kzreport-debug"
    work = project / "build" / "floor"
    work.mkdir()
    jobs = [job for f in sorted(debug.glob("jobs-*.json")) for job in json.loads(f.read_text(encoding="utf-8"))]
    chains = []
    for n, job in enumerate(jobs):
        for out in job["outputs"]:
            single = dict(job, outputs=[dict(out, path=str(work / f"{n}.{out['format']}"))])
            spec = work / f"job-{n}-{out['format']}.json"
            spec.write_text(json.dumps([single], ensure_ascii=False), encoding="utf-8")
            chains.append((spec, out["format"], work / f"{n}.{out['format']}", work / f"{n}.pdf"))
    compile_pdf = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], "
                   "ignore_system_fonts=True)")

    def chain(item: tuple) -> None:  # noqa: ANN001
        spec, fmt, produced, pdf = item
        subprocess.run([pandoc_path(), "lua", str(LUA_SCRIPT), str(spec)], check=True, capture_output=True)
        if fmt == "typst":
            subprocess.run([sys.executable, "-c", compile_pdf, str(produced), str(pdf), str(project)], check=True)

    def once() -> float:
        start = time.perf_counter()
        with ThreadPoolExecutor(CORES) as pool:
            list(pool.map(chain, chains))
        return time.perf_counter() - start

    return median_of(runs, once)


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
        fulls = [full_build(project) for _ in range(args.runs)]
        results["full_seconds"] = round(statistics.median(s for s, _ in fulls), 3)
        results["full_peak_rss_mb"] = max(st.get("peak_rss_mb", 0) for _, st in fulls)
        results["floor_seconds"] = round(floor(project, args.runs), 3)
        results["full_over_floor"] = round(results["full_seconds"] / results["floor_seconds"], 2)
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
          f"  (target <= 1.3)")
    print(f"no-op rebuild (median):         {r['no_op_seconds']:.2f} s   (target < 0.3)")
    print(f"one-block edit:                 {r['one_edit_seconds']:.2f} s   rebuilt: {', '.join(r['one_edit_rebuilt'])}")
    base = r["scales"].get("1x", {}).get("seconds")
    for name, s in r["scales"].items():
        ratio = f"  ({s['seconds'] / base:.1f}x the 1x time)" if base else ""
        print(f"{name + ' content:':<32}{s['seconds']:.2f} s   peak RSS {s['peak_rss_mb']} MB "
              f"(largest pandoc or Typst process: {s['peak_rss_children_mb']} MB){ratio}")


if __name__ == "__main__":
    main()
