"""Where things are: the files kzreport ships (built-in templates), found in one place."""

from __future__ import annotations

from pathlib import Path

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


def template_path(root: Path, name: str) -> Path:
    """A project's own templates/<name>, else the built-in one (a project overrides file by file)."""
    own = root / "templates" / name
    return own if own.is_file() else BUILTIN_TEMPLATES / name
