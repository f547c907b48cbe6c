""" "Stadens sammanställning <år>" as a PDF: its HTML rendered here (data from
the decided reviews' snapshots, ``selectors.compilation``), printed by the core's
worker (``lgsys.pdfs``) with the reviews' print stylesheet, PDF/A-3a like them.
The same path the approval's PDF takes; no web request runs WeasyPrint."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from reviews.city import selectors


def compilation_context(city, year: int) -> dict:
    data = selectors.compilation(city, year)
    selectors.with_band_cells(data.decided, data.totals, data.bands)
    return {
        "city": city,
        "year": year,
        "title": f"Stadens sammanställning {year} {city.name}",
        "data": data,
        "rows": data.rows,
        "totals": data.totals,
        "bands": data.bands,
        "chart": trend_chart(data.trend),
        "undecided_colspan": 12 + len(data.bands),
        # The day the compiled data describes: the newest decision included
        # (the HTML, hence the cached PDF, changes only when a decision does).
        "as_of": data.as_of or timezone.localdate(),
    }


CHART_HEIGHT = 110  # px of the tallest bar of the trend chart


def trend_chart(trend: list[dict]) -> dict:
    """The incidents and personal data breaches per year as bars (SVG
    coordinates), drawn by the template beside its data table."""
    tallest = max((t["incidents"] for t in trend), default=0) or 1

    def bar(n: int, x: int) -> dict:
        height = round(CHART_HEIGHT * n / tallest)
        return {"x": x, "y": 10 + CHART_HEIGHT - height, "height": height, "n": n}

    years = [
        {
            "year": t["year"],
            "label_x": 60 + i * 110 + 35,
            "incidents": bar(t["incidents"], 60 + i * 110),
            "breaches": bar(t["breaches"], 60 + i * 110 + 36),
        }
        for i, t in enumerate(trend)
    ]
    return {"years": years, "width": 80 + 110 * len(years), "base": 10 + CHART_HEIGHT}


def render_compilation_html(city, year: int) -> str:
    with translation.override("sv"):
        return render_to_string(
            "reviews/city/compilation_print.html", compilation_context(city, year)
        )


def render_compilation_pdf(city, year: int) -> bytes:
    """Here and now, not through the worker (tests, command line)."""
    from lgsys.pdfs.render import html_to_pdf

    return html_to_pdf(render_compilation_html(city, year))


def subject(city, year: int) -> str:
    return f"city-compilation:{city.pk}:{year}"


def filename(city, year: int) -> str:
    return f"stadens-sammanstallning-{year}-{city.code}.pdf"
