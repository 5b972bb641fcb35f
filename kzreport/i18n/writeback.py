"""Writing translations back into a language tree (for `kzreport i18n import`).

ruamel.yaml edits the YAML round trip, so the comments and layout a translator or drafter wrote stay
as they were; only the values being imported change. Every file is written atomically.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from kzreport.files import atomic_write_bytes
from kzreport.layout import STRINGS
from kzreport.load.strings import Key
from kzreport.load.textfile import decode
from kzreport.load.yamlfile import split_front_matter
from kzreport.model import Project


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 100
    y.allow_unicode = True
    return y


def _dump(data: object) -> str:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def set_block_text(project: Project, lang: str, block_id: str, *, title: str | None, body: str | None) -> Path:
    """Put a translated title and/or body into content/<lang>/<block_id>.md (created if needed)."""
    path = project.layout.block(lang, block_id)
    header: CommentedMap = CommentedMap()
    old_body = ""
    if path.exists():
        fm = split_front_matter(decode(path.read_bytes()))
        if fm is not None:
            loaded = _yaml().load(fm.header) if fm.header.strip() else None
            header = loaded if isinstance(loaded, CommentedMap) else CommentedMap()
            old_body = fm.body
    if title is not None:
        if "title" in header:
            header.ca.items.pop("title", None)  # the stub's "translate this" comment no longer applies
        header["title"] = title
    text_body = body if body is not None else old_body
    if body is not None:
        text_body = body.rstrip("\n") + "\n"
    atomic_write_bytes(path, f"---\n{_dump(header)}---\n{text_body}".encode())
    return path


def set_string(project: Project, lang: str, key: Key, text: str) -> Path:
    """Set one short string in the file of content/<lang>/ that holds it (created if needed)."""
    src = project.settings.source_language
    src_unit = project.strings.unit(src, key)
    tgt_unit = project.strings.unit(lang, key)
    if tgt_unit is not None:
        path = tgt_unit.path
    elif src_unit is not None:
        path = project.layout.in_language(src_unit.path, src, lang)
    else:
        path = project.layout.strings(lang)
    namespace: tuple[str, ...] = () if path.name == STRINGS and path.parent.name == lang else \
        tuple(path.relative_to(project.layout.lang(lang)).with_suffix("").parts)
    inner = key[len(namespace):] if key[: len(namespace)] == namespace else key
    data = _yaml().load(decode(path.read_bytes())) if path.exists() else None
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    node = data
    for part in inner[:-1]:
        child = node.get(part)
        if not isinstance(child, (CommentedMap, list)):
            child = CommentedMap()
            node[part] = child
        node = child
    last = inner[-1]
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append("")
        node[index] = text
    else:
        node[last] = text
    atomic_write_bytes(path, _dump(data).encode("utf-8"))
    return path
