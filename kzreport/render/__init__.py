"""Stage 3, rendering: Jinja templates turn a report into a Markdown skeleton with slots for block
bodies and tables, and `jobs.py` packs it into a pandoc job (the contract in `job.py`).
"""
