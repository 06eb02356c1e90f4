"""The domain's ``Sealer`` with real cryptography: a data key per case, wrapped by the master key.

Each case's 32-byte data key is random and stored only wrapped (AES-256-GCM under the master
key, bound to the case and the key id). Two keys are derived from it with HKDF-SHA256: one
encrypts values (AES-256-GCM, bound to the case and the field's label), the other computes the
HMAC-SHA256 commitment that lets a stored value be compared with a candidate without opening it.
Unwrapped keys are never cached: a key destroyed by another process stops working at once.
Nothing raised here ever contains plaintext, key bytes or ciphertext.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from adapters.keystore import KeyStore, StoredKey
from adapters.master_key import MasterKey, MasterKeyMismatch
from domain.errors import DataKeyMissing, PersonalDataUnavailable
from domain.personal_data import PlainValue, SealedValue

NONCE_SIZE = 12
KEY_SIZE = 32
# Domain separation: every use of a key names its purpose and version, so bytes made for one
# purpose can never pass for another.
_WRAP_AAD = b"ruta/data-key/v1"
_SEAL_AAD = b"ruta/sealed/v1"
_SEAL_INFO = b"ruta/seal/v1"
_COMMIT_INFO = b"ruta/commit/v1"
CHECK_NAME = "master_key_check"
_CHECK_TEXT = b"ruta/master-key-check/v1"


class SealedValueCorrupt(ValueError):
    """A sealed value does not open: its bytes were altered, or it belongs to another case."""

    def __init__(self, case_id: UUID, label: str) -> None:
        self.case_id = case_id
        self.label = label
        super().__init__(
            f"The sealed value {label!r} of case {case_id} does not open with the case's key: "
            "it was altered, or sealed for another case or field."
        )


@dataclass(frozen=True)
class _CaseKeys:
    key_id: str
    encryption: AESGCM
    commitment: bytes


class CaseSealer:
    """Seals values with the data key of their case; the domain ``Sealer``."""

    def __init__(self, keystore: KeyStore, master: MasterKey, *, batch: int = 32) -> None:
        self._keystore = keystore
        self._master = master
        self._wrapper = AESGCM(master.key)
        self._check_master_key()
        self._batch = batch
        self._lock = threading.Lock()
        self._unused: list[tuple[UUID, _CaseKeys]] = []  # stored, not yet handed out
        self._handed_out: dict[UUID, _CaseKeys] = {}  # handed out, not yet sealed with

    def new_case_id(self) -> UUID:
        """A random id for a new case, whose data key is stored already.

        Keys are stored ahead, a batch per transaction, so that opening a case waits for one
        durable commit (its events) instead of two. A key whose case is never opened (the
        process stopped first) opens nothing and is harmless.
        """
        with self._lock:
            if not self._unused:
                self._store_batch()
            case_id, keys = self._unused.pop()
            self._handed_out[case_id] = keys
            while len(self._handed_out) > 4 * self._batch:  # cases opened without personal data
                self._handed_out.pop(next(iter(self._handed_out)))
        return case_id

    def seal(self, case_id: UUID, label: str, value: PlainValue) -> SealedValue:
        return self._seal(self._keys_for_sealing(case_id), case_id, label, value)

    def seal_many(
        self, case_id: UUID, values: Mapping[str, PlainValue], *, new_case: bool = False
    ) -> dict[str, SealedValue]:
        if not values:
            return {}  # nothing to seal is no reason to give the case a key
        if new_case:
            with self._lock:
                prepared = self._handed_out.pop(case_id, None)
            keys = prepared or self._new_keys(case_id)
        else:
            keys = self._keys_for_sealing(case_id)
        return {label: self._seal(keys, case_id, label, value) for label, value in values.items()}

    def unseal(self, case_id: UUID, label: str, sealed: SealedValue) -> PlainValue:
        keys = self._keys_for_reading(case_id, label, sealed)
        nonce = self._decode(sealed.nonce, case_id, label)
        ciphertext = self._decode(sealed.ciphertext, case_id, label)
        try:
            plaintext = keys.encryption.decrypt(nonce, ciphertext, _value_aad(case_id, label))
        except (InvalidTag, ValueError):
            raise SealedValueCorrupt(case_id, label) from None
        expected = self._decode(sealed.commitment, case_id, label)
        if not hmac.compare_digest(_commit(keys, label, plaintext), expected):
            raise SealedValueCorrupt(case_id, label)
        value = json.loads(plaintext)
        if isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        ):
            return value
        raise SealedValueCorrupt(case_id, label)

    def matches(
        self, case_id: UUID, label: str, sealed: SealedValue, candidate: PlainValue
    ) -> bool:
        """Whether ``candidate`` is the value sealed, by its commitment, without decrypting."""
        keys = self._keys_for_reading(case_id, label, sealed)
        expected = self._decode(sealed.commitment, case_id, label)
        return hmac.compare_digest(_commit(keys, label, _canonical(candidate)), expected)

    def destroy_key(self, case_id: UUID) -> bool:
        return self._keystore.destroy(case_id)

    def has_key(self, case_id: UUID) -> bool:
        return self._keystore.get(case_id) is not None

    def _seal(self, keys: _CaseKeys, case_id: UUID, label: str, value: PlainValue) -> SealedValue:
        plaintext = _canonical(value)
        nonce = os.urandom(NONCE_SIZE)
        ciphertext = keys.encryption.encrypt(nonce, plaintext, _value_aad(case_id, label))
        return SealedValue(
            key_id=keys.key_id,
            nonce=_b64(nonce),
            ciphertext=_b64(ciphertext),
            commitment=_b64(_commit(keys, label, plaintext)),
        )

    def _keys_for_sealing(self, case_id: UUID) -> _CaseKeys:
        stored = self._keystore.get(case_id)
        return self._new_keys(case_id) if stored is None else self._unwrap(case_id, stored)

    def _store_batch(self) -> None:
        batch = []
        for _ in range(self._batch):
            case_id, key_id = uuid.uuid4(), uuid.uuid4().hex
            batch.append((case_id, key_id, self._wrap(case_id, key_id)))
        self._keystore.add_batch(batch)
        self._unused = [(c, self._unwrap(c, StoredKey(k, w))) for c, k, w in batch]

    def _new_keys(self, case_id: UUID) -> _CaseKeys:
        # The store raises PersonalDataUnavailable for an erased case, and returns the key of
        # whichever writer got there first when sealers race on a new case.
        key_id = uuid.uuid4().hex
        stored = self._keystore.add(case_id, key_id, self._wrap(case_id, key_id))
        return self._unwrap(case_id, stored)

    def _keys_for_reading(self, case_id: UUID, label: str, sealed: SealedValue) -> _CaseKeys:
        stored = self._keystore.get(case_id)
        if stored is None:
            # Something was sealed, so the case had a key. A tombstone says erasure destroyed
            # it; without one it is lost, which must never read as "no data".
            if self._keystore.is_destroyed(case_id):
                raise PersonalDataUnavailable(case_id=str(case_id))
            raise DataKeyMissing(case_id=str(case_id))
        if stored.key_id != sealed.key_id:  # key ids are not secret
            raise SealedValueCorrupt(case_id, label)
        return self._unwrap(case_id, stored)

    def _wrap(self, case_id: UUID, key_id: str) -> bytes:
        nonce = os.urandom(NONCE_SIZE)
        data_key = os.urandom(KEY_SIZE)
        return nonce + self._wrapper.encrypt(nonce, data_key, _wrap_aad(case_id, key_id))

    def _unwrap(self, case_id: UUID, stored: StoredKey) -> _CaseKeys:
        nonce, wrapped = stored.wrapped[:NONCE_SIZE], stored.wrapped[NONCE_SIZE:]
        try:
            data_key = self._wrapper.decrypt(nonce, wrapped, _wrap_aad(case_id, stored.key_id))
        except (InvalidTag, ValueError):
            raise MasterKeyMismatch(
                f"The data key of case {case_id} in {self._keystore.location} does not open "
                f"with the master key {self._master.path}: the key was wrapped by another "
                "master key, or altered."
            ) from None
        return _CaseKeys(
            key_id=stored.key_id,
            encryption=AESGCM(_derive(data_key, _SEAL_INFO)),
            commitment=_derive(data_key, _COMMIT_INFO),
        )

    def _check_master_key(self) -> None:
        # A check value written by the first sealer to open the store: a wrong master key is
        # refused at start, not discovered at the first unseal, and never wraps new keys.
        stored = self._keystore.get_meta(CHECK_NAME)
        if stored is None:
            nonce = os.urandom(NONCE_SIZE)
            check = nonce + self._wrapper.encrypt(nonce, _CHECK_TEXT, CHECK_NAME.encode())
            stored = self._keystore.put_meta_if_absent(CHECK_NAME, check)
        try:
            text = self._wrapper.decrypt(
                stored[:NONCE_SIZE], stored[NONCE_SIZE:], CHECK_NAME.encode()
            )
        except (InvalidTag, ValueError):
            text = b""
        if not hmac.compare_digest(text, _CHECK_TEXT):
            raise MasterKeyMismatch(
                f"The master key in {self._master.path} does not open this key store "
                f"({self._keystore.location}): the store was created with another master key."
            )

    @staticmethod
    def _decode(text: str, case_id: UUID, label: str) -> bytes:
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise SealedValueCorrupt(case_id, label) from None


def _canonical(value: PlainValue) -> bytes:
    # One serialization for sealing and for comparing, so equal values commit equally.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _commit(keys: _CaseKeys, label: str, plaintext: bytes) -> bytes:
    return hmac.digest(keys.commitment, _label(label) + b"\x00" + plaintext, hashlib.sha256)


def _value_aad(case_id: UUID, label: str) -> bytes:
    return _SEAL_AAD + case_id.bytes + _label(label)


def _wrap_aad(case_id: UUID, key_id: str) -> bytes:
    return _WRAP_AAD + key_id.encode() + case_id.bytes


def _label(label: str) -> bytes:
    # The NUL byte ends the label in the commitment; a label holding one would be ambiguous.
    if "\x00" in label:
        raise ValueError("A label may not contain a NUL character.")
    return label.encode()


def _derive(data_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=KEY_SIZE, salt=None, info=info).derive(data_key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
