"""The shape of the code: no import cycles between kzreport's modules, counting the imports inside
functions (which hide cycles from Python but not from a reader) and leaving out those only for type
checking."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kzreport"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The kzreport modules a file imports, anywhere in it, except under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and getattr(node.test, "id", "") ==
               "TYPE_CHECKING" for n in ast.walk(node)}
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            candidates = [target, *(f"{target}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        found.update(c for c in candidates if c in modules and c != name)
    return found


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports(path, set(files)) for name, path in files.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# The stages, lowest first: a module may import from its own layer and the ones before it, never from
# a later one (kzreport.plan, .build and .cli put the stages together).
LAYERS = [
    ("kzreport", "kzreport.errors", "kzreport.model", "kzreport.layout", "kzreport.files", "kzreport._interrupts",
     "kzreport.epoch"),
    ("kzreport.load",),
    ("kzreport.safety",),
    ("kzreport.i18n",),
    ("kzreport.checks",),
    ("kzreport.render",),
    ("kzreport.convert",),
    ("kzreport.formats",),
    ("kzreport.publish",),
    ("kzreport.plan", "kzreport.progress", "kzreport.build", "kzreport.scaffold", "kzreport.cli",
     "kzreport.cliutil", "kzreport.__main__",
     "kzreport.coordinator", "kzreport.i18n_commands"),
]


def layer(module: str) -> int:
    """The layer of a module: the one whose name is its longest prefix."""
    found = [(len(name), i) for i, names in enumerate(LAYERS) for name in names
             if module == name or module.startswith(name + ".")]
    assert found, f"{module} is in no layer: add it to LAYERS"
    return max(found)[1]


def test_each_stage_imports_only_earlier_stages():
    wrong = [f"{m} imports {d}" for m, deps in graph().items() for d in deps if layer(d) > layer(m)]
    assert wrong == []


def test_a_later_import_is_caught():
    assert layer("kzreport.load.blocks") < layer("kzreport.render.context")
    edges = {"kzreport.load.blocks": {"kzreport.render.context"}, "kzreport.render.context": set()}
    assert [m for m, deps in edges.items() for d in deps if layer(d) > layer(m)] == ["kzreport.load.blocks"]


def test_the_pipeline_is_in_the_folders():
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"load", "checks", "render", "convert", "formats", "publish", "safety", "i18n"} <= stages


MAX_LINES = 400


def test_no_module_is_longer_than_about_400_lines():
    files = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.lua")]
    long = {str(p.relative_to(PACKAGE)): n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
