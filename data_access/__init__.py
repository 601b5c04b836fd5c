"""The submissions store: configuration, models, queries and writes. Never imports streamlit."""

# Registers the session events that bump data versions on every write, whoever opens the session.
from data_access import versions as _versions  # noqa: F401
