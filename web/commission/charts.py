"""Bar charts drawn on the server as inline SVG: no script, no style attribute, readable by a
screen reader (``role="img"``, ``<title>``, ``<desc>``, an ``aria-label``), with the table beside
them holding the same figures.

A withheld figure is never drawn as zero: its bar is hatched, as long as the largest value it
may hide (just under k), and says "menos de k".
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

WIDTH = 640
LABEL_ROW = 18
BAR = 16
ROW = LABEL_ROW + BAR + 10
BARS_FROM = 4
BARS_UP_TO = 470  # the longest bar, leaving room for its figure after it
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: withheld
    text: str  # what the bar says: the figure, or "menos de k"


def bar_chart(title: str, description: str, bars: list[Bar], withheld_up_to: float) -> Markup:
    """One horizontal bar per category, its label above it and its figure after it."""
    chart_id = next(_ids)
    hatch = f"rayado-{chart_id}"
    largest = max([b.value or 0 for b in bars] + [withheld_up_to, 1])
    height = ROW * len(bars) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="grafica-{chart_id}-titulo grafica-{chart_id}-desc" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="grafica-{chart_id}-titulo">{escape(title)}</title>',
        f'<desc id="grafica-{chart_id}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#505a5f" stroke-width="2"/></pattern></defs>',
    ]
    for n, bar in enumerate(bars):
        top = n * ROW + 4
        y = top + LABEL_ROW
        parts.append(
            f'<text x="{BARS_FROM}" y="{top + 13}" fill="#0b0c0c" font-size="14">'
            f"{escape(bar.label)}</text>"
        )
        if bar.value is None:
            length = max(BARS_UP_TO * withheld_up_to / largest, 6)
            parts.append(
                f'<rect class="withheld-bar" x="{BARS_FROM}" y="{y}" width="{length:.1f}" '
                f'height="{BAR}" fill="url(#{hatch})" stroke="#505a5f" stroke-dasharray="4 2"/>'
            )
        else:
            length = BARS_UP_TO * bar.value / largest
            parts.append(
                f'<rect class="value-bar" x="{BARS_FROM}" y="{y}" width="{length:.1f}" '
                f'height="{BAR}" fill="#1d70b8"/>'
            )
        parts.append(
            f'<text x="{BARS_FROM + length + 6:.1f}" y="{y + 13}" fill="#0b0c0c" '
            f'font-size="14">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it was escaped above)
