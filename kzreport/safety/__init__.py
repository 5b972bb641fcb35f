"""Victims' safety: which cases may be published, how names are protected, and the leak guard.

- disclosure.py: disclosure levels, the content checks, anonymisation;
- names.py: how a protected name can be written (folding, Russian and Kazakh forms) and the matcher;
- guard.py: finding protected names in what is really published; extract.py and pdftext.py read
  every part of an output file.
"""

from kzreport.safety.disclosure import Anonymiser, check, is_visible, protected_names, report_cases
from kzreport.safety.extract import docx_text, html_text, output_text, pdf_text
from kzreport.safety.fold import fast_fold, fold_text
from kzreport.safety.guard import Guard, Leak
from kzreport.safety.names import Matcher, ProtectedName, protected_name
from kzreport.safety.pdftext import page_text

__all__ = ["Anonymiser", "Guard", "Leak", "Matcher", "ProtectedName", "check", "docx_text", "fast_fold",
           "fold_text", "html_text", "is_visible", "output_text", "page_text", "pdf_text", "protected_name",
           "protected_names", "report_cases"]
