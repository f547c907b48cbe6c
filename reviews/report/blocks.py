"""The report's data blocks and where the outline places them.

A block is declared once in ``reviews/report/catalogue.py`` by its key; the
outline (``reviews/report/outline.py``) says under which section, in which order,
it prints. The registers' apps only provide the data (e.g.
``classification.figures``, ``actions.plan``); the report and its numbering
belong to reviews/ alone.
"""

from collections.abc import Callable
from dataclasses import dataclass

from reviews.report.outline import OUTLINE


@dataclass(frozen=True)
class ReportBlock:
    """A data block of the report, generated from the registers.

    ``build(organisation=..., year=..., as_of=...)`` returns the block's data as
    of the day ``as_of`` (the review's data date: registers as their history says
    they stood at the end of that day, dated records up to it) as plain JSON
    types only (str, int, float, bool, None, list, dict; dates as ISO strings),
    because a submitted review keeps exactly that and an approved one freezes
    it. It must use a fixed number of queries whatever the number of rows.
    ``template_name`` is a partial rendered under the narrative of the section
    the outline places it in, in both the web preview and the PDF; it receives
    ``data``.
    """

    key: str  # stable identifier, e.g. "incidents_by_type"
    title: str  # shown in the review editor's on/off list
    template_name: str
    build: Callable[..., dict]
    # Built after the others, with their data as ``blocks=`` (e.g. a comparison
    # of the review's key figures with the previous review's).
    reads_blocks: bool = False
    # The ISO 27001 9.3.2 inputs (a–g) the block covers on its own.
    iso_inputs: tuple[str, ...] = ()
    # data -> [(number, title)]: headings the block adds to the table of
    # contents under its section (the action plan's areas).
    toc: Callable[[dict], list[tuple[str, str]]] | None = None


def report_blocks() -> list[ReportBlock]:
    """Every block, in the order the outline prints them."""
    from reviews.report.catalogue import BLOCKS

    by_key = {block.key: block for block in BLOCKS}
    return [by_key[key] for section in OUTLINE for key in section.blocks]


def section_of() -> dict[str, str]:
    """block key -> the key of the outline section it prints under."""
    return {key: section.key for section in OUTLINE for key in section.blocks}
