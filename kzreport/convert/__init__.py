"""Stage 4, converting: the one place that runs pandoc (with the Lua filters in lua/) and Typst.
"""
