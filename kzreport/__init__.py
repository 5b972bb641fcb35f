"""kzreport: reports to UN human-rights bodies, built from content blocks into DOCX and PDF."""

__version__ = "0.1.0"
