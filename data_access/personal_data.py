"""Personal data in free texts: e-mail addresses and phone numbers a territory typed into a proposal,
a place or a title are masked wherever a text leaves for the public (open data, public pages)."""

from __future__ import annotations

import re

MASK = "[donnée personnelle masquée]"
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# French numbers (01 23 45 67 89, 01.23.45.67.89, +33 1 23 45 67 89) and long digit runs.
PHONE_PATTERN = re.compile(r"(?:(?:\+|00)\d{2,3}[\s.-]?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")


def mask_personal(text: str | None) -> str:
    if not text:
        return ""
    return PHONE_PATTERN.sub(MASK, EMAIL_PATTERN.sub(MASK, text))
