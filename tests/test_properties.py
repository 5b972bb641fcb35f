"""Property-based: whatever a block file contains, loading never crashes, and a block that cannot be
loaded is explained by a located error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from helpers import write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzreport.build import load_and_validate

KEYS = ["type", "title", "theme", "points", "articles", "issues", "order", "date", "disclosure", "protect",
        "pseudonym", "translated-from"]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
MARKUP = st.sampled_from(["*", "_", "#", "[", "]", "{{ x }}", "{% if %}", "---", "...", ":", "@", "[@x]", "^[",
                          "\\", "$", "<!--", "```", "> ", "- ", "1. ", "|", "\t", "\r\n", "\ufeff", "ә", "Қ"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), TEXT,
                    st.sampled_from(["finding", "case", "recommendation", "text", "safeguards", "public",
                                     "anonymised", "confidential", "2023-03-21", "10"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                      max_leaves=6)
HEADERS = st.one_of(
    st.dictionaries(st.sampled_from(KEYS) | TEXT, VALUES, max_size=8).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.lists(st.one_of(TEXT, MARKUP), max_size=12).map("".join),
)
BODIES = st.lists(st.one_of(TEXT, MARKUP), max_size=30).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=HEADERS, body=BODIES, fenced=st.booleans())
def test_any_block_loads_or_is_explained(header, body, fenced):
    with tempfile.TemporaryDirectory() as tmp:
        text = f"---\n{header}\n---\n{body}" if fenced else header + body
        project = write_project(Path(tmp), {"content/en/safeguards/random.md": text})
        loaded, diags = load_and_validate(project)
        assert loaded is not None
        for d in diags:
            assert d.path and d.message and d.level in ("error", "warning")
            assert d.line is None or d.line >= 1
        if "safeguards/random" not in loaded.blocks:
            assert any(d.path.endswith("random.md") and d.level == "error" for d in diags), list(diags)


@settings(max_examples=60, deadline=None)
@given(text=st.lists(st.one_of(TEXT, MARKUP), max_size=20).map("".join))
def test_any_strings_file_loads_or_is_explained(text):
    with tempfile.TemporaryDirectory() as tmp:
        project = write_project(Path(tmp), {"content/en/themes.yaml": text})
        loaded, diags = load_and_validate(project)
        assert loaded is not None
        assert all(d.path for d in diags)
