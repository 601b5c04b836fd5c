"""UI helpers of the « Atelier du manifeste » page: steps, writes with their French feedback, and the
small pieces every step repeats (section titles, origin line, « dans 1.1 » mark).

The page keeps the layout; what is done on a click (run the write, show a conflict with both
texts, remember a confirmation for the next run) lives here, once. Which write each button runs
is in actions.py; the Explorer's pieces in explorer.py, the near-identical proposals' panel in
groupings.py, sentences in captions.py, tables in tables.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from dashboard import navigation
from dashboard.intake import actions as intake_actions
from dashboard.manifesto import readers
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access import manifesto
from data_access.access import Actor
from data_access.audit_labels import actor_label
from data_access.errors import UserFacingError
from data_access.manifesto import AddOutcome, ManifestoConflict, Placement, plan
from data_access.manifesto.proposals import STAGE_CHOICES, ProposalRow
from data_access.manifesto.suggestions import QueueEntry
from data_access.manifesto.themes import Quote, ThemeView
from data_access.territories import reference

EXPLORER, THEMES, SECTIONS, SUGGESTIONS, HISTORY, COVERAGE = (
    "Explorer", "Thèmes", "Sections", "Suggestions", "Historique", "Couverture")
STEPS: tuple[str, ...] = (EXPLORER, THEMES, SECTIONS, SUGGESTIONS, HISTORY, COVERAGE)
QUOTE_TERRITORIES = 3  # territory names shown after a quote; the rest as « et N autres »
STATUS_LABELS = dict(manifesto.STATUS_CHOICES)
STAGE_LABELS = dict(STAGE_CHOICES)
REVIEW_PAGE = 10  # suggested placements shown at once, the surest first
AUTO_SUGGEST_LIMIT = 5000  # proposals up to which near-identical ones are looked for without asking
SOURCE_TEXTS = 50  # an item's texts shown under « Textes d'origine »


def step_selector() -> str:
    """The step the editor is on: a stateful control (unlike st.tabs, it survives every rerun)."""
    current = state.workshop_step(EXPLORER)
    if current not in STEPS:
        current = EXPLORER
    chosen = st.segmented_control("Étape", STEPS, default=current, key=state.WORKSHOP_STEP,
                                  label_visibility="collapsed")
    # Clicking the selected step again deselects it in a segmented control: stay where we were.
    return chosen or current


def section_titles(campaign_id: int) -> dict[int, str]:
    """section id → « 2. Formation », in manifesto order: every step's section choices."""
    return {s.id: f"{n}. {s.title}" for n, s in enumerate(readers.sections(campaign_id), start=1)}


def item_labels(number: int, section: manifesto.SectionView) -> dict[int, str]:
    """item id → « 2.3 Former les agents… » for the section numbered ``number``."""
    return {i.id: f"{number}.{n} {i.wording[:70]}" for n, i in enumerate(section.items, start=1)}


def section_edit_key(section_id: int) -> str:
    """The key of a section's edit base and of its fields' nonce."""
    return f"section-{section_id}"


def section_fields(section_id: int, nonce: int) -> dict[str, str]:
    """The keys of a section's fields (write argument → widget key); a new nonce redraws them."""
    return {"title": f"title-{section_id}-{nonce}", "status": f"status-{section_id}-{nonce}",
            "introduction": f"intro-{section_id}-{nonce}"}


def look_for_similar(campaign_id: int) -> bool:
    """Whether « Chercher les propositions proches » starts on: grouping takes seconds to a minute on
    tens of thousands of proposals, so past that it is computed on demand."""
    return len(readers.search_index(campaign_id)) <= AUTO_SUGGEST_LIMIT


def suggested_first(entries: Sequence[QueueEntry], focus: int | None) -> list[QueueEntry]:
    """The proposals waiting for a section whose first suggestion is ``focus`` (None: all)."""
    return [e for e in entries if focus is None or (e.best and e.best[0] == focus)]


def section_choices(entry: QueueEntry, titles: dict[int, str]) -> list[int]:
    """The sections offered for a waiting proposal: the suggested ones first, then all the others."""
    suggested = [sid for sid, _ in entry.choices]
    return suggested + [sid for sid in titles if sid not in suggested]


def show_flash() -> None:
    """The outcome of the write done by the click that started this run: its confirmation, or why it
    was refused (with both texts on a conflict, so the editor's text is never lost)."""
    refusal = state.workshop_refusal()
    if isinstance(refusal, ManifestoConflict):
        show_conflict(refusal)
    elif refusal:
        st.error(str(refusal), icon=":material/error:")
    flash = state.workshop_flash()
    if flash:
        st.success(flash, icon=":material/check_circle:")


def show_conflict(exc: ManifestoConflict) -> None:
    st.error(str(exc), icon=":material/sync_problem:")
    theirs, mine = st.columns(2)
    theirs.text_area(f"Version enregistrée par {actor_label(exc.other_editor)}", exc.theirs, height=180, disabled=True)
    mine.text_area("Votre texte (non enregistré, à copier)", exc.mine, height=180)


def kept_message(outcome: AddOutcome) -> str:
    """What « Les garder comme sources » did, counted: never « ajoutées » when nothing changed."""
    if not outcome.created and not outcome.attached:
        chosen = ("la proposition choisie alimente" if outcome.unchanged <= 1 else
                  f"les {formatting.number(outcome.unchanged)} propositions choisies alimentent")
        return f"Rien n'a changé : {chosen} déjà le manifeste, à sa place."
    done = []
    if outcome.created:
        done.append(formatting.plural(outcome.created, "élément créé", "éléments créés"))
    if outcome.attached:
        done.append(formatting.plural(outcome.attached, "proposition rattachée", "propositions rattachées")
                    + " à l'élément de même texte")
    text = " ; ".join(done)
    if outcome.unchanged:
        text += " ; " + formatting.plural(outcome.unchanged, "proposition déjà présente laissée à sa place",
                                 "propositions déjà présentes laissées à leur place")
    return text[0].upper() + text[1:] + "."


Success = str | Callable[[Any, dict[str, Any]], str]


def on_click(write: Callable[..., Any], success: Success, *, actor: Actor, edit_base: str | None = None,
             read: Callable[[], dict[str, Any]] | None = None, before: Callable[[], None] | None = None,
             **arguments: Any) -> dict[str, Any]:
    """The ``on_click``/``kwargs`` of a button whose click runs ``write``: in the button's callback,
    before the run that shows the result, so an action costs one script run, not two (issue 26).

    ``read`` returns the arguments that come from widgets, read from their state at click time: a
    text typed just before the click is there, while the run that drew the button may not have seen
    it. ``before`` runs first (clear a question, renew the check boxes). ``success`` is the
    confirmation, or a function of the write's result and its arguments."""
    return {"on_click": _run_write, "args": (write, success),
            "kwargs": {"actor": actor, "edit_base": edit_base, "read": read, "before": before,
                       "arguments": arguments}}


def _run_write(write: Callable[..., Any], success: Success, *, actor: Actor, arguments: dict[str, Any],
               edit_base: str | None = None, read: Callable[[], dict[str, Any]] | None = None,
               before: Callable[[], None] | None = None) -> None:
    arguments = {**arguments, **(read() if read else {})}
    if before:
        before()
    try:
        result = readers.perform(write, actor=actor, **arguments)
    except UserFacingError as exc:  # ManifestoConflict included: show_flash shows both texts
        state.set_workshop_refusal(exc)
        return
    if edit_base is not None:
        state.set_edit_base(edit_base, None)
    state.set_workshop_flash(success if isinstance(success, str) else success(result, arguments))


def added_message(destination: str) -> Callable[[Any, dict[str, Any]], str]:
    """« 3 propositions ajoutées à la section. », counted on what was added at click time."""
    def message(_result: Any, arguments: dict[str, Any]) -> str:
        count = len(arguments.get("proposal_ids") or ())
        return f"{formatting.plural(count, 'proposition ajoutée', 'propositions ajoutées')} {destination}."
    return message


def ticked(candidates: Sequence[tuple[str, tuple[int, ...]]]) -> list[int]:
    """The proposal ids behind the boxes ticked at click time (read from the boxes' state)."""
    return [pid for key, ids in candidates if state.widget_value(key) for pid in ids]


def add_ticked(*, actor: Actor, candidates: Sequence[tuple[str, tuple[int, ...]]], placed: frozenset[int],
               target_key: str, nonce_key: str) -> None:
    """« Ajouter à la section » of the Explorer, in the button's callback: the boxes ticked and the
    section chosen at click time; when some already feed the manifesto, ask first (pending add)."""
    picked = ticked(candidates)
    target = state.widget_value(target_key)
    state.bump_widget_nonce(nonce_key)
    if not picked or target is None:
        return
    if any(pid in placed for pid in picked):
        state.set_pending_add((int(target), tuple(picked)))
        return
    _run_write(manifesto.add_proposals, added_message("à la section"), actor=actor,
               arguments={"section_id": int(target), "proposal_ids": picked})


def widget_values(keys: dict[str, str]) -> Callable[[], dict[str, Any]]:
    """A ``read`` for :func:`on_click`: each write argument from the widget of that key, at click time."""
    def values() -> dict[str, Any]:
        return {name: state.widget_value(key) for name, key in keys.items()}
    return values


def placed_message(section_titles: dict[int, str], best: tuple[int, float] | None) -> Callable[[Any, dict[str, Any]], str]:
    """« Proposition placée dans « Formation ». », saying when the editor corrected the suggestion."""
    def message(_result: Any, arguments: dict[str, Any]) -> str:
        chosen = arguments.get("section_id")
        corrected = " Suggestion corrigée." if best and chosen != best[0] else ""
        return f"Proposition placée dans « {section_titles.get(chosen, '')} ».{corrected}"  # type: ignore[arg-type]
    return message


def forget_edits(key: str) -> None:
    """« Recharger »: forget the version the editor started from and redraw the fields from the store."""
    state.set_edit_base(key, None)
    state.bump_widget_nonce(key)


def import_uploaded_plan(*, actor: Actor, campaign_id: int, upload_key: str) -> None:
    """« Importer le plan », in the button's callback: the file chosen at click time."""
    uploaded = state.widget_value(upload_key)
    if uploaded is None:
        return
    try:
        report = readers.perform(plan.import_plan, actor=actor, campaign_id=campaign_id,
                                 text=plan.decode(uploaded.getvalue()))
    except UserFacingError as exc:
        state.set_workshop_refusal(f"Plan non importé : {exc}")
        return
    state.set_workshop_flash("  \n".join(widgets.markdown_text(line.strip()) for line in report.lines()))


def confidence_label(title: str, confidence: float | None) -> str:
    """« Formation des agents — 72 % » (no confidence: the section named alone)."""
    return title if confidence is None else f"{title} — {formatting.percent(confidence)}"


def edit_base(key: str, version: int) -> int:
    """The version the editor started editing from (kept until they save or reload)."""
    if state.edit_base(key) is None:
        state.set_edit_base(key, version)
    return state.edit_base(key) or version


def section_changed_by_someone_else(section: manifesto.SectionView, base: int, actor: Actor) -> str | None:
    """Who else changed the title, introduction or status since ``base`` (None: nobody). Item
    changes (the editor's own additions included) never conflict with a section save: the base
    moves on. The section's last writer is not asked: it is the editor after their own addition."""
    if base == section.version:
        return None
    if not readers.fields_changed_since(section.id, base):
        state.set_edit_base(section_edit_key(section.id), section.version)
        return None
    return readers.fields_changed_by_others_since(section.id, base, actor.email)


def origin(row: ProposalRow, *, chapter: bool = True) -> str:
    parts = [widgets.markdown_text(row.territory_name), reference.KIND_LABELS.get(row.kind, row.kind),
             widgets.markdown_text(reference.region_label(row.reg_code))]
    if chapter:
        parts.append(widgets.markdown_text(row.chapter))
    return " · ".join(parts)


def where_placed(row: ProposalRow, placed: dict[int, tuple[Placement, ...]],
                 by_text: dict[str, tuple[Placement, ...]]) -> tuple[tuple[Placement, ...], bool]:
    """The items a proposal feeds, or else those fed by the same wording from another territory
    (then ``True``): either way, adding it again would make a near-duplicate item."""
    found = placed.get(row.id, ())
    if found:
        return found, False
    same = by_text.get(manifesto.text_key(row.text), ())
    return same, bool(same)


def placement_mark(found: Sequence[Placement], same_text: bool = False) -> str:
    """« dans 1.1 » (or « dans 1.1, 3.2 »): where a proposal already is in the manifesto;
    « même texte que 1.1 » when another territory's identical wording is."""
    if not found:
        return ""
    return ("même texte que " if same_text else "dans ") + ", ".join(p.label for p in found)


def idea_mark(copies: int, territories: int) -> str:
    """« même proposition, 12 territoires »: one result stands for the same wording from several."""
    if copies <= 1:
        return ""
    return f"même proposition, {formatting.plural(max(territories, 1), 'territoire')}"


def proposal_label(row: ProposalRow, found: Sequence[Placement], reasons: Sequence[str] = (),
                   same_text: bool = False, copies: int = 1, territories: int = 1) -> str:
    label = f"{widgets.markdown_text(row.text)}  \n:gray[{origin(row)}]"
    idea = idea_mark(copies, territories)
    if idea:
        label += f" :blue-badge[{idea}]"
    mark = placement_mark(found, same_text)
    if mark:
        label += f" :violet-badge[{mark}]"
    if reasons:
        label += "  \n:gray[Trouvée par : " + widgets.markdown_text(" · ".join(reasons)) + "]"
    return label


def others(count: int) -> str:
    """After a list cut short: « … et 12 autres. »."""
    return f"… et {formatting.number(count)} autres."


def show_source_texts(item: manifesto.ItemView) -> None:
    """The texts an item stands on (the first ones), each with its territory, a withdrawal if any,
    and a way to that territory's sheet."""
    shown = item.proposal_ids[:SOURCE_TEXTS]
    withdrawn = intake_actions.withdrawn_marks(shown)
    for row in readers.proposal_rows(shown):
        st.markdown(f"> {widgets.markdown_text(row.text)}")
        if row.id in withdrawn:
            st.caption(f"« {intake_actions.withdrawn_label(withdrawn[row.id])} »")
        t1, t2 = st.columns([3, 1], vertical_alignment="center")
        t1.caption(origin(row, chapter=False))
        with t2:
            open_territory(row.participation_id, key=f"fiche-{item.id}-{row.id}")
    if len(item.proposal_ids) > SOURCE_TEXTS:
        st.caption(others(len(item.proposal_ids) - SOURCE_TEXTS))


def open_territory(participation_id: int, key: str) -> None:
    fiche = next((spec for spec in navigation.PAGES if spec.script == "fiche_territoire.py"), None)
    if fiche is None:
        return
    if st.button("Fiche du territoire", key=key, icon=":material/location_city:"):
        state.set_selected_territory(participation_id)
        st.switch_page(str(fiche.path))


def theme_caption(theme: ThemeView) -> str:
    """« 42 propositions · 17 territoires · 6 régions » and where the theme stands."""
    parts = [formatting.plural(len(theme.proposal_ids), "proposition"),
             formatting.plural(theme.territories, "territoire"), formatting.plural(theme.regions, "région")]
    if theme.status == "section":
        parts.append("devenu une section")
    elif theme.covered:
        parts.append("couvert par le manifeste")
    elif theme.decision_id is not None:
        parts.append("décidé par un éditeur")
    return " · ".join(parts)


def quote_line(quote: Quote) -> str:
    """A verbatim quote and the territories that wrote it, for a Markdown list."""
    names = list(quote.territories)
    shown = ", ".join(widgets.markdown_text(n) for n in names[:QUOTE_TERRITORIES])
    if len(names) > QUOTE_TERRITORIES:
        shown += f" et {formatting.plural(len(names) - QUOTE_TERRITORIES, 'autre')}"
    return f"- « {widgets.markdown_text(quote.text)} » — *{shown or 'territoire inconnu'}*"


def item_caption(item: manifesto.ItemView) -> str:
    kinds = ", ".join(f"{reference.KIND_LABELS.get(k, k)} ({n})" for k, n in item.kinds)
    regions_text = ", ".join(f"{reference.region_label(r)} ({n})" for r, n in item.regions[:8])
    return (f"Portée par {formatting.plural(item.territories, 'territoire')}"
            + (f" · {kinds}" if kinds else "") + (f" · {regions_text}" if regions_text else "")
            + (" · proposition consolidée" if item.group_id else ""))


def latest_section(sections: Sequence[manifesto.SectionView]) -> manifesto.SectionView | None:
    """The section changed last: where « Historique » opens."""
    return max(sections, key=lambda s: (s.updated_at, s.version), default=None)


def comparison_markdown(changes: Sequence[manifesto.ChangedLine]) -> str:
    """The Historique's comparison as Markdown: one bullet per changed line, added words on green
    and bold, removed words struck through on red; stored text escaped."""
    if not changes:
        return ""
    lines = []
    for line in changes:
        words = []
        for mark, text in line.words:
            safe = widgets.markdown_text(text)
            if mark == "+":
                words.append(f":green-background[**{safe}**]")
            elif mark == "-":
                words.append(f":red-background[~~{safe}~~]")
            else:
                words.append(safe)
        lines.append("- " + " ".join(words))
    return "\n".join(lines)


def comparison_summary(changes: Sequence[manifesto.ChangedLine]) -> str:
    """« 2 lignes modifiées : 5 mots ajoutés (en vert), 3 mots retirés (barrés, en rouge) »."""
    added = sum(line.added for line in changes)
    removed = sum(line.removed for line in changes)
    return (f"{formatting.plural(len(changes), 'ligne modifiée', 'lignes modifiées')} : "
            f"{formatting.plural(added, 'mot ajouté', 'mots ajoutés')} (en vert), "
            f"{formatting.plural(removed, 'mot retiré', 'mots retirés')} (barrés, en rouge).")
