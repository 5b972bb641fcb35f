"""Stage 2, checks: what can only be seen across files (a report naming a missing block, a citation
of an unknown source, a score on an unknown level, a protected name in a published case).
"""
