"""The catalogues: every msgid said in both languages, with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from texts.translations import LOCALE_DIR, translation

# argparse fills its words with %-placeholders, everything else with str.format's.
PERCENT = re.compile(r"%(?:\((\w+)\))?[sdr]")


def placeholders(text: str) -> tuple[list[str], list[str]]:
    named = sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    return named, sorted(m.group(0) for m in PERCENT.finditer(text))


def test_both_catalogues_hold_the_same_msgids() -> None:
    spanish, english = translation("es").msgids(), translation("en").msgids()
    assert len(spanish) > 600  # the catalogues were read, not found empty
    assert set(spanish) == set(english)


@pytest.mark.parametrize("msgid", translation("es").msgids())
def test_every_msgid_is_translated_with_the_same_placeholders(msgid: str) -> None:
    spanish, english = translation("es")(msgid), translation("en")(msgid)
    assert spanish.strip()
    assert english.strip()
    assert placeholders(spanish) == placeholders(english)


def test_the_template_lists_every_msgid_of_the_catalogues() -> None:
    template = (LOCALE_DIR / "ruta.pot").read_text(encoding="utf-8")
    listed = set(re.findall(r'^msgid "(.+)"$', template, flags=re.MULTILINE))
    escaped = {m.replace("\n", "\\n") for m in translation("es").msgids()}
    assert escaped <= listed


def test_an_unknown_msgid_is_shown_as_it_is_and_a_section_refuses_it() -> None:
    assert translation("es")("no.such.text") == "no.such.text"
    with pytest.raises(KeyError):
        translation("es").section("cli.main")["no_such_key"]


def test_argparse_words_have_plural_forms_in_both_languages() -> None:
    one, many = "expected %s argument", "expected %s arguments"
    assert translation("es").ngettext(one, many, 1) == "se espera %s argumento"
    assert translation("es").ngettext(one, many, 3) == "se esperan %s argumentos"
    assert translation("en").ngettext(one, many, 3) == many
