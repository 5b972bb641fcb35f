"""The points of UN documents (paragraphs that carry a recommendation): whether one exists, and the
message when a block, report or assessment names one that does not."""

from __future__ import annotations

from pathlib import Path

from kzreport.errors import Diagnostics, did_you_mean
from kzreport.model import PointRef, Project


def point_exists(project: Project, ref: PointRef) -> bool:
    src = project.settings.source_language
    return project.strings.get(src, ("documents", ref.document, "points", ref.point)) is not None


def check_point(project: Project, ref: PointRef, path: Path, line: int | None, diags: Diagnostics) -> None:
    settings = project.settings
    if ref.document not in settings.documents:
        diags.error(path, line, f'unknown UN document "{ref.document}"{did_you_mean(ref.document, settings.documents)};'
                                f" the documents are listed under documents: in kzreport.yaml")
    elif not point_exists(project, ref):
        src = settings.source_language
        known = project.strings.children(src, ("documents", ref.document, "points"))
        diags.error(path, line, f'{settings.documents[ref.document].symbol} has no point "{ref.point}"'
                                f"{did_you_mean(ref.point, known)}; its points are listed in "
                                f"content/{src}/documents/{ref.document}.yaml")
