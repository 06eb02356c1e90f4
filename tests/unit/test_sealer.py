"""The case sealer on the in-memory key store: real cryptography, no I/O."""

from __future__ import annotations

import base64
import secrets
import threading
import uuid
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from uuid import UUID

import pytest

from adapters.keystore import MemoryKeyStore, NewKey
from adapters.master_key import MasterKey, MasterKeyMismatch
from adapters.sealer import CaseSealer, SealedValueCorrupt
from domain.errors import DataKeyMissing, PersonalDataUnavailable
from domain.personal_data import SealedValue

MASTER_PATH = Path("/run/secrets/ruta-master.key")
NAME = "María Guadalupe Pérez Ñúñez"
ALIASES = ["Lupita", "La Güera"]


@pytest.fixture
def store() -> MemoryKeyStore:
    return MemoryKeyStore()


@pytest.fixture
def master() -> MasterKey:
    return MasterKey(secrets.token_bytes(32), MASTER_PATH)


@pytest.fixture
def case_sealer(store: MemoryKeyStore, master: MasterKey) -> CaseSealer:
    return CaseSealer(store, master)


@pytest.fixture
def case_a() -> UUID:
    return uuid.uuid4()


@pytest.fixture
def case_b() -> UUID:
    return uuid.uuid4()


def flip_one_byte(text: str, at: int = 0) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[at] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


class TestSealing:
    def test_a_text_with_accents_comes_back_as_it_was_sealed(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)

        assert case_sealer.unseal(case_a, "personal_data.full_name", sealed) == NAME

    def test_a_list_of_texts_comes_back_as_the_same_list(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal_many(
            case_a, {"personal_data.aliases": ALIASES, "personal_data.full_name": NAME}
        )

        assert [case_sealer.unseal(case_a, label, value) for label, value in sealed.items()] == [
            ALIASES,
            NAME,
        ]

    def test_the_sealed_value_shows_no_plaintext(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)

        raw = b"".join(base64.b64decode(part) for part in (sealed.nonce, sealed.ciphertext))
        assert NAME.encode() not in raw
        assert "Guadalupe" not in repr(sealed)

    def test_sealing_the_same_value_twice_gives_different_ciphertexts_and_one_commitment(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        first = case_sealer.seal(case_a, "personal_data.full_name", NAME)
        second = case_sealer.seal(case_a, "personal_data.full_name", NAME)

        assert first.ciphertext != second.ciphertext
        assert first.commitment == second.commitment
        assert first.key_id == second.key_id

    def test_each_case_gets_its_own_key(
        self, case_sealer: CaseSealer, case_a: UUID, case_b: UUID
    ) -> None:
        in_a = case_sealer.seal(case_a, "personal_data.full_name", NAME)
        in_b = case_sealer.seal(case_b, "personal_data.full_name", NAME)

        assert in_a.key_id != in_b.key_id
        assert in_a.commitment != in_b.commitment

    def test_a_case_has_a_key_only_once_something_was_sealed(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        assert not case_sealer.has_key(case_a)
        case_sealer.seal_many(case_a, {})
        assert not case_sealer.has_key(case_a)

        case_sealer.seal(case_a, "personal_data.full_name", NAME)

        assert case_sealer.has_key(case_a)


class TestBinding:
    def test_a_value_sealed_for_one_case_does_not_open_as_another_case(
        self, case_sealer: CaseSealer, case_a: UUID, case_b: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)
        other = case_sealer.seal(case_b, "personal_data.full_name", "Otra persona")

        moved = replace(sealed, key_id=other.key_id)
        with pytest.raises(SealedValueCorrupt):
            case_sealer.unseal(case_b, "personal_data.full_name", moved)
        with pytest.raises(SealedValueCorrupt):
            case_sealer.unseal(case_b, "personal_data.full_name", sealed)

    def test_a_value_sealed_for_one_field_does_not_open_as_another_field(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)

        with pytest.raises(SealedValueCorrupt) as raised:
            case_sealer.unseal(case_a, "personal_data.contact", sealed)
        assert str(case_a) in str(raised.value)
        assert "personal_data.contact" in str(raised.value)
        assert "Guadalupe" not in str(raised.value)

    def test_a_flipped_ciphertext_byte_is_reported_as_corrupt(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)
        tampered = replace(sealed, ciphertext=flip_one_byte(sealed.ciphertext, at=3))

        with pytest.raises(SealedValueCorrupt) as raised:
            case_sealer.unseal(case_a, "personal_data.full_name", tampered)
        assert "Guadalupe" not in str(raised.value)
        assert tampered.ciphertext not in str(raised.value)

    def test_a_commitment_that_was_changed_is_reported_as_corrupt(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)
        tampered = replace(sealed, commitment=flip_one_byte(sealed.commitment))

        with pytest.raises(SealedValueCorrupt):
            case_sealer.unseal(case_a, "personal_data.full_name", tampered)

    def test_a_sealed_value_that_is_not_base64_is_reported_as_corrupt(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)

        with pytest.raises(SealedValueCorrupt):
            case_sealer.unseal(case_a, "personal_data.full_name", replace(sealed, nonce="¿?"))


class TestCommitment:
    def test_the_commitment_matches_the_value_that_was_sealed(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.aliases", ALIASES)

        assert case_sealer.matches(case_a, "personal_data.aliases", sealed, list(ALIASES))

    def test_the_commitment_does_not_match_another_value_or_another_field(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)

        assert not case_sealer.matches(case_a, "personal_data.full_name", sealed, "María Pérez")
        assert not case_sealer.matches(case_a, "personal_data.full_name", sealed, [NAME])
        assert not case_sealer.matches(case_a, "personal_data.aliases", sealed, NAME)


class TestErasure:
    def test_a_destroyed_key_makes_the_case_unreadable_and_unsealable(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)

        assert case_sealer.destroy_key(case_a)

        assert not case_sealer.has_key(case_a)
        with pytest.raises(PersonalDataUnavailable):
            case_sealer.unseal(case_a, "personal_data.full_name", sealed)
        with pytest.raises(PersonalDataUnavailable):
            case_sealer.seal(case_a, "observation.text", "Nota nueva")
        with pytest.raises(PersonalDataUnavailable):
            case_sealer.seal_many(case_a, {"personal_data.contact": "998 123 4567"})
        with pytest.raises(PersonalDataUnavailable):
            case_sealer.matches(case_a, "personal_data.full_name", sealed, NAME)
        assert not case_sealer.has_key(case_a)

    def test_destroying_one_case_leaves_another_case_readable(
        self, case_sealer: CaseSealer, case_a: UUID, case_b: UUID
    ) -> None:
        case_sealer.seal(case_a, "personal_data.full_name", NAME)
        in_b = case_sealer.seal(case_b, "personal_data.full_name", "Rosa Itzel Canul")

        case_sealer.destroy_key(case_a)

        assert case_sealer.has_key(case_b)
        assert case_sealer.unseal(case_b, "personal_data.full_name", in_b) == "Rosa Itzel Canul"

    def test_destroying_twice_reports_that_nothing_was_left_the_second_time(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        case_sealer.seal(case_a, "personal_data.full_name", NAME)

        assert case_sealer.destroy_key(case_a) is True
        assert case_sealer.destroy_key(case_a) is False

    def test_a_case_erased_before_it_had_a_key_never_gets_one(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        assert case_sealer.destroy_key(case_a) is False

        with pytest.raises(PersonalDataUnavailable):
            case_sealer.seal(case_a, "personal_data.full_name", NAME)
        assert not case_sealer.has_key(case_a)

    def test_a_key_destroyed_through_another_sealer_stops_working_at_once(
        self, store: MemoryKeyStore, master: MasterKey, case_a: UUID
    ) -> None:
        reader, eraser = CaseSealer(store, master), CaseSealer(store, master)
        sealed = reader.seal(case_a, "personal_data.full_name", NAME)
        assert reader.unseal(case_a, "personal_data.full_name", sealed) == NAME

        eraser.destroy_key(case_a)

        with pytest.raises(PersonalDataUnavailable):
            reader.unseal(case_a, "personal_data.full_name", sealed)


class TestMissingKey:
    """A key that is gone without an erasure (a key store lost, or restored from an older
    backup) is an error, never the silence an erasure would be."""

    def test_a_key_missing_from_the_store_is_an_error_not_an_erasure(
        self, case_sealer: CaseSealer, store: MemoryKeyStore, master: MasterKey, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)
        restored = MemoryKeyStore()  # the same master key, a key store without the case
        check = store.get_meta("master_key_check")
        assert check is not None
        restored.put_meta_if_absent("master_key_check", check)
        reader = CaseSealer(restored, master)

        with pytest.raises(DataKeyMissing) as missing:
            reader.unseal(case_a, "personal_data.full_name", sealed)
        assert not isinstance(missing.value, PersonalDataUnavailable)
        assert missing.value.params == {"case_id": str(case_a)}
        assert NAME not in str(missing.value)
        with pytest.raises(DataKeyMissing):
            reader.matches(case_a, "personal_data.full_name", sealed, NAME)

    def test_a_destroyed_key_is_still_an_erasure(
        self, case_sealer: CaseSealer, case_a: UUID
    ) -> None:
        sealed = case_sealer.seal(case_a, "personal_data.full_name", NAME)
        case_sealer.destroy_key(case_a)

        with pytest.raises(PersonalDataUnavailable):
            case_sealer.unseal(case_a, "personal_data.full_name", sealed)


class TestMasterKey:
    def test_a_wrong_master_key_is_refused_at_construction_without_showing_key_material(
        self, store: MemoryKeyStore, master: MasterKey
    ) -> None:
        CaseSealer(store, master)
        wrong = MasterKey(secrets.token_bytes(32), Path("/etc/ruta/other.key"))

        with pytest.raises(MasterKeyMismatch) as raised:
            CaseSealer(store, wrong)

        message = str(raised.value)
        assert "/etc/ruta/other.key" in message
        assert "does not open this key store" in message
        for key in (master.key, wrong.key):
            assert base64.b64encode(key).decode() not in message
            assert key.hex() not in message
            assert repr(key) not in message

    def test_a_data_key_that_does_not_unwrap_is_a_master_key_mismatch(
        self, store: MemoryKeyStore, master: MasterKey, case_a: UUID
    ) -> None:
        # A key wrapped by another master key, slipped in beside a valid check value.
        other_store = MemoryKeyStore()
        CaseSealer(other_store, MasterKey(secrets.token_bytes(32), MASTER_PATH)).seal(
            case_a, "personal_data.full_name", NAME
        )
        foreign = other_store.get(case_a)
        assert foreign is not None
        store.add(case_a, foreign.key_id, foreign.wrapped)

        with pytest.raises(MasterKeyMismatch) as raised:
            CaseSealer(store, master).seal(case_a, "personal_data.full_name", NAME)
        assert str(MASTER_PATH) in str(raised.value)

    def test_the_master_key_never_shows_in_its_repr(self, master: MasterKey) -> None:
        assert base64.b64encode(master.key).decode() not in repr(master)
        assert repr(master.key) not in repr(master)
        assert str(MASTER_PATH) in repr(master)


class TestConcurrency:
    def test_sealers_racing_on_a_new_case_end_with_one_key_that_opens_every_value(
        self, store: MemoryKeyStore, master: MasterKey
    ) -> None:
        sealers = [CaseSealer(store, master) for _ in range(8)]
        cases = [uuid.uuid4() for _ in range(100)]  # enough that some first seals collide
        start = threading.Barrier(len(sealers))
        results: dict[int, list[SealedValue]] = {}

        def seal_all(index: int) -> None:
            start.wait()
            results[index] = [
                sealers[index].seal(case_id, "personal_data.full_name", f"Persona {index}")
                for case_id in cases
            ]

        threads = [threading.Thread(target=seal_all, args=(i,)) for i in range(len(sealers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        for position, case_id in enumerate(cases):
            stored = store.get(case_id)
            assert stored is not None
            assert {results[i][position].key_id for i in results} == {stored.key_id}
            for i in results:
                reader = sealers[(i + 1) % len(sealers)]
                value = reader.unseal(case_id, "personal_data.full_name", results[i][position])
                assert value == f"Persona {i}"


class CountingStore(MemoryKeyStore):
    """A memory key store that counts the transactions of new keys."""

    def __init__(self) -> None:
        super().__init__()
        self.batches = 0

    def add_batch(self, keys: Sequence[NewKey]) -> None:
        self.batches += 1
        super().add_batch(keys)


class TestPreparedKeys:
    def test_a_new_case_id_has_its_key_stored_before_the_case_exists(
        self, master: MasterKey
    ) -> None:
        store = CountingStore()
        case_id = CaseSealer(store, master).new_case_id()
        assert store.get(case_id) is not None
        sealed = CaseSealer(store, master).seal_many(case_id, {"full_name": NAME}, new_case=True)
        assert CaseSealer(store, master).unseal(case_id, "full_name", sealed["full_name"]) == NAME

    def test_keys_are_stored_a_batch_at_a_time(self, master: MasterKey) -> None:
        store = CountingStore()
        sealer = CaseSealer(store, master, batch=32)
        ids = {sealer.new_case_id() for _ in range(40)}
        assert len(ids) == 40
        assert store.batches == 2

    def test_new_case_ids_are_unique_across_threads(self, master: MasterKey) -> None:
        sealer = CaseSealer(CountingStore(), master, batch=8)
        found: list[UUID] = []

        def take() -> None:
            found.extend(sealer.new_case_id() for _ in range(50))

        threads = [threading.Thread(target=take) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(found)) == 200

    def test_a_value_sealed_with_the_prepared_key_of_an_erased_case_is_unreadable(
        self, store: MemoryKeyStore, master: MasterKey
    ) -> None:
        sealer = CaseSealer(store, master)
        case_id = sealer.new_case_id()
        store.destroy(case_id)
        sealed = sealer.seal_many(case_id, {"full_name": NAME}, new_case=True)
        with pytest.raises(PersonalDataUnavailable):
            sealer.unseal(case_id, "full_name", sealed["full_name"])
