"""French text: number and date formats, sentences built from figures, safe Markdown (no streamlit)."""
