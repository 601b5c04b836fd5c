"""DOCX and Markdown exports of the manifesto; the DOCX opens in LibreOffice when it is installed."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from dashboard.manifesto import rendering
from data_access.manifesto import ExportItem, ExportSection, ExportTerritory, ManifestoDocument
from tests.support.env import PROJECT_ROOT

HOSTILE = '<script>alert("x")</script> [clic](javascript:alert(1)) ![p](https://pisteur.exemple/p.png)'


def sample() -> ManifestoDocument:
    return ManifestoDocument(
        campaign_name="Concertations territoriales de l'IA 2024-2025",
        forum_date=dt.date(2025, 3, 10), forum_place="Forum des Interconnectés, Rennes",
        generated_on=dt.date(2025, 3, 1),
        sections=(
            ExportSection(title="IA sociale", status="Validé",
                          introduction="Une IA qui **renforce le lien humain**.\n\n- accueil\n- formation\n\n" + HOSTILE,
                          items=(
                              ExportItem("Former les agents avant tout déploiement.", 12, ("Commune", "Intercommunalité"),
                                         ("Bretagne", "Occitanie")),
                              ExportItem("Texte de la commission.", 0, (), ()),
                          )),
            ExportSection(title="Gouvernance partagée et territoriale", status="Brouillon", introduction="",
                          items=(ExportItem("Créer un comité d'éthique.", 1, ("Région",), ("Bretagne",)),)),
        ),
        territories=(ExportTerritory("Rennes", "Commune", "Bretagne"),
                     ExportTerritory("Toulouse", "Commune", "Occitanie")),
    )


def test_attribution_wording() -> None:
    items = sample().sections[0].items
    assert rendering.attribution(items[0]) == (
        "Portée par 12 territoires (commune, intercommunalité ; Bretagne, Occitanie)")
    assert rendering.attribution(items[1]).startswith("Rédaction de la commission")
    assert rendering.attribution(sample().sections[1].items[0]).startswith("Portée par 1 territoire (")


def test_docx_structure() -> None:
    data = rendering.to_docx(sample())
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert "Concertations territoriales de l'IA 2024-2025" in texts
    assert any("Présenté au Forum des Interconnectés, Rennes le 10 mars 2025" in t for t in texts)
    assert "Version du 1 mars 2025" in texts
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == ["1. IA sociale", "2. Gouvernance partagée et territoriale", rendering.ANNEX_TITLE]
    assert any(t.startswith("1.1") and "Former les agents" in t for t in texts)
    assert "Portée par 12 territoires (commune, intercommunalité ; Bretagne, Occitanie)" in texts
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "renforce le lien humain" in bold
    bullets = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert bullets == ["accueil", "formation"]
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Territoire", "Type", "Région"]
    assert [c.text for c in table.rows[2].cells] == ["Toulouse", "Commune", "Occitanie"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
    assert 'TOC \\o "1-1"' in body
    assert "javascript:" not in body and "pisteur.exemple" not in body


def test_markdown_export() -> None:
    text = rendering.to_markdown(sample())
    assert text.startswith("# Manifeste — Concertations territoriales de l'IA 2024\\-2025")
    assert "## 1. IA sociale" in text and "## 2. Gouvernance partagée et territoriale" in text
    assert "1. [IA sociale](#1-ia-sociale)" in text
    assert "**1.1** Former les agents avant tout déploiement\\." in text
    assert "Portée par 12 territoires" in text
    assert "| Rennes | Commune | Bretagne |" in text
    assert "<script>" not in text and "javascript:" not in text and "pisteur.exemple" not in text
    assert "**renforce le lien humain**" in text


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
def test_docx_converts_to_pdf_in_libreoffice(tmp_path: Path) -> None:
    office = _office()
    if office is None:
        pytest.skip("LibreOffice (soffice/libreoffice) absent du PATH : conversion PDF du DOCX non vérifiée.")
    source = tmp_path / "manifeste.docx"
    source.write_bytes(rendering.to_docx(sample()))
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profil", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "manifeste.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "IA sociale" in text and "Portée par 12 territoires" in text and "Sommaire" in text
        assert "Annexe — Territoires contributeurs" in text
    if shutil.which("pdftoppm"):
        artifacts = PROJECT_ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts / "manifeste-docx")], check=True)
