"""Ready-to-publish files: static map images, offline HTML map, chart images, open-data bundle.

Nothing here imports streamlit: the CLI and the bench use these modules headless.
"""
