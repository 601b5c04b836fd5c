"""What each button of the « Atelier du manifeste » does: the data-layer write, its French
confirmation and the widgets it reads at click time, as the ``on_click``/``args``/``kwargs`` the
page spreads into the button (``st.button(…, **actions.rename_theme(…))``).

Everything runs in the button's callback through :func:`workshop.on_click` (one script run per
action); a widget's value is read when the button is clicked, never bound when it was drawn. The
buttons of the near-identical proposals are in groupings.py, with their panel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from dashboard.manifesto import explorer, readers, rendering, workshop
from dashboard.ui import state
from data_access import manifesto
from data_access.access import Actor
from data_access.manifesto import proposals, suggestions, themes
from data_access.manifesto.suggestions import QueueEntry
from data_access.manifesto.themes import ThemeView

Click = dict[str, Any]  # the keyword arguments of st.button / st.form_submit_button
Candidates = Sequence[tuple[str, tuple[int, ...]]]  # (box key, proposal ids it stands for)


def _ticked(candidates: Candidates, **keys: str) -> Callable[[], dict[str, Any]]:
    """A ``read``: the proposals behind the boxes ticked, and each other argument from its widget."""
    def read() -> dict[str, Any]:
        return {"proposal_ids": workshop.ticked(candidates),
                **{name: state.widget_value(key) for name, key in keys.items()}}
    return read


def _text(name: str, key: str) -> Callable[[], dict[str, Any]]:
    """A ``read``: one text argument from its field (empty when the field was never drawn)."""
    return lambda: {name: state.widget_value(key, "")}


def _renew_boxes() -> None:
    state.bump_widget_nonce(explorer.NONCE)


# --- Explorer ----------------------------------------------------------------------------------------
def add_ticked(actor: Actor, boxes: explorer.Boxes) -> Click:
    """« Ajouter à la section »: asks first when some ticked proposals already feed the manifesto."""
    return {"on_click": workshop.add_ticked,
            "kwargs": {"actor": actor, "candidates": boxes.candidates, "placed": boxes.placed,
                       "target_key": explorer.TARGET, "nonce_key": explorer.NONCE}}


def add_to_shortlist(actor: Actor, candidates: Candidates) -> Click:
    return workshop.on_click(proposals.add_to_shortlist, workshop.added_message("à votre sélection"),
                             actor=actor, read=_ticked(candidates), before=_renew_boxes)


def attach_sources(actor: Actor, candidates: Candidates) -> Click:
    """« Rattacher comme sources » of the item chosen: the same idea from other territories."""
    return workshop.on_click(manifesto.attach_sources, "Propositions rattachées à l'élément.", actor=actor,
                             before=_renew_boxes, read=_ticked(candidates, item_id=explorer.ITEM_TARGET))


def add_from_shortlist(actor: Actor, candidates: Candidates) -> Click:
    return workshop.on_click(manifesto.add_proposals, workshop.added_message("à la section"), actor=actor,
                             skip_placed=True, read=_ticked(candidates, section_id=explorer.SHORT_TARGET))


def remove_from_shortlist(actor: Actor, candidates: Candidates) -> Click:
    return workshop.on_click(proposals.remove_from_shortlist, "Sélection mise à jour.", actor=actor,
                             read=_ticked(candidates))


# --- Thèmes ------------------------------------------------------------------------------------------
def rename_theme(actor: Actor, campaign_id: int, theme: ThemeView, label_key: str) -> Click:
    return workshop.on_click(themes.rename, "Thème renommé.", actor=actor, campaign_id=campaign_id,
                             theme=theme, read=_text("label", label_key))


def merge_themes(actor: Actor, campaign_id: int, theme: ThemeView, shown: Sequence[ThemeView],
                 other_key: str) -> Click:
    """« Fusionner » with the theme chosen in the list (by its ref) at click time."""
    by_ref = {t.ref: t for t in shown}
    return workshop.on_click(themes.merge, "Thèmes fusionnés.", actor=actor, campaign_id=campaign_id,
                             first=theme, read=lambda: {"second": by_ref[state.widget_value(other_key)]})


def split_theme(actor: Actor, campaign_id: int, theme: ThemeView) -> Click:
    return workshop.on_click(themes.split, "Thème scindé en deux.", actor=actor, campaign_id=campaign_id,
                             theme=theme, read=lambda: {"analysis": readers.theme_analysis(campaign_id)})


def reject_theme(actor: Actor, campaign_id: int, theme: ThemeView) -> Click:
    return workshop.on_click(themes.reject, "Thème rejeté : il ne sera plus proposé.", actor=actor,
                             campaign_id=campaign_id, theme=theme)


def theme_to_section(actor: Actor, campaign_id: int, theme: ThemeView) -> Click:
    return workshop.on_click(themes.to_section, "Section créée à partir du thème.", actor=actor,
                             campaign_id=campaign_id, theme=theme)


# --- Sections ----------------------------------------------------------------------------------------
def default_sections(actor: Actor, campaign_id: int) -> Click:
    return workshop.on_click(manifesto.ensure_default_sections, "Sections par défaut créées.", actor=actor,
                             campaign_id=campaign_id)


def import_plan(actor: Actor, campaign_id: int, upload_key: str) -> Click:
    """« Importer le plan »: the file chosen at click time; the import's report is the confirmation."""
    return {"on_click": workshop.import_uploaded_plan,
            "kwargs": {"actor": actor, "campaign_id": campaign_id, "upload_key": upload_key}}


def move_section(actor: Actor, section_id: int, offset: int) -> Click:
    return workshop.on_click(manifesto.move_section, "Ordre des sections modifié.", actor=actor,
                             section_id=section_id, offset=offset)


def create_section(actor: Actor, campaign_id: int, title_key: str) -> Click:
    return workshop.on_click(manifesto.create_section, "Section créée.", actor=actor, campaign_id=campaign_id,
                             read=_text("title", title_key))


def save_section(actor: Actor, section_id: int, base: int, fields: dict[str, str]) -> Click:
    """« Enregistrer la section » from the version the editor started from (refused on a conflict)."""
    return workshop.on_click(manifesto.update_section, "Section enregistrée.", actor=actor,
                             edit_base=workshop.section_edit_key(section_id), section_id=section_id,
                             expected_version=base, read=workshop.widget_values(fields))


def delete_section(actor: Actor, section: manifesto.SectionView) -> Click:
    return workshop.on_click(manifesto.delete_section, "Section supprimée.", actor=actor,
                             edit_base=workshop.section_edit_key(section.id), section_id=section.id,
                             expected_version=section.version)


def shift_item(actor: Actor, item_id: int, offset: int, section_version: int) -> Click:
    """« ↑ » / « ↓ »: one place up or down in its section."""
    return workshop.on_click(manifesto.shift_item, "Ordre modifié.", actor=actor, item_id=item_id,
                             offset=offset, expected_section_version=section_version)


def move_item(actor: Actor, item_id: int, target_key: str) -> Click:
    return workshop.on_click(manifesto.move_item, "Élément déplacé.", actor=actor, item_id=item_id,
                             read=workshop.widget_values({"target_section_id": target_key}))


def save_item(actor: Actor, item_id: int, base: int, base_key: str, wording_key: str) -> Click:
    return workshop.on_click(manifesto.update_item, "Élément enregistré.", actor=actor, edit_base=base_key,
                             item_id=item_id, expected_version=base,
                             read=workshop.widget_values({"wording": wording_key}))


def delete_item(actor: Actor, item: manifesto.ItemView) -> Click:
    return workshop.on_click(manifesto.delete_item, "Élément retiré.", actor=actor, item_id=item.id,
                             expected_version=item.version)


def add_item(actor: Actor, section_id: int, wording_key: str) -> Click:
    """« Ajouter l'élément » written by the commission, with no source proposal."""
    return workshop.on_click(manifesto.add_item, "Élément ajouté.", actor=actor, section_id=section_id,
                             read=workshop.widget_values({"wording": wording_key}))


def docx_download(campaign_id: int, campaign_name: str, today: dt.date) -> Click:
    """« Exporter en Word (.docx) »: the document is built when the button is clicked, not at every run."""
    return {"data": lambda: readers.docx_bytes(campaign_id),
            "file_name": rendering.file_name_for(campaign_name, today, "docx"),
            "mime": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def markdown_download(campaign_id: int, campaign_name: str, today: dt.date) -> Click:
    return {"data": lambda: readers.markdown_text(campaign_id).encode("utf-8"),
            "file_name": rendering.file_name_for(campaign_name, today, "md"), "mime": "text/markdown"}


# --- Suggestions -------------------------------------------------------------------------------------
def accept_suggestion(actor: Actor, entry: QueueEntry, sections: Sequence[manifesto.SectionView],
                      section_key: str, item_key: str) -> Click:
    """« Accepter » / « Classer ici »: the section and item chosen at click time; the first
    suggestion is recorded with it, so the confirmation says when the editor corrected it."""
    best = entry.best
    return workshop.on_click(suggestions.accept, workshop.placed_message({s.id: s.title for s in sections}, best),
                             actor=actor, proposal_ids=list(entry.proposal_ids),
                             suggested_section_id=best[0] if best else None, confidence=best[1] if best else None,
                             read=workshop.widget_values({"section_id": section_key, "item_id": item_key}))


def dismiss_suggestion(actor: Actor, campaign_id: int, entry: QueueEntry) -> Click:
    best = entry.best
    return workshop.on_click(suggestions.dismiss, "Proposition écartée de la file.", actor=actor,
                             proposal_ids=list(entry.proposal_ids), campaign_id=campaign_id,
                             suggested_section_id=best[0] if best else None, confidence=best[1] if best else None)


# --- Historique --------------------------------------------------------------------------------------
def restored_message(_result: Any, arguments: dict[str, Any]) -> str:
    return f"Version {arguments['version']} restaurée (nouvelle version créée)."


def restore_version(actor: Actor, section: manifesto.SectionView, version_key: str) -> Click:
    """« Restaurer cette version » (a new version is created); the section's fields are redrawn."""
    edit_key = workshop.section_edit_key(section.id)
    return workshop.on_click(manifesto.restore, restored_message, actor=actor, edit_base=edit_key,
                             section_id=section.id, expected_version=section.version,
                             before=lambda: state.bump_widget_nonce(edit_key),
                             read=workshop.widget_values({"version": version_key}))
