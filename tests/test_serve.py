"""`kzreport serve`: the live preview, as a drafter uses it.

On a copy of tests/roots/basic: the index and /en/alt.html answer; a sentence added to one of the report's
blocks shows in the open page within seconds without reloading it by hand; a misspelt field in that block
shows in the page as PATH:LINE; Ctrl-C ends it cleanly. Once over HTTP, and once in a real browser (Chromium
driven by Playwright; skipped, saying why, where there is no Chromium)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import copy_root, kz

from kzreport.formats.html_safety import CSP

pytestmark = pytest.mark.e2e

BLOCK = Path("content/en/safeguards/detention.md")  # a block of the report alt
SENTENCE = "The drafter added this sentence just now."
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or \
    ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - our own server on 127.0.0.1
        return r.read().decode("utf-8")


def state(base: str) -> dict:
    return json.loads(get(base + "/__kz/version"))


def wait_for(what, timeout: float = 60.0, step: float = 0.1):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = what()
        except (OSError, urllib.error.URLError, ValueError):
            value = None
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(step)


@contextmanager
def serving(project: Path, *args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kzreport", "serve", "--port", str(port), *args], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: state(base)["version"] >= 1 and not state(base)["building"], timeout=120)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def stop(proc: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C, as a person stops it: a clean end, no traceback."""
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out + err


def misspell(project: Path) -> None:
    path = project / BLOCK
    text = path.read_text(encoding="utf-8")
    assert "\ntheme: safeguards\n" in text
    path.write_text(text.replace("\ntheme: safeguards\n", "\nthem: safeguards\n"), encoding="utf-8")


def test_serve_over_http(tmp_path):
    project = copy_root("basic", tmp_path)
    with serving(project) as (base, proc):
        index = get(base + "/")
        assert 'href="/en/alt.html"' in index and 'href="/ru/alt.html"' in index
        page = get(base + "/en/alt.html")
        assert "moment of actual detention" in page and "/__kz/reload.js" in page
        assert f'content="{CSP}"' not in page and "script-src 'self'" in page  # the preview's own policy
        published = (project / "build" / ".preview" / "en" / "alt.html").read_text(encoding="utf-8")
        assert "<script" not in published and f'content="{CSP}"' in published  # the file itself is unchanged
        assert not (project / "build" / "en").exists()  # nothing published by a preview
        assert "fetch(" in get(base + "/__kz/reload.js")
        with pytest.raises(urllib.error.HTTPError):
            get(base + "/../kzreport.yaml")
        version = state(base)["version"]
        with (project / BLOCK).open("a", encoding="utf-8") as f:
            f.write(f"\n{SENTENCE}\n")
        wait_for(lambda: state(base)["version"] > version, timeout=30)  # what open pages wait for to reload
        assert SENTENCE in get(base + "/en/alt.html")
        misspell(project)
        wait_for(lambda: state(base)["failed"], timeout=30)
        page = get(base + "/en/alt.html")
        assert f"{BLOCK.as_posix()}:4: error:" in page and "them" in page
        assert SENTENCE in page  # the last version that was built, under the problems
        assert f"{BLOCK.as_posix()}:4: error:" in get(base + "/")
        code, output = stop(proc)
    assert code == 0, output
    assert "Traceback" not in output and "preview stopped" in output


def test_serve_refuses_an_unknown_report(tmp_path):
    project = copy_root("basic", tmp_path)
    result = kz(project, "serve", "nosuch", "--port", "0")
    assert result.exit_code == 2 and 'there is no report "nosuch"' in result.output


def test_serve_in_a_real_browser(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed: .ci/run installs it with apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")
    project = copy_root("basic", tmp_path)
    with serving(project) as (base, proc), sync_api.sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        except Exception as exc:  # noqa: BLE001 - a browser that cannot start here says why
            pytest.skip(f"Chromium could not start here: {str(exc)[-300:]}")
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(base + "/")
            links = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert "/en/alt.html" in links and "/ru/alt.html" in links
            page.click("a[href='/en/alt.html']")
            page.wait_for_url(base + "/en/alt.html")
            sync_api.expect(page.locator("body")).to_contain_text("moment of actual detention")
            # the drafter saves a new sentence: it shows in the open page by itself, within seconds
            with (project / BLOCK).open("a", encoding="utf-8") as f:
                f.write(f"\n{SENTENCE}\n")
            started = time.monotonic()
            sync_api.expect(page.locator("body")).to_contain_text(SENTENCE, timeout=15000)
            assert time.monotonic() - started < 15
            # then misspells a field: the problem shows in the page, with the file and line
            misspell(project)
            sync_api.expect(page.locator("#kz-problems")).to_contain_text(f"{BLOCK.as_posix()}:4: error:",
                                                                         timeout=15000)
            assert page.url == base + "/en/alt.html"
            assert not [e for e in errors if "Content Security Policy" in e], errors  # the reload script may run
        finally:
            browser.close()
        code, output = stop(proc)
    assert code == 0, output
    assert "Traceback" not in output
