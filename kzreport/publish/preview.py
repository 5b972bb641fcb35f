"""`kzreport serve`: a live preview on this computer (127.0.0.1 only).

- `/` lists every report in every language; `/<lang>/<report>.html` shows one, as the HTML output;
- every file saved under content/ or templates/, and kzreport.yaml, starts a build (watchfiles); the build
  cache rebuilds only what changed; open pages reload themselves when the build is done (a small script
  asks /__kz/version twice a second);
- the problems of the last build (`PATH:LINE: error: ...`) are shown at the top of every page; a report that
  could not be built shows its last good version under them;
- Ctrl-C stops it.

The build is `kzreport build -f html -o build/.preview`, run as its own process each time, exactly as a
person would run it (the same checks, the same leak guard); its outputs stay in build/.preview/. Published
files are never changed: the reload script and the policy that lets it run (the preview's
Content-Security-Policy allows scripts from this server only) are added to the page as it is served.
"""

from __future__ import annotations

import html
import json
import re
import signal
import subprocess
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click
import yaml

from kzreport.errors import KzError, UsageProblem
from kzreport.formats.html_safety import CSP
from kzreport.layout import CONFIG, ProjectLayout

PREVIEW = ".preview"  # under build/
HOST = "127.0.0.1"
PREVIEW_CSP = CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self'; connect-src 'self';")
_LOCATED = re.compile(r"^\S[^\n]*?:(?:\d+:)? (?:error|warning): ")
_NAME = re.compile(r"^[A-Za-z0-9][\w-]*$")
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)

RELOAD_JS = """(function () {
  var me = document.currentScript, seen = me ? me.getAttribute("data-version") : null;
  function poll() {
    fetch("/__kz/version", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen === null) { seen = String(s.version); }
      else if (String(s.version) !== seen) { location.reload(); return; }
      setTimeout(poll, 400);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""


class _Either:
    """Set when any of the events is (watchfiles' stop_event)."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


class Preview:
    """The state of a preview: what to build, the last build's outcome, and the threads that follow edits."""

    def __init__(self, root: Path, reports: tuple[str, ...] = (), languages: tuple[str, ...] = ()) -> None:
        self.root = root
        self.layout = ProjectLayout(root)
        self.out = self.layout.build() / PREVIEW
        self.only_reports, self.only_languages = reports, languages
        self.version = 0  # one more after every build
        self.failed = False
        self.problems: list[str] = []  # the last build's problems, one a line
        self.building = False
        self.lock = threading.Lock()
        self.dirty = threading.Event()  # something changed: build again
        self.stop = threading.Event()
        self.rewatch = threading.Event()  # templates/ or content/ appeared or went: watch again
        self.child: subprocess.Popen[str] | None = None
        self.dirty.set()  # the first build

    # -- what there is to show ---------------------------------------------------------------------

    def reports(self) -> list[str]:
        found = sorted(p.stem for p in self.layout.reports.glob("*.yaml")) if self.layout.reports.is_dir() else []
        return [r for r in found if _NAME.match(r) and (not self.only_reports or r in self.only_reports)]

    def languages(self) -> list[str]:
        try:  # (only regular files are read: a named pipe would never answer)
            langs = yaml.safe_load(_read(self.layout.config)).get("languages") or []
        except (OSError, ValueError, AttributeError, yaml.YAMLError):
            langs = []
        langs = [str(lang) for lang in langs if _NAME.match(str(lang))] if isinstance(langs, list) else []
        return [lang for lang in langs if not self.only_languages or lang in self.only_languages]

    def title(self, report: str, lang: str) -> str:
        try:
            data = yaml.safe_load(_read(self.layout.lang(lang) / "reports.yaml"))
            return str(data[report]["title"])
        except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError):
            return report

    def check_names(self) -> None:
        """An unknown report or language on the command line is a usage error, as for build."""
        reports = {p.stem for p in self.layout.reports.glob("*.yaml")} if self.layout.reports.is_dir() else set()
        for rid in self.only_reports:
            if rid not in reports:
                raise UsageProblem(f'there is no report "{rid}"; the reports are the files in content/reports/: '
                                   f"{', '.join(sorted(reports)) or 'none'}")
        self.only_languages = tuple(self.only_languages)
        every = Preview(self.root).languages()
        for lang in self.only_languages:
            if lang not in every:
                raise UsageProblem(f'the language "{lang}" is not one of the project\'s languages: {", ".join(every)}')

    # -- building ----------------------------------------------------------------------------------

    def build(self) -> None:
        command = [sys.executable, "-m", "kzreport", "-C", str(self.root), "build", *self.only_reports,
                   *[a for lang in self.only_languages for a in ("-l", lang)], "-f", "html", "-o", str(self.out)]
        with self.lock:
            self.building = True
        try:  # in a session of its own: Ctrl-C reaches the preview, which stops the build (stop_build)
            self.child = subprocess.Popen(command, cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True, encoding="utf-8", errors="replace", start_new_session=True)
            out, err = self.child.communicate()
            code = self.child.returncode
        finally:
            self.child = None
        if self.stop.is_set():
            return
        lines = [ln for ln in (err + "\n" + out).splitlines() if ln.strip()]
        problems = [ln for ln in lines if _LOCATED.match(ln)]
        if code != 0:  # and the line that says what was not built
            problems += [ln for ln in err.splitlines() if ln.strip() and not _LOCATED.match(ln)]
        summary = next((ln for ln in reversed(out.splitlines()) if " built in " in ln or "nothing changed" in ln), "")
        with self.lock:
            self.version += 1
            self.failed = code != 0
            self.problems = problems
            self.building = False
        for line in problems:
            click.echo(line, err=True)
        click.echo(("the build failed: its problems are shown in the page" if code != 0 else summary or "built")
                   + " (the page reloads by itself)", err=code != 0)

    def build_loop(self) -> None:
        while not self.stop.is_set():
            if not self.dirty.wait(0.2):
                continue
            self.dirty.clear()
            if not self.stop.is_set():
                self.build()

    def stop_build(self) -> None:
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGINT)  # the build stops its workers and keeps the earlier outputs
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()

    # -- watching ----------------------------------------------------------------------------------

    def watch_tree(self) -> None:
        """content/ and templates/, with everything in them."""
        from watchfiles import watch

        while not self.stop.is_set():
            self.rewatch.clear()
            paths = [p for p in (self.layout.content, self.layout.templates) if p.is_dir()]
            if not paths:
                self.rewatch.wait(0.5)
                continue
            for _ in watch(*paths, stop_event=_Either(self.stop, self.rewatch), debounce=150, step=50,
                           raise_interrupt=False):
                self.dirty.set()

    def watch_root(self) -> None:
        """kzreport.yaml (also when an editor saves it by replacing the file), and templates/ appearing."""
        from watchfiles import watch

        names = {CONFIG, self.layout.templates.name, self.layout.content.name}
        for changes in watch(self.root, recursive=False, stop_event=self.stop, debounce=150, step=50,
                             raise_interrupt=False, watch_filter=lambda _c, p: Path(p).name in names):
            if any(Path(p).name != CONFIG for _, p in changes):
                self.rewatch.set()
            self.dirty.set()

    # -- pages -------------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "building": self.building, "failed": self.failed,
                    "problems": list(self.problems)}

    def problems_box(self, state: dict[str, Any], missing: bool = False) -> str:
        if not state["problems"] and not (state["failed"] or missing):
            return ""
        if state["failed"]:
            head = ("The last build failed: fix the problems below and save; " +
                    ("this document has not been built yet." if missing else
                     "the page shows the last version that was built."))
            colour = "#fde8e8"
        elif missing:
            head, colour = "This document is being built…", "#eef3fb"
        else:
            head, colour = "The last build has warnings:", "#fff6dd"
        lines = "\n".join(html.escape(p) for p in state["problems"])
        return (f'<div id="kz-problems" role="alert" style="background:{colour};border:1px solid #c99;'
                f'padding:0.6em 1em;margin:0 0 1em 0;font:14px/1.4 sans-serif">'
                f"<p style=\"margin:0 0 0.4em 0\"><strong>{html.escape(head)}</strong></p>"
                + (f'<pre style="white-space:pre-wrap;margin:0;font:13px/1.4 monospace">{lines}</pre>' if lines else "")
                + "</div>")

    def script(self, state: dict[str, Any]) -> str:
        return f'<script src="/__kz/reload.js" data-version="{state["version"]}"></script>'

    def index(self) -> str:
        state = self.state()
        items = []
        for rid in self.reports():
            links = " · ".join(f'<a href="/{lang}/{rid}.html" lang="{lang}">{html.escape(self.title(rid, lang))} '
                               f"({lang})</a>" for lang in self.languages())
            items.append(f"<li><strong>{html.escape(rid)}</strong>: {links}</li>")
        status = "building…" if state["building"] else ("last build failed" if state["failed"] else "up to date")
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                f'<meta http-equiv="Content-Security-Policy" content="{PREVIEW_CSP}">'
                f"<title>kzreport preview</title></head><body style=\"font:16px/1.5 sans-serif;margin:2em\">"
                f"{self.problems_box(state)}<h1>Reports</h1><ul>{''.join(items) or '<li>no reports yet</li>'}</ul>"
                f"<p style=\"color:#666\">Preview of {html.escape(self.root.name)}: {status}. Every saved change "
                f"rebuilds what it touches and reloads this page.</p>{self.script(state)}</body></html>")

    def document(self, lang: str, rid: str) -> str | None:
        if lang not in self.languages() or rid not in self.reports():
            return None
        state = self.state()
        path = self.out / lang / f"{rid}.html"
        try:
            page = path.read_text(encoding="utf-8")
        except OSError:
            return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                    f'<meta http-equiv="Content-Security-Policy" content="{PREVIEW_CSP}"><title>{html.escape(rid)}'
                    f"</title></head><body>{self.problems_box(state, missing=True)}<p><a href=\"/\">All reports</a>"
                    f"</p>{self.script(state)}</body></html>")
        return served(page, self.problems_box(state), self.script(state))


def _read(path: Path) -> str:
    if not path.is_file():
        raise OSError(f"not a file: {path}")
    return path.read_text(encoding="utf-8")


def served(page: str, box: str, script: str) -> str:
    """A built page as the preview serves it: the preview's policy instead of the published one, the problems
    at the top, the reload script at the end. The file itself is not changed."""
    page = page.replace(f'content="{CSP}"', f'content="{PREVIEW_CSP}"')
    body = _BODY_OPEN.search(page)
    if body is not None and box:
        page = page[:body.end()] + box + page[body.end():]
    closes = list(_BODY_CLOSE.finditer(page))
    at = closes[-1].start() if closes else len(page)
    return page[:at] + script + page[at:]


def handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "kzreport-preview"

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path in ("/", "/index.html"):
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", preview.index())
            elif path == "/__kz/version":
                self._send(HTTPStatus.OK, "application/json", json.dumps(preview.state()))
            elif path == "/__kz/reload.js":
                self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS)
            else:
                m = re.fullmatch(r"/([A-Za-z0-9][\w-]*)/([A-Za-z0-9][\w-]*)\.html", path)
                page = preview.document(m.group(1), m.group(2)) if m else None
                if page is None:
                    self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", "not found: see / for the reports")
                else:
                    self._send(HTTPStatus.OK, "text/html; charset=utf-8", page)

        def _send(self, status: HTTPStatus, ctype: str, text: str) -> None:
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", PREVIEW_CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
            pass  # the terminal shows builds and problems, not every request

    return Handler


def serve(root: Path, reports: tuple[str, ...], languages: tuple[str, ...], port: int) -> None:
    """Serve until Ctrl-C (which ends it normally: exit status 0)."""
    from kzreport._interrupts import Interrupts

    preview = Preview(root, reports, languages)
    preview.check_names()
    try:
        server = ThreadingHTTPServer((HOST, port), handler(preview))
    except OSError as exc:
        raise KzError(f"cannot serve on {HOST}:{port}: {exc.strerror or exc}; choose another port with --port") from None
    server.daemon_threads = True
    threads = [threading.Thread(target=t, daemon=True, name=t.__name__)
               for t in (preview.build_loop, preview.watch_tree, preview.watch_root)]
    for t in threads:
        t.start()
    click.echo(f"previewing {root.name} on http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop.set()
        preview.stop_build()
        server.server_close()
        for t in threads:
            t.join(timeout=5)
    Interrupts.requested = False  # Ctrl-C is how a preview ends: not an interruption
    click.echo("preview stopped", err=True)
