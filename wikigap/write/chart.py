"""The campaign's progress as a picture: cumulative articles created and improved per day.

Reads the stored snapshots (each one is the campaign's running total at its
time), keeps the last of each UTC day and draws them as a small, hand-made
SVG: no plotting library, and the same snapshots always give the same bytes,
so an unchanged chart is never uploaded again. When the page views of the
counted articles are all known (wikigap.count.views), their cumulative total per day
is a third line on its own scale, labelled at the right edge of the plot.
``demo`` writes it to a file; the ``status-table`` task uploads it when the
config's ``chart`` is set, in ``chart.language``: every word (title, axes,
legend, labels) is a message of ``i18n/``, month names and numbers are
Babel's, so a Swedish page shows "8 mars" and "1 234".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from babel.dates import format_date
from babel.numbers import format_compact_decimal

from wikigap.model import Snapshot
from wikigap.write.messages import Messages, messages

Point = tuple[date, int, int]   # (UTC day, articles created, articles improved)
ViewPoint = tuple[date, int]    # (UTC day, views up to and including that day)

WIDTH, HEIGHT = 720, 400
LEFT, RIGHT, TOP, BOTTOM = 64, 110, 56, 48
CREATED, IMPROVED, VIEWS = "#3366cc", "#14866d", "#ac6600"   # Wikimedia blue, green, gold
INK = "#202122"
MAX_DATE_LABELS = 7


def cumulative_series(snapshots: Iterable[Snapshot]) -> list[Point]:
    """Give one point per UTC day: that day's last snapshot's created and improved counts.

    Snapshots whose counts could not be computed (None) are left out rather
    than drawn as zero; a day without a snapshot has no point.
    """
    latest: dict[date, tuple[int, int]] = {}
    for snap in sorted(snapshots, key=lambda s: s.taken_at):
        created, improved = snap.metrics.articles_created, snap.metrics.articles_improved
        if created is not None and improved is not None:
            latest[snap.taken_at.date()] = (created, improved)
    return [(day, created, improved) for day, (created, improved) in sorted(latest.items())]


def cumulative_views(daily: Mapping[date, int] | None) -> list[ViewPoint]:
    """Give the running total of views for every day from the first to the last with data."""
    if not daily:
        return []
    first, last = min(daily), max(daily)
    points, running = [], 0
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        running += daily.get(day, 0)
        points.append((day, running))
    return points


def render_svg(series: Sequence[Point], title: str, views: Sequence[ViewPoint] = (),
               language: str = "en") -> str:
    """Draw the series (and the views, if any) as an SVG line chart with axes and a legend.

    ``language`` gives every word, month name and number (a message file's).
    """
    words = messages(language)
    top, step = nice_scale(max([max(c, i) for _, c, i in series], default=0))
    days = sorted({p[0] for p in series} | {v[0] for v in views})
    x_of, y_of = _scales(days, top)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img">',
             f"<title>{escape(title)}</title>",
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
             _text(LEFT, 28, escape(title), 'font-weight="bold"', size=16)]
    parts += _y_axis(top, step, y_of, words) + _x_axis(days, x_of, words)
    if not series:
        parts.append(_text((LEFT + WIDTH - RIGHT) / 2, (TOP + HEIGHT - BOTTOM) / 2,
                           _say(words, "wikigapbot-chart-empty"), 'text-anchor="middle"'))
    for index, color, key in ((2, IMPROVED, "wikigapbot-chart-line-improved"),
                              (1, CREATED, "wikigapbot-chart-line-created")):
        points = [(x_of(p[0]), y_of(p[index])) for p in series]
        label = _say(words, key, series[-1][index]) if series else ""
        parts += _line(points, color, y_of(0)) + _end_label(points, color, label)
    if views:
        parts += _views_line(views, top // step, x_of, words)
    parts += _legend(words, bool(views))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def nice_scale(highest: int) -> tuple[int, int]:
    """Choose the axis top and tick step (1, 2 or 5 times a power of ten), at most 5 steps."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if step * 5 >= highest:
                return max(step, -(-highest // step) * step), step
        power *= 10


def nice_step(highest: int, steps: int) -> int:
    """Choose a round step (1, 2 or 5 times a power of ten) so ``steps`` of them reach ``highest``."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if step * steps >= highest:
                return step
        power *= 10


def _scales(days: Sequence[date], top: int):
    """Map days and counts to SVG coordinates inside the plot area."""
    first = days[0] if days else date(2000, 1, 1)
    span = max((days[-1] - first).days, 0) if days else 0
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        return LEFT + (width / 2 if span == 0 else width * (day - first).days / span)

    def y_of(value: int) -> float:
        return TOP + height * (1 - value / top)
    return x_of, y_of


def _say(words: Messages, key: str, *values: object) -> str:
    """Give a message as SVG text: plain words (numbers in the language), XML-escaped."""
    return escape(words.plain(key, *values))


def _y_axis(top: int, step: int, y_of, words: Messages) -> list[str]:
    """Draw horizontal grid lines with their counts."""
    parts = []
    for value in range(0, top + 1, step):
        y = _f(y_of(value))
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
                     f'stroke="{"#a2a9b1" if value == 0 else "#eaecf0"}"/>')
        parts.append(_text(LEFT - 8, y_of(value), escape(words.number(value)),
                           'text-anchor="end" dominant-baseline="middle"'))
    middle = _f((TOP + HEIGHT - BOTTOM) / 2)
    parts.append(_text(16, (TOP + HEIGHT - BOTTOM) / 2, _say(words, "wikigapbot-chart-axis-articles"),
                       f'text-anchor="middle" transform="rotate(-90 16 {middle})"'))
    return parts


def _x_axis(days: Sequence[date], x_of, words: Messages) -> list[str]:
    """Label up to seven of the days, evenly chosen, always the first and the last."""
    if not days:
        return []
    count = len(days)
    picks = sorted({round(i * (count - 1) / (MAX_DATE_LABELS - 1)) for i in range(MAX_DATE_LABELS)}) \
        if count > MAX_DATE_LABELS else range(count)
    parts = []
    for i in picks:
        day = days[i]
        x = _f(x_of(day))
        parts.append(f'<line x1="{x}" y1="{HEIGHT - BOTTOM}" x2="{x}" y2="{HEIGHT - BOTTOM + 5}" '
                     'stroke="#a2a9b1"/>')
        shown = format_date(day, words.text("wikigapbot-format-chart-day"), locale=words.locale)
        parts.append(_text(x_of(day), HEIGHT - BOTTOM + 20, escape(shown), 'text-anchor="middle"'))
    parts.append(_text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8,
                       _say(words, "wikigapbot-chart-axis-days", str(days[0].year)),
                       'text-anchor="middle"'))
    return parts


def _line(points: list[tuple[float, float]], color: str, base: float) -> list[str]:
    """Draw a line over a light area, with dots when there are few days."""
    if not points:
        return []
    coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    area = f"{_f(points[0][0])},{_f(base)} {coords} {_f(points[-1][0])},{_f(base)}"
    parts = [f'<polygon points="{area}" fill="{color}" fill-opacity="0.12"/>',
             f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2.5" '
             'stroke-linejoin="round"/>']
    if len(points) <= 31:
        parts += [f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3" fill="{color}"/>' for x, y in points]
    return parts


def _end_label(points, color: str, label: str) -> list[str]:
    """Write the latest count (``label``, already words) next to the line's end, where the eye lands."""
    if not points:
        return []
    x, y = points[-1]
    return [_text(x + 8, y, label, 'dominant-baseline="middle"', color=color)]


def _views_line(views: Sequence[ViewPoint], steps: int, x_of, words: Messages) -> list[str]:
    """Draw cumulative views on their own round scale, sharing the grid lines.

    Its counts are written just inside the right edge of the plot, under
    their grid lines and in the line's colour, so nobody reads them against
    the articles' axis.
    """
    view_step = nice_step(views[-1][1], steps)
    height = HEIGHT - TOP - BOTTOM

    def y_of(value: int) -> float:
        return TOP + height * (1 - value / (view_step * steps))
    parts = [_text(WIDTH - RIGHT - 4, y_of(n * view_step) + 14, escape(_compact(n * view_step, words)),
                   'text-anchor="end"', color=VIEWS) for n in range(1, steps + 1)]
    points = [(x_of(day), y_of(value)) for day, value in views]
    coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    parts.append(f'<polyline points="{coords}" fill="none" stroke="{VIEWS}" stroke-width="2.5" '
                 'stroke-dasharray="6 3" stroke-linejoin="round"/>')
    x, y = points[-1]
    parts.append(_text(x + 8, y, _say(words, "wikigapbot-chart-line-views", views[-1][1]),
                       'dominant-baseline="middle"', color=VIEWS))
    return parts


def _compact(value: int, words: Messages) -> str:
    """Write a views tick short in the language: 40K, 1.5M; 40 tn, 1,5 mn."""
    short = format_compact_decimal(value, locale=words.locale, fraction_digits=1)
    return short.replace("\u202f", "\u00a0")


def _legend(words: Messages, with_views: bool = False) -> list[str]:
    """Name the lines in the top right corner."""
    parts = []
    rows = [(CREATED, _say(words, "wikigapbot-chart-legend-created")),
            (IMPROVED, _say(words, "wikigapbot-chart-legend-improved"))]
    if with_views:
        rows.append((VIEWS, _say(words, "wikigapbot-chart-legend-views")))
    for row, (color, label) in enumerate(rows):
        x, y = WIDTH - RIGHT - 150, (14 + row * 15) if with_views else (22 + row * 18)
        parts.append(f'<rect x="{x}" y="{y - 5}" width="14" height="4" fill="{color}"/>')
        parts.append(_text(x + 20, y, label, 'dominant-baseline="middle"'))
    return parts


def _text(x: float, y: float, content: str, extra: str = "", color: str = INK,
          size: int = 12) -> str:
    """Place already-escaped text; every label shares one font."""
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-family="sans-serif" font-size="{size}" '
            f'fill={quoteattr(color)}{" " + extra if extra else ""}>{content}</text>')


def _f(number: float) -> str:
    """Format a coordinate with one decimal, so output is stable across platforms."""
    return f"{number:.1f}".rstrip("0").rstrip(".")


def campaign_svg(campaign: str, snapshots: Iterable[Snapshot],
                 daily_views: Mapping[date, int] | None = None, language: str = "en") -> str:
    """Render a campaign's chart from its snapshots (and views per day), titled with its name."""
    title = messages(language).plain("wikigapbot-chart-title", campaign)
    return render_svg(cumulative_series(snapshots), title, cumulative_views(daily_views), language)


def upload_summary(campaign: str, language: str = "en") -> str:
    """The chart upload's edit summary and file description, in the chart's language."""
    return messages(language).plain("wikigapbot-chart-upload-summary", campaign)


def write_chart(path: str | Path, campaign: str, snapshots: Iterable[Snapshot],
                language: str = "en") -> Path:
    """Write the campaign's chart to ``path`` (what `demo` shows people)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(campaign_svg(campaign, snapshots, language=language), encoding="utf-8")
    return path
