"""How long something took or has lasted, in words people read: "3 días 4 h", "3 h 20 min"."""

from __future__ import annotations

from datetime import timedelta

from texts.translations import SPANISH, translation


def in_words(span: timedelta, lang: str = SPANISH) -> str:
    """``span`` to the minute, its two largest units: days and hours, or hours and minutes."""
    t = translation(lang)
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = t("web.duration.day" if days == 1 else "web.duration.days", n=days)
        return f"{text} {hours} h" if hours else text
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"
