"""The coordinator's desk: what the person who assembles submissions needs around the documents.

`stats` (words per section, pages, footnotes, sources, cases) and `limits` (the UN bodies' word
limits, checked by every build); `scores_export` (an assessment as CSV, XLSX or JSON for tracking
systems); `docx_import` (old Word reports into blocks) and `points_import` (the UN's recommendation
texts from a Universal Human Rights Index export); `deadlines` (the reporting cycles' dates, and an
.ics calendar of them). These commands put the stages together, like build.py: they sit at the top.
"""
