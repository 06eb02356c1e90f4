"""The domain imports only the standard library and eventsourcing; stored names stay stable."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from eventsourcing.persistence import JSONTranscoder

from domain.hub import Hub
from tests.builders import open_adult

DOMAIN = Path(__file__).parents[2] / "domain"


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_domain_imports_only_the_standard_library_and_eventsourcing() -> None:
    allowed = set(sys.stdlib_module_names) | {"eventsourcing", "domain", "__future__"}
    for path in sorted(DOMAIN.rglob("*.py")):  # the packages inside too (use_cases/, errors/)
        assert imported_roots(path) <= allowed, path.relative_to(DOMAIN)


def test_a_case_read_back_from_the_store_has_its_value_objects_whole(hub: Hub) -> None:
    case_id = open_adult(hub)
    transcoder = JSONTranscoder()
    hub.register_transcodings(transcoder)
    case = hub.get_case(case_id)
    detection = transcoder.decode(transcoder.encode(case.detection))
    assert detection == case.detection
    assert detection.indicators == ("document_retention", "restricted_movement")
    assert type(detection.age_group).__name__ == "AgeGroup"
