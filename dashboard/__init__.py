"""UI layer: Streamlit entrypoint, widgets, cached readers, chart/map builders, exports, CLI.

Importing this package must not import streamlit: the CLI and the exports use it headless.
"""
