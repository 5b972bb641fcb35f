"""The job contract between Python and the Lua filters: what `pandoc lua lua/kzreport.lua -` reads
for each document (one job a line on its standard input; or a file of them: `... JOBS.json`), written
down once.

The planner (kzreport/plan.py) fills a `PandocJob` per report and language; each format's builder
(kzreport/formats/) adds its `PandocOutput`; `dump_job` is the one place they become JSON. The Lua
side reads the same field names (lua/kzreport.lua, `run`). A field added here must be read there.
"""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict


class Body(TypedDict):
    """A block body for a slot of the skeleton (render/context.py, `Slots`)."""

    text: str  # Markdown, read with the strict body reader (content is text, never code)
    shift: int  # how many levels the body's own headings move down
    path: str  # the block's file, relative to the project (for located messages); "" for none
    line: int  # the line of the body's first line in that file; 0 for none
    images: dict[str, str]  # image reference in the body -> staged file in the build folder


class PandocOutput(TypedDict):
    """One file pandoc writes for a job."""

    format: str  # "docx", "typst" or "html": the keys of FORMAT in lua/kzreport.lua
    path: str
    reference_doc: NotRequired[str]  # docx: the reference document with the styles
    template: NotRequired[str]  # typst, html: pandoc template
    variables: NotRequired[dict[str, str]]  # typst, html: template variables
    pdf_standard: NotRequired[str]  # not read by pandoc: part of the output's cache key


class PandocJob(TypedDict):
    """One document: a report in one language."""

    id: str  # "<report>/<lang>"
    root: str  # the build's private folder (images are staged there)
    markdown: str  # the skeleton the Jinja templates rendered, with `kz-slot` divs
    bodies: dict[str, Body]  # slot reference -> body
    tables: dict[str, dict[str, Any]]  # slot reference -> table spec (render/scores.py, table_spec)
    lang: str  # BCP 47 tag, e.g. ru-RU
    references: str  # CSL JSON file of the sources this document cites
    csl: str  # the note style of this language
    locators: dict[str, str]  # any locator label -> this language's label
    quotes: NotRequired[list[str]]  # the language's quotation marks: outer open, close, inner open, close
    numbered: bool  # numbered paragraphs (a report option)
    sources_list: bool  # a list of sources at the end (a report option)
    pair_headers: list[str]  # the column headings of a bilingual review copy: unit, source, translation
    pair_langs: NotRequired[list[str]]  # the languages (BCP 47) of those columns ("" for the unit's)
    review: NotRequired[dict[str, Any]]  # a review copy's source column: references, csl, lang, locators
    vocabulary: NotRequired[dict[str, Any]]  # semantic classes -> Word styles (formats/vocabulary.py, for_lua)
    project: str  # where the project is, for located messages (not part of the cache key)
    report_file: str
    outputs: NotRequired[list[PandocOutput]]


# The fields left out of an output's cache key: paths that differ from build to build (the files
# they name are keyed by their contents), and the outputs, which are keyed one by one.
NOT_IN_CACHE_KEY = ("outputs", "references", "csl", "root", "project", "report_file", "review")
OUTPUT_NOT_IN_CACHE_KEY = ("path", "template", "reference_doc")


def dump_job(job: PandocJob) -> str:
    """A job as the Lua reads it: one line of JSON."""
    return json.dumps(job, ensure_ascii=False)
