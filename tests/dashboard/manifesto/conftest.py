"""Plain values the Atelier's helpers receive, and a button's callback run without Streamlit: the
widgets' state and the store are stand-ins that record what the callback read and wrote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from dashboard.manifesto import readers
from dashboard.ui import state
from data_access import manifesto
from data_access.access import Actor
from data_access.manifesto.proposals import ProposalRow
from data_access.manifesto.themes import Quote, ThemeView
from data_access.models import Role

EDITOR = Actor(email="camille.martin@exemple.fr", role=Role.EDITEUR)
WHEN = dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC)


def row(pid: int, text: str = "", *, participation: int = 1, name: str = "Rennes", kind: str = "commune",
        reg: str | None = "53") -> ProposalRow:
    return ProposalRow(id=pid, text=text or f"Proposition {pid}", chapter="IA sociale", themes=(), criteria=(),
                       participation_id=participation, territory_name=name, kind=kind, reg_code=reg, zone=None,
                       stage="engage")


def item(item_id: int, wording: str = "Former les agents", **changes: Any) -> manifesto.ItemView:
    values: dict[str, Any] = dict(id=item_id, section_id=1, position=0, wording=wording, version=1, group_id=None,
                                  proposal_ids=(1,), territories=1, kinds=(), regions=(), updated_by=EDITOR.email,
                                  updated_at=WHEN)
    values.update(changes)
    return manifesto.ItemView(**values)


def section(section_id: int, title: str = "Formation", *items: manifesto.ItemView, **changes: Any) -> manifesto.SectionView:
    values: dict[str, Any] = dict(id=section_id, title=title, position=0, introduction="", status="brouillon",
                                  version=3, updated_by=EDITOR.email, updated_at=WHEN, items=items)
    values.update(changes)
    return manifesto.SectionView(**values)


def theme(ref: str, label: str = "Formation des agents", **changes: Any) -> ThemeView:
    values: dict[str, Any] = dict(ref=ref, decision_id=None, status="found", label=label, keywords=("former",),
                                  proposal_ids=(1, 2), territories=2, regions=1,
                                  quotes=(Quote(proposal_id=1, text="Former", territories=("Rennes",)),))
    values.update(changes)
    return ThemeView(**values)


class Clicks:
    """What a button's callback reads (the widgets' state at click time) and does (writes, the
    confirmation or refusal kept for the next run, edit bases, nonces, the pending question)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.widgets: dict[str, Any] = {}
        self.writes: list[tuple[Callable[..., Any], dict[str, Any]]] = []
        self.result: Any = None
        self.flash: str | None = None
        self.refusal: Any = None
        self.bases: dict[str, int | None] = {}
        self.nonces: dict[str, int] = {}
        self.pending: Any = "unchanged"
        monkeypatch.setattr(state, "widget_value", lambda key, default=None: self.widgets.get(key, default))
        monkeypatch.setattr(state, "set_workshop_flash", lambda message: setattr(self, "flash", message))
        monkeypatch.setattr(state, "set_workshop_refusal", lambda refusal: setattr(self, "refusal", refusal))
        monkeypatch.setattr(state, "set_edit_base", self.bases.__setitem__)
        monkeypatch.setattr(state, "bump_widget_nonce",
                            lambda key: self.nonces.__setitem__(key, self.nonces.get(key, 0) + 1))
        monkeypatch.setattr(state, "set_pending_add", lambda value: setattr(self, "pending", value))
        monkeypatch.setattr(readers, "perform", self._perform)

    def _perform(self, write: Callable[..., Any], **arguments: Any) -> Any:
        self.writes.append((write, arguments))
        if isinstance(self.result, Exception):
            raise self.result
        return self.result

    def click(self, button: dict[str, Any]) -> None:
        """What Streamlit does on a click: call ``on_click`` with the button's ``args`` and ``kwargs``."""
        button["on_click"](*button.get("args", ()), **button.get("kwargs", {}))


@pytest.fixture
def clicks(monkeypatch: pytest.MonkeyPatch) -> Clicks:
    return Clicks(monkeypatch)
