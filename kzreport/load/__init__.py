"""Stage 1, loading: every file of a project read into the model (kzreport/model.py), with located
problems. Nothing here looks across files; that is checks/.
"""
