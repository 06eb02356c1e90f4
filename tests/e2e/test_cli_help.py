"""``ruta --help`` and every subcommand's help: all Spanish by default, all English on request."""

from __future__ import annotations

import argparse
import re
from importlib.metadata import version

import pytest

from cli.main import main, parser
from texts.translations import translation

ENGLISH_WORDS = ("usage:", "options", "show this help", "positional arguments", "help message")
SPANISH_WORDS = ("uso:", "opciones", "muestra esta ayuda", "argumentos posicionales")


def commands(root: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the parser, walking its subparsers down to the leaves."""
    found = [path]
    for action in root._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(commands(sub, (*path, name)))
    return found


COMMANDS = commands(parser())


def helps(lang: str) -> list[str]:
    """The help lines of the command line in ``lang``: they must not show in the other one."""
    section = translation(lang).section("cli.help")
    return [text for key, text in section.items() if not key.startswith("not_")]


def shows(words: str, out: str) -> bool:
    """Whether ``words`` appear in ``out`` as words (``TEXT`` is not in ``TEXTO``)."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", out) is not None


def help_of(path: tuple[str, ...], capsys: pytest.CaptureFixture[str], *lang: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*lang, *path, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def no_language_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def test_the_walk_finds_every_command() -> None:
    assert ("audit", "verify") in COMMANDS
    assert ("keys", "init") in COMMANDS
    assert len(COMMANDS) >= 18


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ruta")
def test_every_help_is_spanish_by_default(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    out = help_of(path, capsys)
    assert out.startswith("uso: ruta")
    for words in (*ENGLISH_WORDS, *helps("en")):
        assert not shows(words, out), words


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ruta")
def test_every_help_is_english_with_lang_en(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    out = help_of(path, capsys, "--lang", "en")
    assert out.startswith("usage: ruta")
    for words in (*SPANISH_WORDS, *helps("es")):
        assert not shows(words, out), words


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ruta")
def test_every_help_is_english_when_the_environment_says_english(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = help_of(path, capsys)
    assert out.startswith("usage: ruta")
    for words in (*SPANISH_WORDS, *helps("es")):
        assert not shows(words, out), words


def test_an_argument_error_is_said_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "export", "--after", "x"])
    err = capsys.readouterr().err
    assert "error: argumento --after: 'x': no es una posición" in err
    with pytest.raises(SystemExit):
        main(["accounts", "create"])
    assert "faltan los argumentos: --agency, --role" in capsys.readouterr().err


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"ruta {version('ruta')}\n"
