"""Server-rendered SVG charts for the participation report.

No JavaScript and no inline style: shapes carry CSS classes (see
``static/consultation/consultation.css``) so the report prints and passes the CSP.
Every chart has a title and a description for screen readers; the report also shows the
same numbers as a table.
"""
from markupsafe import Markup, escape

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 170
PLOT_WIDTH = 300
VALUE_WIDTH = 70


def _fmt(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def horizontal_bars(chart_id, title, items, unit="", fmt=_fmt):
    """A horizontal bar chart: ``items`` is a list of ``(label, value)``; ``fmt`` formats the
    values (e.g. with a decimal comma)."""
    top = max((value for _, value in items), default=0) or 1
    height = max(len(items), 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg class="chart chart-bars" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">'
        + escape("; ".join(f"{label} : {fmt(value)}{unit}" for label, value in items))
        + "</desc>",
    ]
    for index, (label, value) in enumerate(items):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        bar = round(PLOT_WIDTH * value / top, 1)
        text_y = y + BAR_HEIGHT * 0.7
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 6}" y="{text_y}" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect class="chart-bar chart-bar-{index % 6}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{bar}" height="{BAR_HEIGHT}"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + bar + 6}" y="{text_y}">'
            f"{escape(fmt(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(chart_id, title, items, label_every=1):
    """A vertical column chart over time: ``items`` is a list of ``(label, value)`` in order.

    The drawing keeps a fixed size whatever the number of days; only every
    ``label_every``-th label is drawn so long periods stay readable."""
    width, plot_height, left, right = 640, 160, 34, 30
    base = plot_height + 10
    height = base + 50
    slot = (width - left - right) / max(len(items), 1)
    col = round(slot * 0.8, 1)
    top = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg class="chart chart-columns" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">'
        + escape("; ".join(f"{label} : {_fmt(value)}" for label, value in items))
        + "</desc>",
        f'<line class="chart-axis" x1="{left - 4}" y1="{base}" x2="{width - right}" y2="{base}"/>',
        f'<text class="chart-value" x="0" y="20">{escape(_fmt(top))}</text>',
    ]
    for index, (label, value) in enumerate(items):
        x = round(left + index * slot, 1)
        bar = round(plot_height * value / top, 1)
        middle = round(x + col / 2, 1)
        parts.append(
            f'<rect class="chart-bar chart-bar-0" x="{x}" y="{round(base - bar, 1)}" '
            f'width="{col}" height="{bar}"><title>{escape(label)} : {escape(_fmt(value))}</title></rect>'
        )
        if index % label_every == 0:
            parts.append(
                f'<text class="chart-label" x="{middle}" y="{base + 14}" '
                f'transform="rotate(45 {middle} {base + 14})">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def shares(items):
    """``[(label, count)]`` -> ``[(label, count, percent)]`` rounded to one decimal."""
    total = sum(count for _, count in items)
    if not total:
        return [(label, count, 0.0) for label, count in items]
    return [(label, count, round(100.0 * count / total, 1)) for label, count in items]
