import datetime as dt

from dashboard.monitoring import territory_tables
from data_access.monitoring.territory_sheet import SessionRow


def test_proposals_put_the_status_first_and_mark_current_ones():
    frame = territory_tables.proposals(((1, "Ch. 1", "Former", ("éducation", "emploi")), (2, "Ch. 2", "Ouvrir", ())),
                                       {2: "retirée par le territoire le 3 mars 2025"})
    assert list(frame.columns) == ["Statut", "Chapitre", "Proposition", "Thèmes"]
    assert frame["Statut"].tolist() == ["maintenue par le territoire", "retirée par le territoire le 3 mars 2025"]
    assert frame["Thèmes"].tolist() == ["éducation, emploi", ""]


def test_findings_show_category_labels_and_keep_unknown_codes():
    frame = territory_tables.findings((("risques", "Santé", "Vigilance"), ("autre", "Emploi", "Texte")),
                                      {"risques": "Risques et points de vigilance"})
    assert frame["Catégorie"].tolist() == ["Risques et points de vigilance", "autre"]


def test_sessions_and_history_are_in_french():
    sessions = territory_tables.sessions((SessionRow(dt.date(2025, 3, 11), "atelier", ("élus", "habitants"), 1200,
                                                     None, None),))
    assert sessions.iloc[0].tolist() == ["11 mars 2025", "Atelier", "Élus, habitants", "1\u202f200", "—"]
    history = territory_tables.stage_history((("engage", dt.date(2025, 3, 11)),))
    assert history.iloc[0].tolist() == ["Engagé", "11 mars 2025"]
