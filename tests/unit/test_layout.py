"""The shape of the house: top-level packages import each other one way only; modules stay short."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PACKAGES = (
    "domain",
    "queries",
    "projections",
    "merkle",
    "adapters",
    "api",
    "web",
    "cli",
    "demo",
    "texts",
)
MAX_LINES = 300
# Not the project's own modules: the virtual environment, build output, run-time data, tests.
NOT_MODULES = {"tests", "var", "build", "dist", "node_modules", "__pycache__"}

Graph = dict[str, set[str]]


def modules(under: Path) -> Iterator[Path]:
    for path in sorted(under.rglob("*.py")):
        parts = path.relative_to(ROOT).parts[:-1]
        if any(p.startswith(".") or p in NOT_MODULES or p.endswith(".egg-info") for p in parts):
            continue
        yield path


def imported_packages(path: Path) -> set[str]:
    """The top-level names a module imports, anywhere in it (a function's body too)."""
    package = path.relative_to(ROOT).parts[:-1]  # a module's, or an __init__.py's own
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level:
                # ``from . import x`` is the module's own package; each further dot climbs one.
                base = package[: max(0, len(package) - node.level + 1)]
                found.update(base[:1])
    return found


def package_graph() -> Graph:
    """Which of our top-level packages each one imports (itself left out)."""
    graph: Graph = {name: set() for name in PACKAGES}
    for name in PACKAGES:
        for path in modules(ROOT / name):
            graph[name] |= (imported_packages(path) & set(PACKAGES)) - {name}
    return graph


def cycle(graph: Graph) -> list[str] | None:
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        return list(error.args[1])
    return None


GRAPH = package_graph()


def test_the_walk_finds_the_imports_between_packages() -> None:
    assert "domain" in GRAPH["api"]
    assert "domain" in GRAPH["queries"]
    assert "adapters" in GRAPH["cli"]


def test_a_cycle_between_packages_is_found() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle_between_the_top_level_packages() -> None:
    assert cycle(GRAPH) is None, f"import cycle: {' -> '.join(cycle(GRAPH) or [])}"


def test_the_domain_imports_none_of_the_other_packages() -> None:
    assert GRAPH["domain"] == set()


@pytest.mark.parametrize("edge", ["api", "cli", "web"])
def test_the_read_side_never_imports_an_edge(edge: str) -> None:
    assert edge not in GRAPH["queries"]


def test_no_module_outside_the_tests_is_over_300_lines() -> None:
    lengths = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in modules(ROOT)
    }
    assert len(lengths) > 100  # the walk found the project's modules
    assert "domain/hub.py" in lengths
    too_long = {name: n for name, n in lengths.items() if n > MAX_LINES}
    assert not too_long, f"split these modules (over {MAX_LINES} lines): {too_long}"


def test_projections_and_the_verifiable_history_never_import_the_adapters() -> None:
    assert "adapters" not in GRAPH["projections"]
    assert "adapters" not in GRAPH["merkle"]


@pytest.mark.parametrize(
    "below", ["domain", "queries", "projections", "merkle", "adapters", "texts"]
)
def test_nothing_below_the_edges_imports_one(below: str) -> None:
    assert not GRAPH[below] & {"api", "web", "cli", "demo"}


def test_the_http_api_never_imports_the_command_line_or_the_demo() -> None:
    assert not GRAPH["api"] & {"cli", "demo"}


def test_every_package_is_installed_and_copied_into_the_image() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for name in PACKAGES:
        assert f'"{name}*"' in pyproject, f"{name} is missing from the packages pyproject installs"
        assert f"COPY {name} ./{name}" in dockerfile, f"the Dockerfile does not copy {name}"


def test_every_file_a_package_reads_at_run_time_is_in_its_package_data() -> None:
    """Templates, styles, catalogues, the catalogue of agencies: an installed Ruta (the image
    installs it with pip) has only the files pyproject's package-data names."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = declared["tool"]["setuptools"]["package-data"]
    for package, folders in {
        "web": ("templates", "static"),
        "api": ("static",),
        "texts": ("locale",),
        "domain": ("data",),
    }.items():
        for folder in folders:
            for path in (ROOT / package / folder).rglob("*"):
                if path.is_dir() or "__pycache__" in path.parts:
                    continue
                relative = path.relative_to(ROOT / package)
                assert any(relative.match(p) for p in patterns[package]), (
                    f"{package}/{relative} is not in pyproject's package-data"
                )
