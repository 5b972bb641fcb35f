"""Victims' safety: which cases may be published, how names are protected, and the leak guard.

- disclosure.py: disclosure levels, the content checks, anonymisation;
- names.py: how a protected name can be written (folding, Russian and Kazakh forms) and the matcher;
- guard.py: finding protected names in what is really published; extract.py and pdftext.py read
  every part of an output file.
"""

from typing import TYPE_CHECKING, Any

from kzreport.safety.extract import docx_text, html_text, output_text, pdf_text
from kzreport.safety.fold import fast_fold, fold_text
from kzreport.safety.guard import Guard, Leak
from kzreport.safety.names import Matcher, ProtectedName, protected_name
from kzreport.safety.pdftext import page_text

if TYPE_CHECKING:
    from kzreport.safety.disclosure import Anonymiser, check, check_sources, is_visible, protected_names, report_cases

_DISCLOSURE = {"Anonymiser", "check", "check_sources", "is_visible", "protected_names", "report_cases"}


def __getattr__(name: str) -> Any:
    # disclosure.py (with the project model and the messages) is imported when first used: a Typst
    # worker process, which only runs the guard on the PDF it made, starts faster without it
    if name in _DISCLOSURE:
        from kzreport.safety import disclosure

        return getattr(disclosure, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Anonymiser", "Guard", "Leak", "Matcher", "ProtectedName", "check", "check_sources", "docx_text", "fast_fold",
           "fold_text", "html_text", "is_visible", "output_text", "page_text", "pdf_text", "protected_name",
           "protected_names", "report_cases"]
