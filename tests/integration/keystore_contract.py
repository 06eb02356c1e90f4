"""The key-store contract, written once and run on every implementation with a real database."""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from adapters.keystore import KeyStore, StoredKey
from adapters.master_key import MasterKey, MasterKeyMismatch
from adapters.sealer import CaseSealer
from domain.errors import PersonalDataUnavailable


@dataclass(frozen=True)
class RawKeyRow:
    """A row of ``ruta_data_keys`` as the database holds it, read around the key store."""

    key_id: str | None
    wrapped: bytes | None
    destroyed_at: object | None


OpenStore = Callable[[], KeyStore]
RawRows = Callable[[], dict[UUID, RawKeyRow]]


def wrapped_key() -> bytes:
    return secrets.token_bytes(60)  # the size of a real one: nonce, key and tag


def new_key_id() -> str:
    return uuid.uuid4().hex


def run_together(*actions: Callable[[], None]) -> None:
    start = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action: Callable[[], None]) -> None:
        start.wait()
        try:
            action()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


class KeyStoreContract:
    """Subclass as ``Test...Store`` and provide the fixtures ``open_store`` and ``raw_rows``.

    ``open_store`` opens another store on the same database each time it is called, as another
    process would, and closes them all afterwards.
    """

    @pytest.fixture
    def store(self, open_store: OpenStore) -> KeyStore:
        return open_store()

    def test_a_case_without_a_key_has_none(self, store: KeyStore) -> None:
        case_id = uuid.uuid4()

        assert store.get(case_id) is None
        assert not store.is_destroyed(case_id)

    def test_an_added_key_is_found_again_by_another_store(
        self, store: KeyStore, open_store: OpenStore
    ) -> None:
        case_id, key_id, wrapped = uuid.uuid4(), new_key_id(), wrapped_key()

        added = store.add(case_id, key_id, wrapped)

        found = open_store().get(case_id)
        assert found is not None
        assert (added.key_id, added.wrapped) == (found.key_id, found.wrapped) == (key_id, wrapped)

    def test_a_second_key_for_a_case_is_not_stored_and_the_first_is_returned(
        self, store: KeyStore
    ) -> None:
        case_id, first = uuid.uuid4(), new_key_id()
        store.add(case_id, first, wrapped_key())

        returned = store.add(case_id, new_key_id(), wrapped_key())

        assert returned.key_id == first
        found = store.get(case_id)
        assert found is not None
        assert found.key_id == first

    def test_concurrent_adds_from_threads_and_stores_leave_one_key(
        self, open_store: OpenStore, raw_rows: RawRows
    ) -> None:
        stores = [open_store(), open_store()]
        cases = [uuid.uuid4() for _ in range(25)]
        returned: list[tuple[UUID, str]] = []
        lock = threading.Lock()

        def add_all(store: KeyStore) -> None:
            for case_id in cases:
                key = store.add(case_id, new_key_id(), wrapped_key())
                with lock:
                    returned.append((case_id, key.key_id))

        run_together(*[lambda s=stores[i % 2]: add_all(s) for i in range(6)])

        rows = raw_rows()
        assert set(rows) == set(cases)
        for case_id, key_id in returned:
            assert rows[case_id].key_id == key_id

    def test_destroying_a_key_deletes_it_and_leaves_a_tombstone(
        self, store: KeyStore, raw_rows: RawRows
    ) -> None:
        case_id, wrapped = uuid.uuid4(), wrapped_key()
        store.add(case_id, new_key_id(), wrapped)

        assert store.destroy(case_id) is True

        assert store.get(case_id) is None
        assert store.is_destroyed(case_id)
        rows = raw_rows()
        assert rows[case_id].wrapped is None
        assert rows[case_id].destroyed_at is not None
        assert all(row.wrapped != wrapped for row in rows.values())

    def test_destroying_twice_reports_a_key_only_the_first_time(self, store: KeyStore) -> None:
        case_id = uuid.uuid4()
        store.add(case_id, new_key_id(), wrapped_key())

        assert store.destroy(case_id) is True
        assert store.destroy(case_id) is False
        assert store.is_destroyed(case_id)

    def test_a_destroyed_case_never_gets_a_new_key(
        self, store: KeyStore, open_store: OpenStore
    ) -> None:
        case_id = uuid.uuid4()
        store.add(case_id, new_key_id(), wrapped_key())
        store.destroy(case_id)

        with pytest.raises(PersonalDataUnavailable):
            open_store().add(case_id, new_key_id(), wrapped_key())
        assert store.get(case_id) is None

    def test_a_case_erased_before_it_had_a_key_is_tombstoned_all_the_same(
        self, store: KeyStore, raw_rows: RawRows
    ) -> None:
        case_id = uuid.uuid4()

        assert store.destroy(case_id) is False

        assert store.is_destroyed(case_id)
        assert raw_rows()[case_id].destroyed_at is not None
        with pytest.raises(PersonalDataUnavailable):
            store.add(case_id, new_key_id(), wrapped_key())

    def test_destroying_one_case_leaves_the_others_alone(self, store: KeyStore) -> None:
        erased, kept = uuid.uuid4(), uuid.uuid4()
        store.add(erased, new_key_id(), wrapped_key())
        kept_key = store.add(kept, new_key_id(), wrapped_key())

        store.destroy(erased)

        assert store.get(kept) == kept_key
        assert not store.is_destroyed(kept)

    def test_a_destruction_racing_an_add_never_leaves_a_key_behind(
        self, open_store: OpenStore
    ) -> None:
        adder, eraser = open_store(), open_store()
        cases = [uuid.uuid4() for _ in range(20)]

        def add_all() -> None:
            for case_id in cases:
                # Erased first: refusing the key is the point.
                with contextlib.suppress(PersonalDataUnavailable):
                    adder.add(case_id, new_key_id(), wrapped_key())

        def destroy_all() -> None:
            for case_id in cases:
                eraser.destroy(case_id)

        run_together(add_all, destroy_all)

        assert [adder.get(case_id) for case_id in cases] == [None] * len(cases)
        assert all(adder.is_destroyed(case_id) for case_id in cases)

    def test_metadata_is_written_once_and_read_back_by_another_store(
        self, store: KeyStore, open_store: OpenStore
    ) -> None:
        assert store.get_meta("master_key_check") is None

        assert store.put_meta_if_absent("master_key_check", b"first") == b"first"
        assert store.put_meta_if_absent("master_key_check", b"second") == b"first"
        assert open_store().get_meta("master_key_check") == b"first"

    def test_a_wrong_master_key_against_an_existing_store_fails_with_mismatch(
        self, open_store: OpenStore
    ) -> None:
        master = MasterKey(secrets.token_bytes(32), Path("/run/secrets/ruta-master.key"))
        CaseSealer(open_store(), master).seal(uuid.uuid4(), "personal_data.full_name", "Ana")
        wrong = MasterKey(secrets.token_bytes(32), Path("/run/secrets/old-master.key"))

        with pytest.raises(MasterKeyMismatch) as raised:
            CaseSealer(open_store(), wrong)

        assert "/run/secrets/old-master.key" in str(raised.value)
        assert wrong.key.hex() not in str(raised.value)

    def test_values_sealed_through_one_store_open_through_another_until_erased(
        self, open_store: OpenStore
    ) -> None:
        master = MasterKey(secrets.token_bytes(32), Path("/run/secrets/ruta-master.key"))
        writer, reader = CaseSealer(open_store(), master), CaseSealer(open_store(), master)
        case_id = uuid.uuid4()
        sealed = writer.seal(case_id, "personal_data.full_name", "Xóchitl May Chablé")

        assert reader.unseal(case_id, "personal_data.full_name", sealed) == "Xóchitl May Chablé"

        assert writer.destroy_key(case_id)
        with pytest.raises(PersonalDataUnavailable):
            reader.unseal(case_id, "personal_data.full_name", sealed)

    def test_a_batch_of_keys_is_stored_and_found_again_by_another_store(
        self, store: KeyStore, open_store: OpenStore
    ) -> None:
        batch = [(uuid.uuid4(), new_key_id(), wrapped_key()) for _ in range(32)]
        store.add_batch(batch)
        other = open_store()
        for case_id, key_id, wrapped in batch:
            assert other.get(case_id) == StoredKey(key_id, wrapped)

    def test_a_batch_holding_a_taken_case_id_is_refused(self, store: KeyStore) -> None:
        taken = uuid.uuid4()
        store.add(taken, new_key_id(), wrapped_key())
        with pytest.raises((ValueError, sqlite3.IntegrityError, psycopg.IntegrityError)):
            store.add_batch([(uuid.uuid4(), new_key_id(), wrapped_key()), (taken, "x", b"y")])
        assert store.get(taken) is not None

    def test_cases_opened_with_prepared_keys_are_readable_through_another_store(
        self, store: KeyStore, open_store: OpenStore
    ) -> None:
        master = MasterKey(secrets.token_bytes(32), Path("/run/secrets/ruta-master.key"))
        writer = CaseSealer(store, master, batch=4)
        opened = [writer.new_case_id() for _ in range(6)]
        sealed = {
            c: writer.seal_many(c, {"full_name": "Nombre Ficticio"}, new_case=True) for c in opened
        }
        reader = CaseSealer(open_store(), master)
        for case_id, values in sealed.items():
            assert reader.unseal(case_id, "full_name", values["full_name"]) == "Nombre Ficticio"
