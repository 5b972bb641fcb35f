"""The moment written into every output: SOURCE_DATE_EPOCH, read and checked in one place (a small module,
so that the command line checks it before a build starts without loading the rendering stage)."""

from __future__ import annotations

import os

MAX_EPOCH = 4102444799  # 2099-12-31 23:59:59 UTC


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (seconds since 1970, the moment written into every output) if it is set;
    ValueError with a plain message if it is not a usable number."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    text = raw.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise ValueError(f'SOURCE_DATE_EPOCH is "{raw[:40]}", which is not a number of seconds since 1970-01-01 '
                         f"(e.g. 1700000000); set it to one, or unset it to date the outputs by their reports")
    value = int(text)
    if value > MAX_EPOCH:
        raise ValueError(f"SOURCE_DATE_EPOCH is {text[:40]}, which is after the year 2099; set it to a number of "
                         f"seconds since 1970-01-01 up to {MAX_EPOCH}, or unset it")
    return value
