"""The submissions store: configuration, models, queries and writes. Never imports streamlit."""
