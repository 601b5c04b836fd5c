"""The commission's side of the online grid: the review on the territory's sheet, the list on Suivi."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.space import filing
from dashboard.space import mail as space_mail
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access.access import Actor
from data_access.errors import UserFacingError
from data_access.models import FilingStatus
from data_access.space.filing import FilingReview
from data_access.space.personal_links import is_email


def render(actor: Actor, participation_id: int) -> None:
    """« Grille déposée en ligne » on Fiche territoire: the filed answers, and validate or return them."""
    review = filing.review(actor, participation_id)
    if review is None:
        return
    st.subheader("Grille déposée en ligne")
    flash = state.grid_flash()
    if flash:
        st.success(flash, icon=":material/check_circle:")
    filed_on = formatting.date(review.submitted_at.date() if review.submitted_at else None)
    by = f" par {widgets.markdown_text(review.submitted_by)}" if review.submitted_by else ""
    st.markdown(f"**{widgets.markdown_text(review.status_label)}** — version {review.version}, déposée le "
                f"{filed_on}{by} depuis l'espace du territoire ; remplie à {formatting.percent(review.completion)}.")
    sent = next((h for h in review.history if h.version == review.version and h.review_comment), None)
    if sent is not None:
        # The comment just sent with « Renvoyer »: seen at once, not only once the territory files again.
        when = formatting.date(sent.reviewed_at.date() if sent.reviewed_at else None)
        st.info(f"Commentaire envoyé au territoire le {when} : « {widgets.markdown_text(sent.review_comment or '')} »",
                icon=":material/undo:")
    if review.replaced_by_import:
        st.info("Un import a enregistré depuis une autre version de la grille de ce territoire : les réponses "
                "ci-dessous sont celles déposées en ligne, la grille d'information ci-dessus est la plus récente.",
                icon=":material/sync_problem:")
    with st.expander("Voir les réponses déposées"):
        for section in review.sections:
            st.markdown(f"##### {widgets.markdown_text(section.title)}")
            st.markdown("\n\n".join(f"**{widgets.markdown_text(a.label)}**  \n{widgets.markdown_text(a.text)}"
                                    for a in section.answers))
    earlier = [h for h in review.history if h.version != review.version]
    if earlier:
        st.caption("Versions précédentes : " + " ; ".join(
            f"version {h.version} — {h.status_label.lower()}"
            + (f" (« {widgets.markdown_text(h.review_comment)} »)" if h.review_comment else "") for h in earlier) + ".")
    if not review.can_review:
        return
    comment_key = f"examen-grille-commentaire-{participation_id}-{review.version}"
    with st.form(f"examen-grille-{participation_id}-{review.version}", enter_to_submit=False):
        st.text_area("Commentaire pour le territoire (obligatoire pour renvoyer la grille)", max_chars=5000,
                     placeholder="Par exemple : précisez le nombre de participants de la deuxième session.",
                     key=comment_key)
        left, right = st.columns(2)
        # Written in the buttons' callbacks: one script run per click (issue 26).
        left.form_submit_button("Valider la grille", type="primary", icon=":material/verified:", width="stretch",
                                on_click=_validate_on_click, args=(actor, participation_id, review.version))
        right.form_submit_button("Renvoyer au territoire", icon=":material/undo:", width="stretch",
                                 on_click=_send_back_on_click, args=(actor, review, comment_key))
    refused = state.notice("grille")
    widgets.show_notice(refused)


def _validate_on_click(actor: Actor, participation_id: int, version: int) -> None:
    try:
        filing.validate(actor, participation_id, version)
    except UserFacingError as exc:
        state.set_notice("grille", "error", str(exc))
    else:
        state.set_grid_flash("Grille validée : l'étape du territoire est « Grille validée ».")


def _send_back_on_click(actor: Actor, review: FilingReview, comment_key: str) -> None:
    comment = str(state.widget_value(comment_key) or "")
    try:
        filing.send_back(actor, review.participation_id, review.version, comment)
    except UserFacingError as exc:
        state.set_notice("grille", "error", str(exc))
    else:
        state.set_grid_flash("Grille renvoyée : le territoire voit votre commentaire dans son espace."
                             + notify_returned(actor, review, comment))


def notify_returned(actor: Actor, review: FilingReview, comment: str) -> str:
    """E-mails the comment to whoever filed the grid when SMTP is set; the sentence says what happened."""
    to = review.submitted_by or ""
    if not space_mail.is_configured():
        return " Le courriel n'est pas configuré : prévenez le territoire vous-même."
    if not is_email(to):
        return " Aucune adresse connue pour ce dépôt : prévenez le territoire vous-même."
    try:
        space_mail.send_grid_returned(actor, participation_id=review.participation_id, to=to,
                                      territory_name=review.territory_name, comment=comment)
    except UserFacingError as exc:  # the return itself is saved; only the e-mail failed
        return f" L'e-mail n'est pas parti ({widgets.markdown_text(str(exc))}) : prévenez le territoire vous-même."
    return f" Un e-mail l'en avertit à l'adresse {widgets.markdown_text(to)}."


def render_overview(actor: Actor, campaign_id: int) -> None:
    """Suivi's « Grilles en ligne »: who drafts, who filed (to examine first), who was returned or validated."""
    rows = filing.overview(actor, campaign_id)
    st.header("Grilles en ligne")
    if not rows:
        widgets.empty_state("Aucun territoire n'a encore commencé sa grille en ligne.")
        return
    waiting = sum(1 for r in rows if r.status is FilingStatus.DEPOSEE)
    st.markdown(widgets.markdown_text(
        f"{formatting.plural(waiting, 'grille déposée', 'grilles déposées')} à examiner "
        "(Fiche territoire → « Grille déposée en ligne »)."))
    widgets.table(pd.DataFrame({
        "Territoire": [r.territory_name for r in rows],
        "État": [r.status_label for r in rows],
        "Version": [r.version for r in rows],
        "Déposée le": [r.submitted_at.date() if r.submitted_at else None for r in rows],
        "Examinée le": [r.reviewed_at.date() if r.reviewed_at else None for r in rows],
    }), column_config={"Déposée le": st.column_config.DateColumn(format="DD/MM/YYYY"),
                       "Examinée le": st.column_config.DateColumn(format="DD/MM/YYYY")})
