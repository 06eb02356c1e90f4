"""Signed checkpoints of the audit log: they verify with the verifier key, say the tree's size and
root, are written only when the log grew, and a thread writes them while it grows."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from eventsourcing.persistence import OperationalError, Tracking

from adapters.checkpoints import (
    Checkpointer,
    CheckpointWriter,
    create_signer_key,
)
from adapters.deployment_keys import checkpoint_key
from adapters.settings import Settings
from domain.hub import Hub
from merkle.signed_note import (
    NoteKeyError,
    SignerKey,
    parse_checkpoint,
    verify_checkpoint,
)
from projections.audit_log import AuditLogProjection
from projections.audit_log_memory import POPOAuditLogView
from tests.builders import open_adult

ORIGIN = "ruta.mx/quintana-roo"
PATIENCE = 10.0  # seconds a thread is given before a test gives up on it (not a speed figure)


@pytest.fixture
def key() -> SignerKey:
    return SignerKey.generate(ORIGIN)


@pytest.fixture
def view() -> POPOAuditLogView:
    return POPOAuditLogView()


@pytest.fixture
def grow(hub: Hub, view: POPOAuditLogView) -> Callable[[], None]:
    """Open a case and bring the audit log up to date with the hub, in one write."""
    projection = AuditLogProjection(view)
    projection.log_head = hub.recorder.max_notification_id  # a case and its folio together

    def grow() -> None:
        open_adult(hub)
        after = view.max_tracking_id(hub.name) or 0
        for record in hub.recorder.select_notifications(after, 100, inclusive_of_start=False):
            projection.process_event(record, Tracking(hub.name, record.id))

    return grow


def eventually(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "the thread did not get there"
        time.sleep(0.01)


def test_a_checkpoint_verifies_with_the_verifier_key_and_states_the_tree(
    view: POPOAuditLogView, key: SignerKey, grow: Callable[[], None]
) -> None:
    grow()
    note = Checkpointer(view, key, ORIGIN).checkpoint_now()

    checkpoint = verify_checkpoint(note, key.verifier)
    assert checkpoint.origin == ORIGIN
    assert checkpoint.size == view.size() == 2  # the case and its folio
    assert checkpoint.root == view.root()
    stored = view.checkpoint()
    assert stored is not None
    assert (stored.size, stored.note) == (2, note)
    assert note.startswith(f"{ORIGIN}\n2\n")


def test_nothing_new_is_written_when_the_log_did_not_grow(
    view: POPOAuditLogView, key: SignerKey, grow: Callable[[], None]
) -> None:
    checkpointer = Checkpointer(view, key, ORIGIN)
    grow()
    first = checkpointer.checkpoint_now()
    assert checkpointer.checkpoint_now() == first
    assert checkpointer.checkpoint_if_grown() is None
    assert [c.size for c in view.checkpoints_between(0, 100)] == [2]

    grow()
    second = checkpointer.checkpoint_now()
    assert parse_checkpoint(second.split("\n\n")[0] + "\n").size == 4
    assert [c.size for c in view.checkpoints_between(0, 100)] == [2, 4]


def test_an_empty_log_is_checkpointed_only_when_asked(
    view: POPOAuditLogView, key: SignerKey
) -> None:
    checkpointer = Checkpointer(view, key, ORIGIN)
    assert checkpointer.checkpoint_if_grown() is None
    assert verify_checkpoint(checkpointer.checkpoint_now(), key.verifier).size == 0


def test_a_key_named_other_than_the_log_is_refused(view: POPOAuditLogView) -> None:
    with pytest.raises(NoteKeyError, match="origin"):
        Checkpointer(view, SignerKey.generate("ruta.mx/yucatan"), ORIGIN)


def test_the_writer_checkpoints_while_the_log_grows_and_once_more_when_it_stops(
    view: POPOAuditLogView, key: SignerKey, grow: Callable[[], None]
) -> None:
    checkpointer = Checkpointer(view, key, ORIGIN)
    with CheckpointWriter(checkpointer, interval=0.01) as writer:
        grow()
        eventually(lambda: (c := view.checkpoint()) is not None and c.size == 2)
        grow()
        eventually(lambda: (c := view.checkpoint()) is not None and c.size == 4)
        writer.check()
    sizes = [c.size for c in view.checkpoints_between(0, 100)]
    assert sizes == [2, 4]  # once per size: nothing while the log stood still

    writer = CheckpointWriter(checkpointer, interval=3600.0)
    grow()
    writer.close()  # long before its first tick
    assert [c.size for c in view.checkpoints_between(0, 100)] == [2, 4, 6]


def test_an_error_stops_the_writer_and_check_raises_it(key: SignerKey) -> None:
    class Broken(POPOAuditLogView):
        def size(self) -> int:
            raise ConnectionError("the view's database is gone")

    writer = CheckpointWriter(Checkpointer(Broken(), key, ORIGIN), interval=0.01)
    eventually(lambda: writer.error is not None)
    with pytest.raises(ConnectionError):
        writer.check()
    with pytest.raises(ConnectionError):
        writer.close()


def test_the_writer_keeps_going_through_a_store_outage(
    view: POPOAuditLogView, key: SignerKey, grow: Callable[[], None]
) -> None:
    class Outage:
        """The view, its store not answering for the first few ticks."""

        silent_ticks = 3

        def __getattr__(self, name: str) -> object:
            return getattr(view, name)

        def size(self) -> int:
            if self.silent_ticks:
                self.silent_ticks -= 1
                raise OperationalError("couldn't get a connection after 0.25 sec")
            return view.size()

    outage = Outage()
    grow()
    writer = CheckpointWriter(Checkpointer(outage, key, ORIGIN), interval=0.01)  # type: ignore[arg-type]
    try:
        eventually(lambda: (c := view.checkpoint()) is not None and c.size == 2)
        assert outage.silent_ticks == 0
        writer.check()
    finally:
        writer.close()
    assert writer.error is None


class TestTheKey:
    def test_the_embedded_default_creates_its_key_once_under_the_data_dir(
        self, tmp_path: Path
    ) -> None:
        settings = Settings.from_env({"RUTA_DATA_DIR": str(tmp_path / "var")})
        key = checkpoint_key(settings)
        assert settings.checkpoint_key_file == tmp_path / "var" / "checkpoint.key"
        assert settings.checkpoint_key_file.stat().st_mode & 0o777 == 0o600
        assert key.name == ORIGIN
        assert checkpoint_key(settings).verifier == key.verifier

    def test_a_configured_deployment_never_creates_its_key(self, tmp_path: Path) -> None:
        settings = Settings.from_env(
            {
                "RUTA_STORE": "postgresql://ruta@db:5432/ruta",
                "RUTA_MASTER_KEY_FILE": str(tmp_path / "master.key"),
                "RUTA_CHECKPOINT_KEY_FILE": str(tmp_path / "absent.key"),
            }
        )
        with pytest.raises(NoteKeyError, match=r"absent\.key"):
            checkpoint_key(settings)
        assert not (tmp_path / "absent.key").exists()

        create_signer_key(tmp_path / "absent.key", ORIGIN)
        assert checkpoint_key(settings).name == ORIGIN
