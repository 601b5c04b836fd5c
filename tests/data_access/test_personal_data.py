from __future__ import annotations

import pytest

from data_access import personal_data


@pytest.mark.parametrize("text", ["écrire à a.b@c.fr", "tél. 01 23 45 67 89", "+33 6 12 34 56 78", "0612345678"])
def test_mask_personal_hides_emails_and_phones(text: str) -> None:
    assert personal_data.MASK in personal_data.mask_personal(text)


def test_mask_personal_keeps_ordinary_numbers() -> None:
    assert personal_data.mask_personal("En 2025, 1 234 agents formés.") == "En 2025, 1 234 agents formés."
