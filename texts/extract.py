"""A Babel extractor: the msgids of the English catalogue, the source text of every stable key.

Most texts are looked up by a key the code builds (``label.<Vocabulary>.<code>``,
``problem.<code>.title``, a section's ``text["created"]``), which no scan of the code can
find; the English catalogue is where such a key is first written, with its English text. The
template (``texts/locale/ruta.pot``) is these keys, each with its English text as a comment,
plus the literal ``t("…")`` keys of the code; see ``babel.cfg``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from babel.messages.pofile import read_po


def english_source(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Yield each message of an English ``.po`` as Babel's ``extract`` expects it."""
    for message in read_po(fileobj):
        if not message.id:
            continue
        line = message.lineno or 0
        if isinstance(message.id, tuple | list):
            yield line, "ngettext", tuple(message.id), list(message.auto_comments)
        else:
            yield line, "gettext", message.id, [f"en: {message.string}", *message.auto_comments]
