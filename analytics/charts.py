"""Geometry of the analytics page's server-rendered SVG charts: plain numbers, no Django.

The volume chart has a slot per day of the range (days without documents included), dates on
the x axis and document counts on the y axis. Bars keep a readable width: at most
``MAX_BAR`` units wide however few the days, so one day is a narrow bar, not a block. The x
labels skip days so that no two overlap, and a bar shows its count above it where its slot
is wide enough; every bar has a tooltip with the day, its documents and its failures.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

WIDTH, HEIGHT = 720, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 18, 42
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_BAR = 36
LABEL_SPACE = 52  # units an x label ("Sep 30" at the axis' font size) needs, with a gap
VALUE_SPACE = 30  # a slot at least this wide shows its bar's count above it


def nice_step(peak: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) that divides 0..peak into about ``ticks``."""
    rough = max(peak / ticks, 1)
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def _day_label(day: date) -> str:
    return f"{day:%b} {day.day}"


def volume_chart(*, per_day: list[dict], since: date, until: date) -> dict:
    """Bars (succeeded part and failed part in red), y ticks and x labels for documents per day."""
    counts = {row["day"]: row for row in per_day}
    days = [since + timedelta(days=n) for n in range((until - since).days + 1)]
    peak = max([row["documents"] for row in per_day] or [0])
    step = nice_step(peak)
    top = max(math.ceil(peak / step), 1) * step
    slot = PLOT_W / len(days)
    width = max(min(slot * 0.7, MAX_BAR), 1)
    label_every = max(math.ceil(LABEL_SPACE / slot), 1)

    def y_of(value: float) -> float:
        return round(TOP + PLOT_H - PLOT_H * value / top, 2)

    bars, labels = [], []
    for index, day in enumerate(days):
        row = counts.get(day, {"documents": 0, "failed": 0})
        centre = LEFT + slot * (index + 0.5)
        documents, failed = row["documents"], row["failed"]
        bars.append(
            {
                "day": day,
                "documents": documents,
                "failed": failed,
                "succeeded": documents - failed,
                "x": round(centre - width / 2, 2),
                "width": round(width, 2),
                "y": y_of(documents),
                "height": round(y_of(0) - y_of(documents), 2),
                "failed_y": y_of(failed),
                "failed_height": round(y_of(0) - y_of(failed), 2),
                "value_x": round(centre, 2),
                "value_y": round(y_of(documents) - 4, 2),
                "show_value": documents > 0 and slot >= VALUE_SPACE,
            }
        )
        if index % label_every == 0:
            labels.append({"x": round(centre, 2), "text": _day_label(day), "iso": day.isoformat()})
    ticks = [{"value": v, "y": y_of(v)} for v in range(0, top + 1, step)]
    years = sorted({since.year, until.year})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + PLOT_H,
        "bars": bars,
        "x_labels": labels,
        "y_ticks": ticks,
        "x_title": f"Day ({' to '.join(str(y) for y in years)})",
        "label_y": TOP + PLOT_H + 16,
        "title_y": HEIGHT - 6,
        "centre_x": LEFT + PLOT_W / 2,
        "empty": peak == 0,
    }


ROW, BAR_LEFT, BAR_MAX = 24, 210, 420


def failures_chart(*, failures: list[dict]) -> dict:
    """Horizontal bars, one per error category, each with its name and its count."""
    worst = max([f["documents"] for f in failures] or [1])
    rows = [
        {
            **f,
            "y": i * ROW + 4,
            "text_y": i * ROW + 17,
            "width": max(round(BAR_MAX * f["documents"] / worst), 1),
            "value_x": BAR_LEFT + max(round(BAR_MAX * f["documents"] / worst), 1) + 6,
        }
        for i, f in enumerate(failures)
    ]
    return {"width": WIDTH, "height": len(rows) * ROW + 8, "bar_left": BAR_LEFT, "rows": rows}
