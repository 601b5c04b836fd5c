"""Deprecated calls fail the suite: Python's deprecation warnings (pyproject ``filterwarnings``) and
Streamlit's, which it only logs (tests/support/deprecations.py)."""

from __future__ import annotations

import warnings

import pytest
from streamlit.testing.v1 import AppTest

from tests.support import deprecations


def test_a_deprecation_warning_is_an_error() -> None:
    with pytest.raises(DeprecationWarning):
        warnings.warn("obsolète", DeprecationWarning, stacklevel=1)


def test_streamlit_deprecations_are_raised_as_warnings() -> None:
    from streamlit.elements import image

    assert image.show_deprecation_warning is deprecations.show_as_warning
    with pytest.raises(DeprecationWarning, match="Streamlit: "):
        image.show_deprecation_warning("`use_column_width` est obsolète")


def _page_with_a_deprecated_argument() -> None:
    import numpy as np
    import streamlit as st

    st.image(np.zeros((2, 2)), use_column_width=True)


def _page_with_the_current_argument() -> None:
    import numpy as np
    import streamlit as st

    st.image(np.zeros((2, 2)), width="stretch")


def test_a_page_calling_a_deprecated_streamlit_argument_fails() -> None:
    # The app's config redacts the message; the control below shows the deprecation is the cause.
    assert AppTest.from_function(_page_with_a_deprecated_argument).run().exception
    assert not AppTest.from_function(_page_with_the_current_argument).run().exception
