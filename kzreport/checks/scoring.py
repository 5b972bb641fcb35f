"""Scales and assessments checked: every score on a known level of a known scale, every point known,
labels and comments in every language (render/scores.py draws the tables)."""

from __future__ import annotations

from kzreport.checks.points import check_point
from kzreport.errors import Diagnostics, did_you_mean, one_of
from kzreport.model import PointRef, Project


def check(project: Project, diags: Diagnostics) -> None:

    settings = project.settings
    src = settings.source_language
    used_scales = set()
    for a in project.assessments.values():
        lines = a.lines
        if a.document not in settings.documents:
            diags.error(a.path, lines.get("document"), f'unknown UN document "{a.document}"'
                                                       f"{did_you_mean(a.document, settings.documents)}")
        if a.scale not in settings.scales:
            diags.error(a.path, lines.get("scale"), f'unknown scale "{a.scale}"{did_you_mean(a.scale, settings.scales)};'
                                                    f" the scales are {one_of(settings.scales)}")
            continue
        used_scales.add(a.scale)
        scale = settings.scales[a.scale]
        seen: dict[str, int | None] = {}
        for score in a.scores:
            if scale.level(score.level) is None:
                diags.error(a.path, score.line, f'"{score.level}" is not a level of the scale "{scale.id}"'
                                                f"{did_you_mean(score.level, [lv.id for lv in scale.levels])}; "
                                                f"its levels are {one_of(lv.id for lv in scale.levels)}")
            if score.point in seen:
                diags.error(a.path, score.line, f"point {score.point} is scored twice (also line {seen[score.point]})")
            seen[score.point] = score.line
            if a.document in settings.documents:
                check_point(project, PointRef(a.document, score.point), a.path, score.line, diags)
        if a.follows:
            earlier = project.assessments.get(a.follows)
            if earlier is None:
                diags.error(a.path, lines.get("follows"), f'unknown earlier assessment "{a.follows}"'
                                                          f"{did_you_mean(a.follows, project.assessments)}")
            elif earlier.document != a.document or earlier.scale != a.scale:
                diags.error(a.path, lines.get("follows"), f'"{a.follows}" scores another document or uses another '
                                                          f"scale; an earlier assessment must be comparable")
        for lang in project.languages:
            for key in project.strings.keys(lang, ("assessments", a.id)):
                if len(key) == 3 and key[2] not in seen:
                    unit = project.strings.unit(lang, key)
                    if unit:
                        diags.error(unit.path, unit.line, f"a comment on point {key[2]}, which {a.id} does not score")
    for scale_id in sorted(used_scales):
        scale = settings.scales[scale_id]
        for lv in scale.levels:
            key = ("scales", scale_id, lv.id)
            if project.strings.get(src, key) is None:
                diags.error(settings.path, None, f'the level "{lv.id}" of the scale "{scale_id}" has no label: add '
                                                 f'scales: {scale_id}: "{lv.id}": ... to content/{src}/scales.yaml')
            for lang in project.languages[1:]:
                if project.strings.get(lang, key) is None and project.strings.get(src, key) is not None:
                    diags.warning(project.layout.scales(lang), None,
                                  f'missing translation of the label of level "{lv.id}" of the scale "{scale_id}"',
                                  code="missing-translation")
