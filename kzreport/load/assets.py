"""Images in content: only regular PNG and JPEG files inside the project, and never their metadata.

A block refers to an image by a path relative to its own file (`![A photo](../assets/photo.jpg)`) or
to `content/` (`![A photo](assets/photo.jpg)`). The file must be a regular file under `content/`
(a symlink that leaves the project, a FIFO or a device is refused), a real PNG or JPEG, and not
fetched from anywhere: a remote address is refused with the place to fix.

For a build, each image is *staged*: copied into the build's private folder without its metadata
(EXIF, XMP, IPTC, comments, text chunks can carry a victim's name or the place a photo was taken),
under a name made from its content. pandoc, Typst and the HTML builder only ever see staged copies,
and Typst's root is that folder, so nothing else can be read into a PDF.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kzreport.errors import Diagnostics
from kzreport.layout import ProjectLayout
from kzreport.load.textfile import lines_before
from kzreport.model import Project

MAX_IMAGE_BYTES = 20 * 1024 * 1024
# a small file can claim a huge picture, which Typst would unpack into memory
MAX_PIXELS = 50_000_000
KINDS = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}

# ![alt](src "title"), ![alt](<src>), and reference definitions [id]: src
_INLINE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^\s)]+)")
_REFDEF = re.compile(r"^ {0,3}\[(?!\^)((?:[^\]\\]|\\.)+)\]:\s*(<[^>\n]*>|\S+)", re.M)  # not [^1]: notes
# images by reference: ![alt][label], or ![label][] and ![label]
_REF_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[((?:[^\]\\]|\\.)*)\])?")
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)")


@dataclass(frozen=True)
class ImageRef:
    src: str  # as written
    line: int  # 0-based line within the text


def image_refs(text: str) -> list[ImageRef]:
    """The images a Markdown text refers to (reference definitions only when they name an image file)."""
    before = lines_before(text)
    out = [ImageRef(_unbracket(m.group(1)), before(m.start())) for m in _INLINE.finditer(text)]
    # (labels match as pandoc matches them: case and runs of spaces aside)
    used = {_label(label) for pair in _REF_IMAGE.findall(text) for label in pair if label}
    for m in _REFDEF.finditer(text):
        if _label(m.group(1)) in used:
            out.append(ImageRef(_unbracket(m.group(2)), before(m.start())))
    return out


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _unbracket(src: str) -> str:
    return src[1:-1].strip() if src.startswith("<") and src.endswith(">") else src


class ImageProblem(Exception):
    """Why an image cannot be used, in words for the drafter."""


def resolve(src: str, block_path: Path, root: Path) -> Path:
    """The file an image reference names, checked; raises ImageProblem."""
    if _REMOTE.match(src):
        raise ImageProblem(f'the image "{src}" is not a file of the project; kzreport never fetches anything from '
                           f"the network: save the image under content/ (e.g. content/assets/) and write its path")
    content = ProjectLayout(root).content.resolve()
    candidates = [block_path.parent / src, ProjectLayout(root).content / src.lstrip("/")]
    for candidate in candidates:
        try:
            st = os.lstat(candidate)
        except (OSError, ValueError):
            continue
        real = candidate.resolve()
        if not real.is_relative_to(content):
            raise ImageProblem(f'the image "{src}" is outside the project\'s content/ folder (or reached through a '
                               f"link that leaves it); copy the image under content/ (e.g. content/assets/)")
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            raise ImageProblem(f'"{src}" is not an ordinary file (a folder, pipe or device); name an image file')
        if st.st_size > MAX_IMAGE_BYTES:
            raise ImageProblem(f'the image "{src}" is {st.st_size // (1024 * 1024)} MB; make it smaller than '
                               f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB")
        with open(real, "rb") as f:
            head = f.read(8)
        if kind_of(head) is None:
            raise ImageProblem(f'"{src}" is not a PNG or JPEG image; save it as PNG or JPEG')
        size = pixel_size(real.read_bytes())
        if size is None:
            raise ImageProblem(f'"{src}" is damaged: its width and height cannot be read; save it again')
        if size[0] * size[1] > MAX_PIXELS:
            raise ImageProblem(f'the image "{src}" is {size[0]} x {size[1]} pixels; a document needs no more than '
                               f"{MAX_PIXELS // 1_000_000} million pixels (make it smaller)")
        return real
    raise ImageProblem(f'there is no image "{src}": paths are relative to this file or to content/ '
                       f"(e.g. ../assets/photo.jpg or assets/photo.jpg)")


def pixel_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) as the image's header states them, or None when it cannot be read."""
    kind = kind_of(data[:8])
    if kind == "png" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if kind == "jpg":
        pos = 2
        while pos + 9 <= len(data) and data[pos] == 0xFF:
            marker = data[pos + 1]
            (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
                height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
                return width, height
            pos += 2 + length
    return None


def kind_of(head: bytes) -> str | None:
    return next((kind for magic, kind in KINDS.items() if head.startswith(magic)), None)


def without_metadata(data: bytes) -> bytes:
    """The image with every metadata segment or chunk removed (pixels untouched)."""
    kind = kind_of(data[:8])
    if kind == "png":
        return _png_without_metadata(data)
    if kind == "jpg":
        return _jpeg_without_metadata(data)
    raise ImageProblem("not a PNG or JPEG image")


# PNG chunks needed to draw the image; everything else (tEXt, zTXt, iTXt, eXIf, tIME, iCCP, ...) goes
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs", b"sBIT", b"bKGD"}


def _png_without_metadata(data: bytes) -> bytes:
    out = [data[:8]]
    pos = 8
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise ImageProblem("the PNG file is cut short")
        if ctype in _PNG_KEEP:
            chunk = data[pos + 8:pos + 8 + length]
            out.append(struct.pack(">I4s", length, ctype) + chunk + struct.pack(">I", zlib.crc32(ctype + chunk)))
        pos = end
        if ctype == b"IEND":
            break
    return b"".join(out)


# JPEG segments: APP0 (JFIF) and APP14 (Adobe colour transform) are needed to decode; APP1 (Exif,
# XMP), APP2 (ICC), APP13 (IPTC), other APPn and COM (comments) go.
_JPEG_KEEP_APP = {0xE0, 0xEE}


def _jpeg_without_metadata(data: bytes) -> bytes:
    out = [data[:2]]
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ImageProblem("the JPEG file is damaged")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: its header, then compressed pixels up to the next marker
            (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
            end = jpeg_scan_end(data, pos + 2 + length)
            out.append(data[pos:end])
            pos = end
            continue
        if marker == 0xD9:  # end of image: whatever follows it (text, another file) is dropped
            out.append(b"\xff\xd9")
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker in (0x01, 0xD8):
            out.append(data[pos:pos + 2])
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        segment = data[pos:pos + 2 + length]
        is_app = 0xE0 <= marker <= 0xEF
        if marker != 0xFE and (not is_app or marker in _JPEG_KEEP_APP):
            if marker == 0xE0 and not segment[4:9] == b"JFIF\x00":
                pass  # an APP0 that is not JFIF (JFXX thumbnails and the like)
            else:
                out.append(segment)
        pos += 2 + length
    if any(part.startswith(b"\xff\xda") for part in out):
        return b"".join(out) + b"\xff\xd9"  # no end marker: the image ends where its data does
    raise ImageProblem("the JPEG file has no image data")


def jpeg_scan_end(data: bytes, pos: int) -> int:
    """Where the compressed data of a JPEG scan ends: at the first marker that is not a stuffed 0xFF00,
    a fill byte or a restart marker (RST0-7). (The leak guard reads JPEGs the same way: extract.py.)"""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1 if following == 0xFF else 2
            continue
        return pos


@dataclass
class Stage:
    """Copies of the images a build uses, without metadata, in the build's private folder."""

    folder: Path
    _done: dict[tuple[Path, int, int], Path] = field(default_factory=dict)
    drawings: list[Path] = field(default_factory=list)  # staged SVGs (charts) that need a PNG as well

    def images(self, text: str, block_path: Path, root: Path) -> dict[str, str]:
        """Each image reference of a text -> its staged copy (references that do not resolve are left
        out: `kzreport check` reports them, and the pandoc step prints their description instead)."""
        out = {}
        for ref in image_refs(text):
            try:
                out[ref.src] = self.name(self.add(resolve(ref.src, block_path, root)))
            except ImageProblem:
                continue
        return out

    def name(self, staged: Path) -> str:
        """A staged file's name relative to the build's private folder (stable from build to build)."""
        return staged.relative_to(self.folder.parent).as_posix()

    def generated(self, data: bytes, ext: str) -> Path:
        """A picture kzreport drew itself (a chart of scores, render/charts.py), staged under a name made
        from its content; an SVG is listed in `drawings`, to be drawn as a PNG of the same name for the
        formats that need a picture (convert/raster.py)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"img-{hashlib.sha256(data).hexdigest()[:20]}.{ext}"
        if not target.exists():
            target.write_bytes(data)
        if ext == "svg" and target not in self.drawings:
            self.drawings.append(target)
        return target

    def add(self, source: Path) -> Path:
        """The staged copy of `source` (a resolved, checked image file)."""
        st = source.stat()
        key = (source, st.st_mtime_ns, st.st_size)
        if key not in self._done:
            data = without_metadata(source.read_bytes())
            name = f"img-{hashlib.sha256(data).hexdigest()[:20]}.{kind_of(data[:8])}"
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / name
            if not target.exists():
                target.write_bytes(data)
            self._done[key] = target
        return self._done[key]


def check(project: Project, diags: Diagnostics) -> None:
    """Every image every block refers to, in every language, at the line that refers to it."""
    for block in project.blocks.values():
        for text in block.texts.values():
            for ref in image_refs(text.body):
                try:
                    resolve(ref.src, text.path, project.root)
                except ImageProblem as exc:
                    diags.error(text.path, text.body_line + ref.line, str(exc))
