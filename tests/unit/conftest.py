"""Unit fixtures: the hub on the in-memory store, a fake sealer and a manual clock."""

from __future__ import annotations

import pytest

from domain.hub import Hub
from tests.fakes import FakeSealer, ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sealer() -> FakeSealer:
    return FakeSealer()


@pytest.fixture
def hub(clock: ManualClock, sealer: FakeSealer) -> Hub:
    return Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=sealer, clock=clock)
