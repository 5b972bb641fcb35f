import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import built_copy  # noqa: E402 - needs the path above


def pytest_configure(config):
    # `pytest -m "not e2e"`: the unit tests alone, in seconds
    config.addinivalue_line("markers", "e2e: runs kzreport on a whole project (a real build, or the corpus of "
                                       "bad inputs); deselect with -m 'not e2e'")


def pytest_collection_modifyitems(items):
    for item in items:
        if "built_root" in getattr(item, "fixturenames", ()):  # it reads a real build
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def built_root(tmp_path_factory):
    """`built_root(name, *args)`: a copy of tests/roots/<name> built with `kzreport build ARGS`, made
    once per session (per xdist worker) and shared by every test that asks for the same name and
    arguments, like Sphinx's `app` with `testroot=`. Tests only read it; a test that changes the
    project or its outputs works on its own copy (helpers.copy_built)."""
    builds: dict[tuple[str, tuple[str, ...]], Path] = {}

    def build(name: str, *args: str) -> Path:
        if (name, args) not in builds:
            builds[name, args] = built_copy(tmp_path_factory, name, *args)
        return builds[name, args]

    return build
