"""French labels of raw values the store keeps as codes or lower-case words: the one place that
turns « atelier », « citoyens », « acces », « actif » into what a person reads.

Grid vocabularies (formats, publics) are French words written lower-case so that imports match
them whatever the case; shown alone in a cell or a list they take a capital. Audit codes have their
own labels (``audit_labels``), stages and roles theirs (``models``).
"""

from __future__ import annotations

from collections.abc import Iterable

LINK_KIND_LABELS: dict[str, str] = {"invitation": "Invitation", "acces": "Accès ouvert"}
LINK_STATUS_LABELS: dict[str, str] = {"actif": "Actif", "utilisé": "Utilisé", "expiré": "Expiré",
                                      "révoqué": "Révoqué"}
PROPOSAL_KEPT = "maintenue par le territoire"  # not withdrawn; mirrors « retirée par le territoire le … »


def vocabulary_label(value: str | None) -> str:
    """« atelier » → « Atelier », « réunion publique » → « Réunion publique »; « — » for nothing."""
    text = (value or "").strip()
    return text[:1].upper() + text[1:] if text else "—"


def vocabulary_list(values: Iterable[str]) -> str:
    """« Élus, agents, citoyens »: the first word capitalised, as a French list reads."""
    words = [v.strip() for v in values if v and v.strip()]
    return vocabulary_label(", ".join(words)) if words else "—"


def link_kind_label(kind: str) -> str:
    return LINK_KIND_LABELS.get(kind, vocabulary_label(kind))


def link_status_label(status: str) -> str:
    return LINK_STATUS_LABELS.get(status, vocabulary_label(status))
