"""Stage 6, publishing: the build cache, sweeping old outputs and the manifest of what was built.
"""
