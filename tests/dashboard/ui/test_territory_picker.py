"""The territory picker: resolved passes through, ambiguous asks (French labels), unknown explains."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.ui.territory_picker import candidate_label
from data_access.territories.resolver import resolve

SCRIPT = """
import streamlit as st
from dashboard.ui.territory_picker import choose_territory
from data_access.territories.resolver import resolve

chosen = choose_territory(resolve({query!r}), key="choix-territoire")
st.write("CHOIX:" + ("aucun" if chosen is None else f"{{chosen.kind}}:{{chosen.code}}"))
"""


def _app(query: str) -> AppTest:
    return AppTest.from_string(SCRIPT.format(query=query), default_timeout=60).run()


def _choice(at: AppTest) -> str:
    return next(m.value for m in at.markdown if str(m.value).startswith("CHOIX:"))


def test_candidate_label_tells_homonyms_apart_in_french() -> None:
    answer = resolve("Sainte-Colombe")
    labels = [candidate_label(c) for c in answer.candidates]
    assert len(set(labels)) == len(labels)
    gironde = next(label for label, c in zip(labels, answer.candidates, strict=True) if c.dep_code == "33")
    assert gironde.startswith("Sainte-Colombe — Commune — Gironde (33) — ")
    assert gironde.endswith(" habitants")
    paris = candidate_label(resolve("Paris").candidates[0])
    assert "2\u202f103\u202f778 habitants" in paris or "2 103 778 habitants" in paris


def test_resolved_returns_the_territory_with_a_caption() -> None:
    at = _app("St Etienne")
    assert not at.exception
    assert _choice(at) == "CHOIX:commune:42218"
    assert "Territoire reconnu" in at.caption[0].value


def test_ambiguous_returns_nothing_until_the_user_chooses() -> None:
    at = _app("Vienne")
    assert not at.exception
    assert _choice(at) == "CHOIX:aucun"
    radio = at.radio(key="choix-territoire")
    assert radio.value is None
    assert "Plusieurs territoires correspondent" in radio.label
    assert any("Isère (38)" in option for option in radio.options)
    isere = next(i for i, option in enumerate(radio.options) if "Isère (38)" in option)
    radio.set_value(isere).run()
    assert _choice(at) == "CHOIX:commune:38544"


def test_many_candidates_use_a_select_box() -> None:
    at = _app("Sainte-Colombe")
    assert not at.exception
    box = at.selectbox(key="choix-territoire")
    assert box.value is None
    gironde = next(i for i, option in enumerate(box.options) if "Gironde (33)" in option)
    box.set_value(gironde).run()
    assert _choice(at) == "CHOIX:commune:33390"


def test_unknown_shows_a_french_message_and_escapes_the_query() -> None:
    at = _app("Nulle_Part*")
    assert not at.exception
    assert _choice(at) == "CHOIX:aucun"
    message = at.warning[0].value
    assert message.startswith("Aucun territoire ne correspond")
    assert "Nulle\\_Part\\*" in message
