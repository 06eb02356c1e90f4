"""schemathesis against the whole API, as an agency's tester would run it, inside ``make test``.

The API runs as ``ruta serve`` does (every view, the signer) on a loopback port, with a few
fictitious cases in it; the ``schemathesis`` command reads its document and tries every
operation in all four phases: the document's examples, the coverage of every parameter's
boundaries and of the methods a path lacks, fuzzing with valid and invalid data, and stateful
sequences that follow the document's links (a case opened, then read, referred, handed over).
It runs with a caseworker's token, the commission's and an auditor's, each on the operations it
may use. Its checks: no 5xx at all; every answer's status, media type, headers and body as the
document says; invalid data refused; a 405 with ``Allow`` for a method a path lacks; a refusal
without a token; and, our own (``schemathesis_checks``), every error ``application/problem+json``.

Bounded (50 examples per operation, phase and mode: a few hundred per kind of operation, the
whole under three minutes on a 2-core machine) and deterministic: generation is derandomized,
with no example database and no cache between runs, so CI sees the same requests every time.
Nothing is asked to wait: a long poll of the feed has ``wait=0``, a read ``min_position=0``
(a position beyond the log would be a documented 503, after the wait); everything else is
generated.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.whole_api import open_case, whole_api
from tests.served import serving

CHECKS = Path(__file__).with_name("schemathesis_checks.py")
EXAMPLES = 50
CONFIG = f"""
workers = 1
hooks = "{CHECKS}"
request-timeout = 10
max-stream-events = 3

[cache]
enabled = false

[generation]
deterministic = true
max-examples = {EXAMPLES}

[checks]
# Valid data may still be refused by a rule of the domain (a case closed, a referral answered):
# that is a 4xx the document lists, not a defect.
positive_data_acceptance.enabled = false

[phases.stateful]
max-steps = 6

# Nothing waits: a long poll of the feed returns at once, and a read asks for a view's position
# 0 (always reached). A position beyond the log is answered 503 after the wait, as documented,
# which the no-5xx check would count; tests/e2e/test_integer_bounds.py tries those.
[parameters]
"query.min_position" = 0

[[operations]]
include-path = "/feed"
parameters = {{ "query.wait" = 0 }}
"""


@dataclass(frozen=True)
class Run:
    """Who runs schemathesis, and on which operations (a name regex; every one without)."""

    who: tuple[str, str]
    operations: str | None = None
    phases: str = "examples,coverage,fuzzing,stateful"


RUNS = {
    "caseworker": Run(("dif", "caseworker")),
    # The commission reads and observes; auditors read the audit log and sign it (no links
    # between those operations: nothing for a stateful phase to follow).
    "commission": Run(("cdheqroo", "commission"), r"^(GET |POST /cases/\{case_id\}/observations$)"),
    "auditor": Run(("segob", "auditor"), r"^(GET|POST) /audit/", "examples,coverage,fuzzing"),
}


@dataclass
class Served:
    port: int
    tokens: dict[str, str]
    work: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    work = Path(tmp_path_factory.mktemp("schemathesis"))
    with whole_api(work / "var") as whole:
        api = whole.api
        for day in (1, 2, 3):  # cases for the caseworker (DIF serves them) and the commission
            open_case(api, f"2026-11-0{day}T08:30:00-05:00")
        tokens = {name: api.token(*run.who) for name, run in RUNS.items()}
        whole.caught_up()
        (work / "schemathesis.toml").write_text(CONFIG, encoding="utf-8")
        with serving(api.client.app) as port:
            yield Served(port, tokens, work)


def schemathesis(served: Served, name: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    report = served.work / f"{name}.ndjson"
    command = [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(served.work / "schemathesis.toml"),
        "run", f"http://127.0.0.1:{served.port}/openapi.json",
        "--header", f"Authorization: Bearer {served.tokens[name]}",
        "--report", "ndjson", "--report-ndjson-path", str(report),
        "--phases", RUNS[name].phases,
        "--no-color",
    ]  # fmt: skip
    if (operations := RUNS[name].operations) is not None:
        command += ["--include-name-regex", operations]
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    done = subprocess.run(
        command, cwd=served.work, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    return done, report


def run_in(report: Path) -> tuple[Counter[str], Counter[int]]:
    """The test cases of each phase, and the statuses answered, from the run's NDJSON report."""
    cases: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    for line in report.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if finished is None:
            continue
        recorder = finished["recorder"]
        cases[finished["phase"]] += len(recorder.get("cases", {}))
        for interaction in recorder.get("interactions", {}).values():
            if interaction.get("response"):
                statuses[interaction["response"]["status_code"]] += 1
    return cases, statuses


@pytest.mark.parametrize("name", list(RUNS))
def test_schemathesis_finds_nothing_wrong_with_the_token_of(served: Served, name: str) -> None:
    done, report = schemathesis(served, name)
    output = (done.stdout + done.stderr)[-30_000:]
    assert done.returncode == 0, output
    cases, statuses = run_in(report)
    # Not vacuous: every phase ran (links followed), and requests got past the refusals.
    phases = RUNS[name].phases.split(",")
    assert set(phases) <= set(cases), (cases, output)
    assert all(cases[phase] > 0 for phase in phases if phase != "examples"), cases
    assert sum(cases.values()) >= 400, cases
    assert statuses[200] > 0, statuses
    assert not [status for status in statuses if status >= 500], statuses
