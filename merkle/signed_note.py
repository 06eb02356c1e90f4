"""C2SP signed notes and tlog checkpoints with Ed25519 keys: how Ruta signs its tree heads.

Formats: https://c2sp.org/signed-note and https://c2sp.org/tlog-checkpoint, so that standard
tools (Go's ``golang.org/x/mod/sumdb/note``, transparency-dev) check what this signs. No message
raised here contains private key bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from functools import cached_property

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

_ED25519 = b"\x01"  # the signature type byte C2SP assigns to Ed25519
_DASH = "\u2014"  # em dash, the start of every signature line
# C2SP asks verifiers to cap signatures per note and to accept at least 16; Go's note package
# (the reference verifier) allows 100, and so do we.
MAX_SIGNATURES = 100
# Standard checkpoint parsers (transparency-dev, Go) read the tree size as a uint64.
_MAX_TREE_SIZE = 2**64 - 1
_SIZE_LINE = re.compile(r"0|[1-9][0-9]*")  # ASCII digits, no sign, no leading zero


class NoteError(ValueError):
    """A note is malformed, or not signed by the expected key."""


class CheckpointError(NoteError):
    """A checkpoint's text is not exactly an origin, a tree size and a root hash line."""


class BadSignature(NoteError):
    """A well-formed note whose signature by the expected key does not verify: it was altered."""


class NotSignedByKey(NoteError):
    """A well-formed note that carries no signature by the expected key."""


class NoteKeyError(ValueError):
    """A note key, as a string or in a key file, is malformed, missing or unreadable."""


@dataclass(frozen=True)
class VerifierKey:
    """A public Ed25519 note key, written ``<name>+<hex key id>+<base64(0x01 ‖ public key)>``."""

    name: str
    public_key: bytes

    def __post_init__(self) -> None:
        _require_key_name(self.name)
        if len(self.public_key) != 32:
            raise NoteKeyError(f"An Ed25519 public key has 32 bytes, not {len(self.public_key)}.")

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        """The key written in ``text``, or ``NoteKeyError`` saying what is wrong."""
        parts = text.split("+", 2)  # base64 may contain "+" too
        if len(parts) != 3:
            raise NoteKeyError("A verifier key is <name>+<hex key id>+<base64 key>.")
        key = cls(parts[0], _decode_key(parts[2], "public key"))
        _require_key_id(parts[1], key.key_id)
        return key

    @cached_property
    def key_id(self) -> bytes:
        """The 4-byte key id: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]."""
        return hashlib.sha256(f"{self.name}\n".encode() + _ED25519 + self.public_key).digest()[:4]

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``message``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    def __str__(self) -> str:
        encoded = base64.b64encode(_ED25519 + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{encoded}"


@dataclass(frozen=True, eq=False)
class SignerKey:
    """A private Ed25519 note key: ``PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>``.

    ``str()`` is that secret string, for the key file only; ``repr()`` never shows the seed.
    """

    name: str
    seed: bytes = field(repr=False)

    def __post_init__(self) -> None:
        _require_key_name(self.name)
        if len(self.seed) != 32:
            raise NoteKeyError(f"An Ed25519 private key has 32 bytes, not {len(self.seed)}.")

    @classmethod
    def generate(cls, name: str) -> SignerKey:
        """A new random key named ``name``."""
        return cls(name, secrets.token_bytes(32))

    @classmethod
    def parse(cls, text: str) -> SignerKey:
        """The key written in ``text``, or ``NoteKeyError`` (never quoting the text)."""
        parts = text.split("+", 4)  # base64 may contain "+" too
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise NoteKeyError("A signer key is PRIVATE+KEY+<name>+<hex key id>+<base64 key>.")
        key = cls(parts[2], _decode_key(parts[4], "private key"))
        _require_key_id(parts[3], key.key_id)
        return key

    @cached_property
    def _private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @cached_property
    def verifier(self) -> VerifierKey:
        """The public half, to hand to whoever checks the checkpoints."""
        public = self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return VerifierKey(self.name, public)

    @property
    def key_id(self) -> bytes:
        return self.verifier.key_id

    def sign(self, message: bytes) -> bytes:
        """The Ed25519 signature of ``message`` (deterministic, RFC 8032)."""
        return self._private.sign(message)

    def __str__(self) -> str:
        encoded = base64.b64encode(_ED25519 + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.key_id.hex()}+{encoded}"


def sign_note(text: str, key: SignerKey) -> str:
    """``text`` followed by a blank line and one signature line by ``key``."""
    message = _note_bytes(text, "note text")
    if not text.endswith("\n"):
        raise NoteError("A note text ends with a newline.")
    signature = base64.b64encode(key.key_id + key.sign(message)).decode()
    return f"{text}\n{_DASH} {key.name} {signature}\n"


def open_note(note: str, key: VerifierKey) -> str:
    """The text of ``note`` once a signature by ``key`` verifies; ``NoteError`` otherwise.

    As C2SP requires, signatures by other keys (another name or another key id) are ignored,
    and any signature by ``key`` that fails to verify rejects the whole note.
    """
    _note_bytes(note, "note")
    # The text ends at the last blank line; everything after it is signature lines.
    split = note.rfind("\n\n")
    if split < 0:
        raise NoteError("Not a signed note: no blank line separates the text from signatures.")
    text, block = note[: split + 1], note[split + 2 :]
    if not block:
        raise NoteError("The note is not signed.")
    if not block.endswith("\n"):
        raise NoteError("Malformed note: its last signature line does not end with a newline.")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"The note has {len(lines)} signatures; at most {MAX_SIGNATURES} are read.")
    message = text.encode()
    verified = False
    for line in lines:
        name, key_id, signature = _parse_signature_line(line)
        if (name, key_id) != (key.name, key.key_id):
            continue
        if not key.verify(message, signature):
            raise BadSignature(
                f"The signature by {key.name}+{key.key_id.hex()} does not verify: the note was "
                "altered after signing, or signed by another key with the same name and id."
            )
        verified = True
    if not verified:
        raise NotSignedByKey(f"The note carries no signature by {key.name}+{key.key_id.hex()}.")
    return text


@dataclass(frozen=True)
class Checkpoint:
    """A tree head as C2SP tlog-checkpoint states it: the log's origin, size and root hash."""

    origin: str
    size: int
    root: bytes

    def __post_init__(self) -> None:
        if not self.origin or any(c < " " for c in self.origin):
            raise CheckpointError("A checkpoint origin is one non-empty line of printable text.")
        if not 0 <= self.size <= _MAX_TREE_SIZE:
            raise CheckpointError(f"A tree size is between 0 and {_MAX_TREE_SIZE}: {self.size}.")
        if len(self.root) != 32:
            raise CheckpointError(f"A root hash has 32 bytes, not {len(self.root)}.")


def checkpoint_text(origin: str, size: int, root: bytes) -> str:
    """The checkpoint body ``origin\\nsize\\nbase64(root)\\n``."""
    checkpoint = Checkpoint(origin, size, root)
    return f"{checkpoint.origin}\n{checkpoint.size}\n{base64.b64encode(checkpoint.root).decode()}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """The checkpoint in a note text, or ``CheckpointError`` saying which line is wrong.

    Extension lines are refused: C2SP allows them but Ruta writes none, so one means the text
    did not come from Ruta.
    """
    if not text.endswith("\n"):
        raise CheckpointError("A checkpoint ends with a newline.")
    lines = text[:-1].split("\n")
    if len(lines) != 3:
        raise CheckpointError(
            f"A checkpoint is three lines (origin, tree size, root hash), not {len(lines)}."
        )
    origin, size, root = lines
    if not _SIZE_LINE.fullmatch(size):
        raise CheckpointError("A checkpoint's tree size is decimal digits without leading zeros.")
    decoded = _b64decode(root)
    if decoded is None:
        raise CheckpointError("A checkpoint's root hash is not standard base64.")
    return Checkpoint(origin, int(size), decoded)


def sign_checkpoint(origin: str, size: int, root: bytes, key: SignerKey) -> str:
    """The signed note of the checkpoint ``(origin, size, root)``."""
    return sign_note(checkpoint_text(origin, size, root), key)


def verify_checkpoint(note: str, key: VerifierKey) -> Checkpoint:
    """The checkpoint in ``note`` once ``key``'s signature verifies; ``NoteError`` otherwise."""
    return parse_checkpoint(open_note(note, key))


def _note_bytes(text: str, what: str) -> bytes:
    # C2SP: valid UTF-8 and no ASCII control character but newline, anywhere in a note.
    if any(c < " " and c != "\n" for c in text):
        raise NoteError(f"A {what} contains a control character.")
    try:
        return text.encode()
    except UnicodeEncodeError:
        raise NoteError(f"A {what} is not valid Unicode text.") from None


def _parse_signature_line(line: str) -> tuple[str, bytes, bytes]:
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != _DASH:
        raise NoteError("Malformed note: a signature line is '— <key name> <base64 signature>'.")
    name, encoded = parts[1], parts[2]
    signature = _b64decode(encoded)
    if not _is_key_name(name) or signature is None or len(signature) < 5:
        raise NoteError("Malformed note: a signature line has a bad key name or signature.")
    return name, signature[:4], signature[4:]


def _is_key_name(name: str) -> bool:
    # C2SP: non-empty, no Unicode space and no plus (the separator of the key string).
    return bool(name) and "+" not in name and not any(c.isspace() or c < " " for c in name)


def _require_key_name(name: str) -> None:
    if not _is_key_name(name):
        raise NoteKeyError("A key name is non-empty, without spaces, control characters or '+'.")


def _require_key_id(written: str, actual: bytes) -> None:
    if not re.fullmatch(r"[0-9a-fA-F]{8}", written):
        raise NoteKeyError("A key id is 8 hexadecimal digits.")
    if bytes.fromhex(written) != actual:
        raise NoteKeyError("The key id does not match the key name and key.")


def _decode_key(encoded: str, what: str) -> bytes:
    decoded = _b64decode(encoded)
    if decoded is None or len(decoded) != 33:
        raise NoteKeyError(f"A {what} is base64 of 33 bytes: the type 0x01 and 32 key bytes.")
    if decoded[:1] != _ED25519:
        raise NoteKeyError(f"The {what} is not an Ed25519 key (type 0x01).")
    return decoded[1:]


def _b64decode(encoded: str) -> bytes | None:
    # Standard base64 and nothing else: padded, no stray characters, and canonical, so a value
    # has exactly one spelling.
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if base64.b64encode(decoded).decode() == encoded else None
