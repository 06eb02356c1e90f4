"""The gettext catalogues of every text people read: es-MX by default, English on request.

One domain, ``ruta``, in ``texts/locale/<locale>/LC_MESSAGES/ruta.po``. Texts the code looks up
(labels, problems, timeline phrases, the command line's words) are keyed by stable ids such as
``label.Service.shelter`` or ``cli.main.config``, so that rewording a text never touches the
code; argparse's own words keep their English msgids, which argparse itself asks for. The
``.po`` files are read with Babel once per language and kept: no compile step, so a fresh clone
and the image work as they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

DOMAIN = "ruta"
LOCALE_DIR = Path(__file__).parent / "locale"
SPANISH = "es"
ENGLISH = "en"
LANGUAGES = (SPANISH, ENGLISH)
LOCALES = {SPANISH: "es_MX", ENGLISH: "en"}


def language(lang: str | None) -> str:
    """``"en"`` for English (``"en"``, ``"en-US"``, ``"en_US.UTF-8"``…), ``"es"`` otherwise."""
    primary = (lang or "").replace("_", "-").split("-")[0].strip().lower()
    return ENGLISH if primary == ENGLISH else SPANISH


class Translation:
    """One language's catalogue: a text by its msgid, and the plural forms argparse asks for."""

    def __init__(self, lang: str, texts: dict[str, str], plurals: dict[str, tuple[str, ...]]):
        self.lang = lang
        self._texts = texts
        self._plurals = plurals

    def __call__(self, msgid: str, **params: object) -> str:
        """The text of ``msgid`` (``msgid`` itself when the catalogue lacks it), filled in."""
        text = self._texts.get(msgid, msgid)
        return text.format(**params) if params else text

    def __contains__(self, msgid: object) -> bool:
        return msgid in self._texts

    def gettext(self, msgid: str) -> str:
        return self._texts.get(msgid, msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._plurals.get(singular)
        # Both catalogues' languages have two forms: one, and every other count.
        if forms is None:
            return singular if n == 1 else plural
        return forms[0] if n == 1 else forms[-1]

    def section(self, prefix: str) -> Section:
        """The texts whose msgid starts with ``prefix.``, by the rest of their msgid."""
        return Section(self, prefix)

    def msgids(self) -> list[str]:
        return list(self._texts)


class Section(Mapping[str, str]):
    """A part of a catalogue, read like a dict: ``section["config"]`` is ``cli.main.config``."""

    def __init__(self, translation: Translation, prefix: str):
        self._translation = translation
        self._prefix = f"{prefix}."

    def __getitem__(self, key: str) -> str:
        msgid = self._prefix + key
        if msgid not in self._translation:
            raise KeyError(key)
        return self._translation.gettext(msgid)

    def __iter__(self) -> Iterator[str]:
        n = len(self._prefix)
        return (m[n:] for m in self._translation.msgids() if m.startswith(self._prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


@cache
def translation(lang: str | None = SPANISH) -> Translation:
    """The catalogue of ``lang`` (es-MX unless English is asked for), read once."""
    lang = language(lang)
    path = LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=LOCALES[lang], domain=DOMAIN)
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple | list):
            plurals[message.id[0]] = tuple(message.string)
        else:
            texts[message.id] = str(message.string)
    return Translation(lang, texts, plurals)
