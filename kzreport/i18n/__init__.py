"""Translation: which translations are missing or stale, XLIFF export and import, and writing
translated text back into the language trees.
"""
