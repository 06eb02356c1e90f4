"""The master key file: created private and once, loaded with a clear message for every fault."""

from __future__ import annotations

import base64
import os
import secrets
import stat
from pathlib import Path

import pytest

from adapters.master_key import (
    MasterKeyError,
    create_master_key,
    ensure_master_key,
    load_master_key,
)


def test_a_created_key_file_is_private_and_holds_32_bytes(tmp_path: Path) -> None:
    path = tmp_path / "master.key"

    created = create_master_key(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_bytes()
    assert content.endswith(b"\n")
    assert content.count(b"\n") == 1
    assert len(base64.b64decode(content.strip(), validate=True)) == 32
    assert load_master_key(path).key == created.key
    assert [p.name for p in tmp_path.iterdir()] == ["master.key"]  # no temporary file left


def test_a_key_file_is_private_even_under_a_permissive_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        create_master_key(tmp_path / "master.key")
    finally:
        os.umask(previous)

    assert stat.S_IMODE((tmp_path / "master.key").stat().st_mode) == 0o600


def test_missing_parent_directories_are_created(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secrets" / "master.key"

    create_master_key(path)

    assert load_master_key(path).path == path


def test_creating_refuses_to_overwrite_an_existing_key(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    first = create_master_key(path)

    with pytest.raises(MasterKeyError, match="exists already") as raised:
        create_master_key(path)

    assert str(path) in str(raised.value)
    assert load_master_key(path).key == first.key


def test_two_keys_created_apart_differ(tmp_path: Path) -> None:
    one = create_master_key(tmp_path / "one.key")
    other = create_master_key(tmp_path / "other.key")

    assert one.key != other.key


def test_a_missing_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "master.key"

    with pytest.raises(MasterKeyError, match="does not exist") as raised:
        load_master_key(path)

    assert str(path) in str(raised.value)


def test_a_path_that_cannot_be_read_as_a_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.mkdir()

    with pytest.raises(MasterKeyError, match="cannot be read") as raised:
        load_master_key(path)

    assert str(path) in str(raised.value)


def test_a_file_that_is_not_base64_is_refused_without_quoting_it(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.write_text("clave-secreta-de-prueba-ñ\n", encoding="utf-8")

    with pytest.raises(MasterKeyError, match="not one line of standard base64") as raised:
        load_master_key(path)

    assert str(path) in str(raised.value)
    assert "clave-secreta" not in str(raised.value)


def test_a_binary_file_is_refused_without_quoting_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.write_bytes(secrets.token_bytes(32) + b"\xff")

    with pytest.raises(MasterKeyError, match="not one line of standard base64") as raised:
        load_master_key(path)

    assert "0xff" not in str(raised.value)
    assert raised.value.__suppress_context__


def test_a_key_of_the_wrong_length_is_refused_without_showing_it(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    short = base64.b64encode(secrets.token_bytes(16)).decode()
    path.write_text(short + "\n")

    with pytest.raises(MasterKeyError, match="holds 16 bytes") as raised:
        load_master_key(path)

    assert str(path) in str(raised.value)
    assert short not in str(raised.value)


def test_a_key_split_over_two_lines_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    encoded = base64.b64encode(secrets.token_bytes(32)).decode()
    path.write_text(encoded[:20] + "\n" + encoded[20:] + "\n")

    with pytest.raises(MasterKeyError, match="not one line"):
        load_master_key(path)


def test_ensure_creates_a_missing_key_once_and_then_keeps_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "var" / "master.key"

    created = ensure_master_key(path)
    loaded = ensure_master_key(path)

    assert created.key == loaded.key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_ensure_does_not_replace_a_garbled_key(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.write_text("not a key\n")

    with pytest.raises(MasterKeyError):
        ensure_master_key(path)

    assert path.read_text() == "not a key\n"
