"""Per-territory table and its exports: formula injection neutralised, French dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl

from dashboard.monitoring import progress_table
from data_access.monitoring import ProgressRow
from data_access.space.participations import Contact

ROW = ProgressRow(
    participation_id=1, name="=HYPERLINK(\"http://x\")", kind="commune", dep_code="35", reg_code="53",
    networks=("Les Interconnectés",), stage="charte_signee", stage_changed_on=dt.date(2024, 10, 11),
    step_dates={"engage": dt.date(2024, 10, 1), "charte_signee": dt.date(2024, 10, 11), "concertation_tenue": None,
                "grille_deposee": None, "grille_validee": None},
    grid_completion=0.42,
)
CONTACTS = {1: Contact(participation_id=1, territory_name="x", name="+33 6 00", email="@moi", phone="-1")}


def test_frame_has_french_columns_and_contacts_only_when_asked() -> None:
    hidden = progress_table.progress_frame([ROW], as_of=dt.date(2024, 11, 10))
    assert "Courriel" not in hidden.columns
    assert hidden.loc[0, "Département"] == "Ille-et-Vilaine" and hidden.loc[0, "Étape"] == "Charte signée"
    assert hidden.loc[0, progress_table.DAYS_COLUMN] == 30 and hidden.loc[0, progress_table.COMPLETION_COLUMN] == 42
    shown = progress_table.progress_frame([ROW], as_of=dt.date(2024, 11, 10), contacts=CONTACTS)
    assert shown.loc[0, "Courriel"] == "@moi"


def test_neutralise_every_dangerous_prefix() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert progress_table.neutralise(text) == "'" + text
    assert progress_table.neutralise("Rennes") == "Rennes" and progress_table.neutralise(3) == 3


def test_csv_and_xlsx_exports_are_neutralised() -> None:
    frame = progress_table.progress_frame([ROW], as_of=dt.date(2024, 11, 10), contacts=CONTACTS)
    csv_text = progress_table.to_csv(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'+33 6 00" in csv_text and "'@moi" in csv_text
    assert "01/10/2024" in csv_text and csv_text.splitlines()[0].startswith("Territoire;")
    book = openpyxl.load_workbook(io.BytesIO(progress_table.to_xlsx(frame)))
    sheet = book.active
    assert sheet is not None
    values = [cell.value for cell in sheet[2]]
    assert values[0] == "'=HYPERLINK(\"http://x\")" and "'-1" in values
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)


def test_stuck_frame_lists_only_waiting_territories() -> None:
    frame = progress_table.stuck_frame([ROW], min_days=10, as_of=dt.date(2024, 11, 10))
    assert frame["Jours écoulés"].tolist() == [30] and "Contact" not in frame.columns
    assert progress_table.stuck_frame([ROW], min_days=31, as_of=dt.date(2024, 11, 10)).empty


def test_paging_sends_one_page_and_sorts_in_french_order() -> None:
    import pandas as pd

    frame = pd.DataFrame({"Territoire": ["Zoufftgen", "évreux", "Épinal", "Foix", None] * 30,
                          "Jours": list(range(150))})
    assert progress_table.page_count(0) == 1 and progress_table.page_count(150) == 3
    assert progress_table.page_count(151) == 4
    first = progress_table.page_of(frame, 1)
    last = progress_table.page_of(frame, 99)  # clamped to the last page
    assert len(first) == progress_table.PAGE_SIZE and len(last) == 50
    assert list(last["Jours"])[-1] == 149
    ordered = progress_table.sorted_frame(frame, "Territoire")
    assert list(ordered["Territoire"].dropna().drop_duplicates()) == ["Épinal", "évreux", "Foix", "Zoufftgen"]
    assert ordered["Territoire"].tail(30).isna().all()
    assert list(progress_table.sorted_frame(frame, "Jours", descending=True)["Jours"])[:2] == [149, 148]
    order = progress_table.sort_order(frame.iloc[10:], "Territoire")  # positions, whatever the index
    assert list(frame.iloc[10:].iloc[order]["Territoire"]) == list(progress_table.sorted_frame(frame.iloc[10:],
                                                                                             "Territoire")["Territoire"])
    assert progress_table.page_caption(151, 4) == "Lignes 151 à 151 sur 151 (page 4 sur 4)."
    assert progress_table.page_caption(0, 1) == "Aucune ligne."
def test_situation_defaults_to_today_while_running_else_to_the_latest_step() -> None:
    late = dataclasses.replace(ROW, stage_changed_on=dt.date(2025, 3, 7))
    end = dt.date(2025, 2, 14)
    # Ended campaign with steps after its end: the latest step, not the end date (no « 0 jours »).
    assert progress_table.default_as_of([ROW, late], end_date=end, today=dt.date(2026, 1, 1)) == dt.date(2025, 3, 7)
    assert progress_table.default_as_of([ROW], end_date=end, today=dt.date(2026, 1, 1)) == end
    assert progress_table.default_as_of([ROW], end_date=end, today=dt.date(2025, 1, 10)) == dt.date(2025, 1, 10)
    assert progress_table.default_as_of([late], end_date=None, today=dt.date(2025, 1, 10)) == dt.date(2025, 1, 10)


def test_days_are_blank_not_zero_when_the_step_is_after_the_situation_date() -> None:
    frame = progress_table.progress_frame([ROW], as_of=dt.date(2024, 10, 1))
    assert frame[progress_table.DAYS_COLUMN].isna().all()
    frame = progress_table.progress_frame([ROW], as_of=dt.date(2024, 10, 21))
    assert list(frame[progress_table.DAYS_COLUMN]) == [10]


def test_erased_contact_reads_non_renseigne_not_none() -> None:
    erased = Contact(participation_id=1, territory_name="Rennes", name=None, email=None, phone=None)
    frame = progress_table.progress_frame([ROW], as_of=dt.date(2025, 1, 1), contacts={1: erased})
    assert list(frame.loc[0, list(progress_table.CONTACT_COLUMNS)]) == ["non renseigné"] * 3
    assert "None" not in progress_table.to_csv(frame).decode("utf-8-sig")


def test_a_territory_without_departement_nor_network_reads_empty_not_blank() -> None:
    """Abidjan has no département and no network: the cells hold None, which the table shows « — »
    (an empty string showed a blank cell); the CSV keeps an empty cell."""
    abroad = dataclasses.replace(ROW, name="Abidjan", kind="international", dep_code=None, reg_code="INT",
                                 networks=())
    frame = progress_table.progress_frame([abroad], as_of=dt.date(2024, 11, 10))
    assert frame.loc[0, "Département"] is None and frame.loc[0, "Réseaux"] is None
    assert "Abidjan;International;;" in progress_table.to_csv(frame).decode("utf-8-sig")
