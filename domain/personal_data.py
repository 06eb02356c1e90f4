"""Personal data is never stored in plain text: events carry sealed values only.

Each case has its own data key, kept in a key store apart from the events. A sealed value holds
the key id, the nonce, the ciphertext and a keyed commitment to the plaintext; destroying the
case's key erases the data for good while every event stays readable and every proof over the
stored bytes still verifies. The cryptography lives in ``adapters/``; the domain only sees this
interface.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.errors import InvalidValue, UnknownPersonalDataField

PlainValue = str | list[str]


class PersonalField(StrEnum):
    """The personal data a detection may record, and the need-to-know category of each."""

    FULL_NAME = "full_name"
    ALIASES = "aliases"
    DATE_OF_BIRTH = "date_of_birth"
    DOCUMENTS = "documents"
    CONTACT = "contact"
    ADDRESS = "address"
    PHOTOS = "photos"
    NARRATIVE = "narrative"


class DataCategory(StrEnum):
    IDENTITY = "identity"
    CONTACT = "contact"
    NARRATIVE = "narrative"
    LOCATION = "location"
    NOTE = "note"


FIELD_CATEGORY: dict[PersonalField, DataCategory] = {
    PersonalField.FULL_NAME: DataCategory.IDENTITY,
    PersonalField.ALIASES: DataCategory.IDENTITY,
    PersonalField.DATE_OF_BIRTH: DataCategory.IDENTITY,
    PersonalField.DOCUMENTS: DataCategory.IDENTITY,
    PersonalField.PHOTOS: DataCategory.IDENTITY,
    PersonalField.CONTACT: DataCategory.CONTACT,
    PersonalField.ADDRESS: DataCategory.CONTACT,
    PersonalField.NARRATIVE: DataCategory.NARRATIVE,
}

LIST_FIELDS = frozenset({PersonalField.ALIASES, PersonalField.DOCUMENTS, PersonalField.PHOTOS})
MAX_TEXT = 20_000


@dataclass(frozen=True)
class SealedValue:
    """A value sealed with its case's data key: AES-256-GCM and an HMAC commitment (base64)."""

    key_id: str
    nonce: str
    ciphertext: str
    commitment: str


class Sealer(Protocol):
    """Seals and opens values with the data key of their case."""

    def new_case_id(self) -> UUID:
        """A random id for a case about to be opened (its key may be prepared ahead)."""
        ...

    def seal(self, case_id: UUID, label: str, value: PlainValue) -> SealedValue:
        """Seal ``value`` under the case's key, bound to the case and to ``label``."""
        ...

    def seal_many(
        self, case_id: UUID, values: Mapping[str, PlainValue], *, new_case: bool = False
    ) -> dict[str, SealedValue]:
        """Seal several values of one case at once, each bound to its own label (the key).

        ``new_case`` says the case is being opened, so its key is created without first
        looking for one.
        """
        ...

    def unseal(self, case_id: UUID, label: str, sealed: SealedValue) -> PlainValue:
        """The plain value; ``PersonalDataUnavailable`` if the case's key was destroyed (erased),
        ``DataKeyMissing`` if it is gone without having been destroyed."""
        ...

    def destroy_key(self, case_id: UUID) -> bool:
        """Destroy the case's data key for good; False if there was none left to destroy."""
        ...

    def has_key(self, case_id: UUID) -> bool: ...


def check_personal_data(values: Mapping[str, object]) -> dict[PersonalField, PlainValue]:
    """The personal data named by field, each value checked; blank values are left out."""
    checked: dict[PersonalField, PlainValue] = {}
    for name, value in values.items():
        try:
            field = PersonalField(name)
        except ValueError:
            raise UnknownPersonalDataField(field=f"personal_data.{name}", name=name) from None
        where = f"personal_data.{name}"
        if field in LIST_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InvalidValue(field=where, reason="a list of texts is expected")
            items = [v.strip() for v in value if v.strip()]
            if items:
                checked[field] = _bounded(items, where)
        else:
            if not isinstance(value, str):
                raise InvalidValue(field=where, reason="a text is expected")
            if value.strip():
                checked[field] = _bounded(value.strip(), where)
    return checked


def check_field_names(names: Iterable[str], *, field: str) -> list[PersonalField]:
    """Personal-data field names, each one known; an error names ``field[index]``."""
    fields = []
    for index, name in enumerate(names):
        try:
            fields.append(PersonalField(name))
        except ValueError:
            raise UnknownPersonalDataField(field=f"{field}[{index}]", name=name) from None
    return fields


def _bounded(value: PlainValue, where: str) -> PlainValue:
    size = len(value) if isinstance(value, str) else sum(len(v) for v in value)
    if size > MAX_TEXT:
        raise InvalidValue(field=where, reason=f"at most {MAX_TEXT} characters")
    return value


def check_free_text(value: str | None, *, field: str) -> str | None:
    """A free text (a note, a place, a location): sealed like personal data, bounded, or None."""
    if value is None or not value.strip():
        return None
    return str(_bounded(value.strip(), field))
