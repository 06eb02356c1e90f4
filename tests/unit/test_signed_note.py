"""C2SP signed notes and checkpoints: the reference vector, round trips and every refusal."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

import pytest

from adapters.checkpoints import create_signer_key, load_signer_key
from merkle.signed_note import (
    MAX_SIGNATURES,
    Checkpoint,
    CheckpointError,
    NoteError,
    NoteKeyError,
    SignerKey,
    VerifierKey,
    checkpoint_text,
    open_note,
    parse_checkpoint,
    sign_checkpoint,
    sign_note,
    verify_checkpoint,
)

# The reference vector (/work/shared/reference/merkle-vectors.md, from C2SP / Go's note package).
SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
SIGNATURE_LINE = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6"
    "KE6RyyBwJnAM=\n"
)
NOTE = f"{TEXT}\n{SIGNATURE_LINE}"

ORIGIN = "ruta.example/qroo-hub"
ROOT = hashlib.sha256(b"a fictitious root").digest()
CHECKPOINT = f"{ORIGIN}\n17\n{base64.b64encode(ROOT).decode()}\n"


def reference_key() -> SignerKey:
    return SignerKey.parse(SIGNER)


def signature_line(name: str, payload: bytes) -> str:
    return f"— {name} {base64.b64encode(payload).decode()}\n"


# --- The reference vector ---------------------------------------------------------------------


def test_the_reference_signer_key_gives_the_reference_verifier_key() -> None:
    key = reference_key()

    assert str(key) == SIGNER
    assert str(key.verifier) == VERIFIER
    assert key.key_id.hex() == "c74f20a3"


def test_signing_the_reference_text_reproduces_the_reference_note_byte_for_byte() -> None:
    assert sign_note(TEXT, reference_key()).encode() == NOTE.encode()


def test_the_reference_note_opens_with_the_reference_verifier_key() -> None:
    assert open_note(NOTE, VerifierKey.parse(VERIFIER)) == TEXT


# --- Keys -------------------------------------------------------------------------------------


def test_generated_keys_round_trip_through_their_strings() -> None:
    key = SignerKey.generate("ruta.example/qroo-hub")

    parsed = SignerKey.parse(str(key))

    assert parsed.seed == key.seed
    assert parsed.name == "ruta.example/qroo-hub"
    assert VerifierKey.parse(str(key.verifier)) == key.verifier
    assert SignerKey.generate("ruta.example/qroo-hub").seed != key.seed


def test_the_key_id_hashes_the_name_a_newline_the_type_byte_and_the_public_key() -> None:
    verifier = VerifierKey.parse(VERIFIER)

    expected = hashlib.sha256(b"PeterNeumann\n\x01" + verifier.public_key).digest()[:4]

    assert verifier.key_id == expected


def test_a_signer_key_never_shows_its_seed_in_its_repr() -> None:
    key = reference_key()

    assert "AYEKFALV" not in repr(key)
    assert key.seed.hex() not in repr(key)
    assert "PeterNeumann" in repr(key)


@pytest.mark.parametrize("name", ["", "ruta+hub", "ruta hub", "ruta\thub", "ruta\u00a0hub", "a\nb"])
def test_a_key_name_must_be_non_empty_without_spaces_or_plus(name: str) -> None:
    with pytest.raises(NoteKeyError, match="key name"):
        SignerKey.generate(name)


@pytest.mark.parametrize(
    "text",
    [
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # another key id
        "PeterNeumanm+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # another name
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # id of 7 digits
        "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # type byte 0x02
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",  # 31-byte key
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=",  # bad padding
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW",  # URL-safe base64
        "PeterNeumann+c74f20a3",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "",
    ],
)
def test_a_malformed_verifier_key_is_refused(text: str) -> None:
    with pytest.raises(NoteKeyError):
        VerifierKey.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        SIGNER.removeprefix("PRIVATE+KEY+"),
        SIGNER.replace("PRIVATE+KEY", "PUBLIC+KEY"),
        SIGNER.replace("c74f20a3", "00000000"),
        SIGNER.replace("+AYEK", "+AoEK"),  # type byte 0x02
        SIGNER[:-4],
        SIGNER + "=",
    ],
)
def test_a_malformed_signer_key_is_refused_without_quoting_it(text: str) -> None:
    with pytest.raises(NoteKeyError) as raised:
        SignerKey.parse(text)

    assert "AYEKFALV" not in str(raised.value)
    assert "AoEKFALV" not in str(raised.value)


def test_a_verifier_key_id_may_be_written_in_capitals() -> None:
    assert VerifierKey.parse(VERIFIER.replace("c74f20a3", "C74F20A3")) == VerifierKey.parse(
        VERIFIER
    )


# --- Notes ------------------------------------------------------------------------------------


def test_a_note_with_empty_lines_and_accents_round_trips() -> None:
    key = SignerKey.generate("ruta.example/qroo-hub")
    text = "Canalización a la Fiscalía\n\nrecibida en Benito Juárez\n"

    note = sign_note(text, key)

    assert open_note(note, key.verifier) == text


@pytest.mark.parametrize(
    "text", ["no final newline", "", "tab\there\n", "carriage\r\n", "nul\x00\n", "\ud800\n"]
)
def test_only_a_newline_terminated_text_without_control_characters_can_be_signed(
    text: str,
) -> None:
    with pytest.raises(NoteError):
        sign_note(text, reference_key())


def test_signatures_by_other_keys_are_ignored() -> None:
    other = SignerKey.generate("witness.example/w1")
    same_name = SignerKey.generate("PeterNeumann")  # same name, another key id
    lines = [
        signature_line("witness.example/w1", other.key_id + other.sign(TEXT.encode())),
        signature_line("PeterNeumann", same_name.key_id + b"\x00" * 64),
    ]

    note = f"{TEXT}\n{lines[0]}{SIGNATURE_LINE}{lines[1]}"

    assert open_note(note, VerifierKey.parse(VERIFIER)) == TEXT


def test_sixteen_signatures_are_accepted_and_the_limit_is_enforced() -> None:
    other = SignerKey.generate("witness.example/w1")
    line = signature_line("witness.example/w1", other.key_id + other.sign(TEXT.encode()))
    verifier = VerifierKey.parse(VERIFIER)

    assert open_note(f"{TEXT}\n{line * 15}{SIGNATURE_LINE}", verifier) == TEXT
    assert open_note(f"{TEXT}\n{line * (MAX_SIGNATURES - 1)}{SIGNATURE_LINE}", verifier) == TEXT
    with pytest.raises(NoteError, match="101 signatures"):
        open_note(f"{TEXT}\n{line * MAX_SIGNATURES}{SIGNATURE_LINE}", verifier)


def test_a_bad_signature_by_the_expected_key_rejects_the_note_even_beside_a_good_one() -> None:
    key = reference_key()
    forged = signature_line("PeterNeumann", key.key_id + key.sign(b"another text\n"))

    with pytest.raises(NoteError, match="does not verify"):
        open_note(NOTE + forged, key.verifier)


def _flip(text: str, position: int) -> str:
    return text[:position] + chr(ord(text[position]) ^ 1) + text[position + 1 :]


@pytest.mark.parametrize(
    ("note", "reason"),
    [
        (TEXT, "no blank line"),
        (TEXT + "\n", "not signed"),
        (NOTE + "\n", "not signed"),
        (NOTE.removesuffix("\n"), "does not end with a newline"),
        (_flip(NOTE, 3), "does not verify"),
        (TEXT.replace("problem", "answer") + "\n" + SIGNATURE_LINE, "does not verify"),
        (TEXT + "\n" + SIGNATURE_LINE.replace("x08go/ZJ", "x08go/ZK"), "does not verify"),
        (TEXT + "\n" + SIGNATURE_LINE.replace("JnAM=", "JnAN="), "signature line"),
        (TEXT + "\n" + SIGNATURE_LINE.replace("=\n", "\n"), "signature line"),
        (TEXT + "\n" + SIGNATURE_LINE.replace("— ", "- "), "signature line"),
        (TEXT + "\n" + SIGNATURE_LINE.replace("— ", "—  "), "signature line"),
        (TEXT + "\n" + SIGNATURE_LINE.replace(" x08", "  x08"), "signature line"),
        (TEXT + "\n" + signature_line("PeterNeumann", bytes.fromhex("c74f20a3")), "signature"),
        (TEXT + "\n" + signature_line("Peter+Neumann", b"\x00" * 68), "signature line"),
        (TEXT + "\n" + SIGNATURE_LINE + "trailing text\n", "signature line"),
        (TEXT.replace("\n", "\r\n", 1) + "\n" + SIGNATURE_LINE, "control character"),
        ("\ud800" + NOTE, "not valid Unicode"),
    ],
)
def test_a_malformed_or_tampered_note_is_refused(note: str, reason: str) -> None:
    with pytest.raises(NoteError, match=reason):
        open_note(note, VerifierKey.parse(VERIFIER))


def test_a_note_signed_by_another_key_is_refused() -> None:
    note = sign_note(TEXT, SignerKey.generate("PeterNeumann"))

    with pytest.raises(NoteError, match=r"no signature by PeterNeumann\+c74f20a3"):
        open_note(note, VerifierKey.parse(VERIFIER))


# --- Checkpoints ------------------------------------------------------------------------------


def test_a_checkpoint_body_is_origin_size_and_base64_root() -> None:
    assert checkpoint_text(ORIGIN, 17, ROOT) == CHECKPOINT
    assert parse_checkpoint(CHECKPOINT) == Checkpoint(ORIGIN, 17, ROOT)
    assert parse_checkpoint(checkpoint_text(ORIGIN, 0, ROOT)).size == 0


def test_a_signed_checkpoint_verifies_and_reads_back() -> None:
    key = SignerKey.generate(ORIGIN)

    note = sign_checkpoint(ORIGIN, 17, ROOT, key)

    assert note.startswith(CHECKPOINT + "\n— ruta.example/qroo-hub ")
    assert verify_checkpoint(note, key.verifier) == Checkpoint(ORIGIN, 17, ROOT)


def test_a_checkpoint_signed_by_another_key_or_altered_is_refused() -> None:
    key = SignerKey.generate(ORIGIN)
    note = sign_checkpoint(ORIGIN, 17, ROOT, key)

    with pytest.raises(NoteError):
        verify_checkpoint(note, SignerKey.generate(ORIGIN).verifier)
    with pytest.raises(NoteError, match="does not verify"):
        verify_checkpoint(note.replace("\n17\n", "\n18\n"), key.verifier)


def test_a_well_signed_note_that_is_not_a_checkpoint_is_refused() -> None:
    key = SignerKey.generate(ORIGIN)

    with pytest.raises(CheckpointError):
        verify_checkpoint(sign_note("just a note\n", key), key.verifier)


ROOT64 = base64.b64encode(ROOT).decode()
assert ROOT64.endswith("Q=")  # the canonical spelling the non-canonical case below varies


@pytest.mark.parametrize(
    "text",
    [
        f"{ORIGIN}\n17\n{ROOT64}",  # no final newline
        f"{ORIGIN}\n17\n",
        f"{ORIGIN}\n17\n{ROOT64}\nextension line\n",
        f"{ORIGIN}\n17\n{ROOT64}\n\n",
        f"\n17\n{ROOT64}\n",  # empty origin
        f"{ORIGIN}\n-1\n{ROOT64}\n",
        f"{ORIGIN}\n017\n{ROOT64}\n",
        f"{ORIGIN}\n00\n{ROOT64}\n",
        f"{ORIGIN}\n+17\n{ROOT64}\n",
        f"{ORIGIN}\n 17\n{ROOT64}\n",
        f"{ORIGIN}\n17.0\n{ROOT64}\n",
        f"{ORIGIN}\n١٧\n{ROOT64}\n",  # Arabic-Indic digits
        f"{ORIGIN}\n\n{ROOT64}\n",
        f"{ORIGIN}\n{2**64}\n{ROOT64}\n",
        f"{ORIGIN}\n17\n{ROOT64.rstrip('=')}\n",  # unpadded
        f"{ORIGIN}\n17\n{ROOT64[:-2]}R=\n",  # "Q=" spelled with an unused bit set
        f"{ORIGIN}\n17\n{ROOT64.replace('+', '-').replace('/', '_')}x\n",
        f"{ORIGIN}\n17\n{base64.b64encode(ROOT[:31]).decode()}\n",
        f"{ORIGIN}\n17\n{base64.b64encode(ROOT + b'x').decode()}\n",
        f"{ORIGIN}\n17\n{ROOT.hex()}\n",
    ],
)
def test_a_malformed_checkpoint_is_refused(text: str) -> None:
    with pytest.raises(CheckpointError):
        parse_checkpoint(text)


def test_the_largest_uint64_tree_size_is_a_valid_checkpoint() -> None:
    assert parse_checkpoint(f"{ORIGIN}\n{2**64 - 1}\n{ROOT64}\n").size == 2**64 - 1


@pytest.mark.parametrize(
    ("origin", "size", "root"),
    [("", 1, ROOT), ("two\nlines", 1, ROOT), (ORIGIN, -1, ROOT), (ORIGIN, 1, ROOT[:31])],
)
def test_a_checkpoint_cannot_be_written_with_bad_values(
    origin: str, size: int, root: bytes
) -> None:
    with pytest.raises(CheckpointError):
        checkpoint_text(origin, size, root)


# --- Key files --------------------------------------------------------------------------------


def test_a_created_key_file_is_private_holds_one_line_and_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "var" / "checkpoint.key"

    created = create_signer_key(path, ORIGIN)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == f"{created}\n"
    loaded = load_signer_key(path)
    assert (loaded.name, loaded.seed) == (ORIGIN, created.seed)
    assert [p.name for p in path.parent.iterdir()] == ["checkpoint.key"]  # no temporary file


def test_a_key_file_is_private_even_under_a_permissive_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        create_signer_key(tmp_path / "checkpoint.key", ORIGIN)
    finally:
        os.umask(previous)

    assert stat.S_IMODE((tmp_path / "checkpoint.key").stat().st_mode) == 0o600


def test_creating_refuses_to_overwrite_an_existing_key(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.key"
    first = create_signer_key(path, ORIGIN)

    with pytest.raises(NoteKeyError, match="exists already") as raised:
        create_signer_key(path, ORIGIN)

    assert str(path) in str(raised.value)
    assert load_signer_key(path).seed == first.seed


def test_a_bad_key_name_creates_no_file(tmp_path: Path) -> None:
    with pytest.raises(NoteKeyError, match="key name"):
        create_signer_key(tmp_path / "checkpoint.key", "ruta hub")

    assert list(tmp_path.iterdir()) == []


def test_a_missing_key_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "checkpoint.key"

    with pytest.raises(NoteKeyError, match="does not exist") as raised:
        load_signer_key(path)

    assert str(path) in str(raised.value)


def test_a_key_path_that_cannot_be_read_as_a_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.key"
    path.mkdir()

    with pytest.raises(NoteKeyError, match="cannot be read") as raised:
        load_signer_key(path)

    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    "content",
    [
        (VERIFIER + "\n").encode(),  # the public key where the private one belongs
        (SIGNER.replace("c74f20a3", "c74f20a4") + "\n").encode(),
        (SIGNER[:-6] + "\n").encode(),
        (SIGNER + "\n").encode().replace(b"Peter", b"P\xc3\xa9ter"),
        b"",
    ],
)
def test_a_malformed_key_file_is_named_and_never_quoted(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "checkpoint.key"
    path.write_bytes(content)

    with pytest.raises(NoteKeyError, match="does not hold a signer key") as raised:
        load_signer_key(path)

    message = str(raised.value)
    assert str(path) in message
    assert "AYEKFALV" not in message
    assert "ARpc2QcU" not in message
    assert raised.value.__suppress_context__


def test_a_key_file_written_by_hand_with_a_crlf_line_end_loads(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.key"
    path.write_bytes(SIGNER.encode() + b"\r\n")

    assert str(load_signer_key(path)) == SIGNER
