"""Streamlit's deprecations as Python warnings, so that pyproject's ``filterwarnings`` fails on them.

Streamlit reports a deprecated call (``use_container_width``, a renamed ``st.`` function…) through
its logger and, at most, an ``st.warning`` in the page: never ``warnings.warn``. Each Streamlit module
imported its own reference to ``show_deprecation_warning``; ``install`` swaps every one of them for a
function that also raises the DeprecationWarning the suite turns into an error.
"""

from __future__ import annotations

import sys
import warnings

from streamlit import deprecation_util

_original = deprecation_util.show_deprecation_warning


def show_as_warning(message: str, show_in_browser: bool = True, show_once: bool = False) -> None:
    # stacklevel 3: the warning points at the caller of the deprecated Streamlit function.
    warnings.warn(f"Streamlit: {message}", DeprecationWarning, stacklevel=3)
    _original(message, show_in_browser, show_once)


def install() -> None:
    """Swap the reference in every Streamlit module imported so far (idempotent)."""
    for name, module in list(sys.modules.items()):
        if (name == "streamlit" or name.startswith("streamlit.")) and \
                getattr(module, "show_deprecation_warning", None) is _original:
            module.show_deprecation_warning = show_as_warning  # type: ignore[attr-defined]
