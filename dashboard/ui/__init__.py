"""Shared Streamlit pieces: sign-in, session state, widgets, territory picker, campaign readers."""
