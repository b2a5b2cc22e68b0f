"""ECharts options built from (label, value) pairs. Pure module (no Django)."""

PALETTE = [
    "#b3261e",
    "#e0703a",
    "#f2b134",
    "#4f8a8b",
    "#3d5a80",
    "#98c1d9",
    "#8d6a9f",
    "#6c757d",
    "#2a9d8f",
]
FONT = "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"
# Tooltips drawn inside the chart, not as an HTML box: the HTML one carries style="…"
# attributes, which the Content-Security-Policy (style-src 'self') refuses.
TOOLTIP = {"renderMode": "richText", "confine": True}


def bar(pairs: list[tuple[str, int]], *, horizontal: bool = False) -> dict:
    labels = [p[0] for p in pairs]
    values = [p[1] for p in pairs]
    category = {"type": "category", "data": labels, "axisTick": {"show": False}}
    value = {"type": "value", "minInterval": 1}
    return {
        "color": PALETTE,
        "textStyle": {"fontFamily": FONT},
        "grid": {"left": 8, "right": 16, "top": 16, "bottom": 8, "containLabel": True},
        "tooltip": {**TOOLTIP, "trigger": "axis"},
        "xAxis": value
        if horizontal
        else {**category, "axisLabel": {"interval": 0, "rotate": 30 if len(labels) > 6 else 0}},
        "yAxis": {**category, "inverse": True} if horizontal else value,
        "series": [
            {
                "type": "bar",
                "data": values,
                "barMaxWidth": 36,
                "label": {"show": True, "position": "right" if horizontal else "top"},
            }
        ],
    }


def pie(pairs: list[tuple[str, int]]) -> dict:
    return {
        "color": PALETTE,
        "textStyle": {"fontFamily": FONT},
        "tooltip": {**TOOLTIP, "trigger": "item", "formatter": "{b}：{c}（{d}%）"},
        "legend": {"bottom": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "radius": ["40%", "70%"],
                "center": ["50%", "45%"],
                # Whole percentages: "28.57%" does not fit a slice of a small ring (the table
                # beside every chart has the exact counts).
                "percentPrecision": 0,
                # Percentages inside the ring never collide; names are in the legend.
                "label": {
                    "position": "inside",
                    "formatter": "{d}%",
                    "color": "#fff",
                    "fontWeight": "bold",
                },
                "labelLine": {"show": False},
                "data": [{"name": label, "value": value} for label, value in pairs],
            }
        ],
    }


def stacked_bar(categories: list[str], series: list[tuple[str, list[int]]]) -> dict:
    """Bars of ``categories`` (the years), each stacked from ``series`` ((name, one value per
    category)), coloured in PALETTE's order — so a table beside can name each colour with a
    ``swatch-<i>`` of the series' index. No legend (the table is the legend); the tooltip lists
    each part of the hovered bar."""
    return {
        "color": PALETTE,
        "textStyle": {"fontFamily": FONT},
        "grid": {"left": 8, "right": 16, "top": 16, "bottom": 8, "containLabel": True},
        "tooltip": {**TOOLTIP, "trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "category", "data": categories, "axisTick": {"show": False}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "type": "bar",
                "name": name,
                "stack": "total",
                "data": values,
                "barMaxWidth": 36,
            }
            for name, values in series
        ],
    }
