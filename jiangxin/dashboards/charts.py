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


def shares(values: list[int]) -> list[int]:
    """Each value's whole percentage of the sum, rounded half up on its own: equal counts get
    equal percentages (2 and 2 of 7 are both 29%), so the labels may sum to 99–101% — unlike
    ECharts' own {d}, which makes them sum to 100 by pushing one equal share down."""
    total = sum(values)
    if total <= 0:
        return [0 for _v in values]
    # integers only: (200v + total) // (2·total) is 100v/total rounded half up
    return [(200 * v + total) // (2 * total) for v in values]


def pie(pairs: list[tuple[str, int]]) -> dict:
    percents = shares([value for _label, value in pairs])
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
                # beside every chart has the exact counts); each computed on its own
                # (``shares``) and written into its slice's label and tooltip.
                # Percentages inside the ring never collide; names are in the legend.
                "label": {
                    "position": "inside",
                    "color": "#fff",
                    "fontWeight": "bold",
                },
                "labelLine": {"show": False},
                "data": [
                    {
                        "name": label,
                        "value": value,
                        "label": {"formatter": f"{percent}%"},
                        "tooltip": {"formatter": f"{{b}}：{{c}}（{percent}%）"},
                    }
                    for (label, value), percent in zip(pairs, percents, strict=True)
                ],
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
