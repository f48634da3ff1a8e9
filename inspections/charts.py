"""Geometry for server-rendered SVG charts. Templates draw them; every chart has a table too."""

import dataclasses

from django.utils.text import slugify

# Colours by position on a grade scale, best first, with the text colour that reads on each
# (contrast 4.5:1 or more). Pages never rely on colour alone: segments carry counts, a legend
# names each colour, and a table gives the same numbers.
PALETTES = {
    4: [("#005a30", "#ffffff"), ("#1d70b8", "#ffffff"), ("#ffdd00", "#0b0c0c"), ("#d4351c", "#ffffff")],
    5: [
        ("#005a30", "#ffffff"),
        ("#1d70b8", "#ffffff"),
        ("#505a5f", "#ffffff"),
        ("#ffdd00", "#0b0c0c"),
        ("#d4351c", "#ffffff"),
    ],
}
FALLBACK = [("#1d70b8", "#ffffff"), ("#505a5f", "#ffffff"), ("#0b0c0c", "#ffffff")]


def colour(position: int, scale_size: int) -> tuple[str, str]:
    palette = PALETTES.get(scale_size, FALLBACK)
    return palette[position % len(palette)]


@dataclasses.dataclass
class BarChart:
    """Horizontal bars, one per grade."""

    title: str
    caption: str
    bars: list[tuple[str, int, int]]  # (label, count, rank)
    scale_size: int
    label_width: int = 240
    bar_area: int = 400
    row_height: int = 36

    @property
    def dom_id(self) -> str:
        return "chart-" + slugify(self.title)

    @property
    def total(self) -> int:
        return sum(count for _, count, _ in self.bars)

    @property
    def height(self) -> int:
        return self.row_height * len(self.bars) + 10

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + 60

    @property
    def rows(self) -> list[dict]:
        biggest = max((count for _, count, _ in self.bars), default=0) or 1
        out = []
        for index, (label, count, rank) in enumerate(self.bars):
            fill, _ = colour(rank - 1, self.scale_size)
            length = round(self.bar_area * count / biggest)
            out.append(
                {
                    "label": label,
                    "count": count,
                    "percent": round(100 * count / self.total) if self.total else 0,
                    "y": index * self.row_height + 5,
                    "text_y": index * self.row_height + 5 + self.row_height // 2,
                    "x": self.label_width,
                    "length": length,
                    "count_x": self.label_width + length + 8,
                    "fill": fill,
                }
            )
        return out


@dataclasses.dataclass
class StackedChart:
    """One 100% stacked bar per row (evaluation area), a segment per grade."""

    title: str
    caption: str
    series: list[str]
    rows: list[tuple[str, list[int]]]
    label_width: int = 300
    bar_area: int = 420
    row_height: int = 36

    @property
    def height(self) -> int:
        return self.row_height * len(self.rows) + 10

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + 10

    @property
    def dom_id(self) -> str:
        return "chart-" + slugify(self.title)

    @property
    def legend(self) -> list[dict]:
        return [{"label": label, "fill": colour(i, len(self.series))[0]} for i, label in enumerate(self.series)]

    @property
    def bars(self) -> list[dict]:
        out = []
        for index, (label, values) in enumerate(self.rows):
            total = sum(values) or 1
            x = self.label_width
            segments = []
            for position, value in enumerate(values):
                length = round(self.bar_area * value / total)
                fill, ink = colour(position, len(self.series))
                if value:
                    segments.append(
                        {
                            "series": self.series[position],
                            "value": value,
                            "x": x,
                            "length": length,
                            "text_x": x + length / 2,
                            "fill": fill,
                            "ink": ink,
                            "show_text": length >= 24,
                        }
                    )
                x += length
            out.append(
                {
                    "label": label,
                    "values": values,
                    "total": sum(values),
                    "y": index * self.row_height + 5,
                    "text_y": index * self.row_height + 5 + self.row_height // 2,
                    "segments": segments,
                }
            )
        return out
