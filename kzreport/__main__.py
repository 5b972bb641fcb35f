"""`python -m kzreport`."""

from .cli import main

main(prog_name="kzreport")
