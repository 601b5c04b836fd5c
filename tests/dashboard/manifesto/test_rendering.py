"""DOCX and Markdown exports of the manifesto; the DOCX opens in LibreOffice when it is installed."""

from __future__ import annotations

import datetime as dt
import io
import re
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
    assert "Forum des Interconnectés" in texts and "Rennes, le 10 mars 2025" in texts
    assert "Version du 1er mars 2025" in texts
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == ["1. IA sociale", "2. Gouvernance partagée et territoriale", rendering.ANNEX_TITLE]
    numbered = [p for p in doc.paragraphs if p.style is not None and p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["Former les agents avant tout déploiement.", "Texte de la commission.",
                                          "Créer un comité d'éthique."]
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
    # A Sommaire that reads as printed: each title links to its heading's bookmark, with its page
    # number (a PAGEREF field), and no instruction to the reader; no workflow status under headings.
    assert not any("Dans Word" in t or "Statut de la section" in t for t in texts)
    sommaire = texts[texts.index("Sommaire") + 1: texts.index("Sommaire") + 4]
    assert [t.split("\t")[0] for t in sommaire] == [
        "1. IA sociale", "2. Gouvernance partagée et territoriale", rendering.ANNEX_TITLE]
    assert all(re.fullmatch(r".+\t\d+", t) for t in sommaire), sommaire
    assert body.count("PAGEREF _Toc_section_") == 3 and body.count('w:bookmarkStart') >= 3
    assert 'w:anchor="_Toc_section_1"' in body
    # The cover has its own, empty, footer; every other page carries the page number.
    assert doc.sections[0].different_first_page_header_footer
    assert not any(s.different_first_page_header_footer for s in doc.sections[1:])
    assert "page" in doc.sections[0].footer.paragraphs[0].text
    assert not "".join(p.text for p in doc.sections[0].first_page_footer.paragraphs).strip()
    assert "javascript:" not in body and "pisteur.exemple" not in body


def test_docx_is_a4_in_french_with_true_properties() -> None:
    data = rendering.to_docx(sample())
    doc = Document(io.BytesIO(data))
    assert len(doc.sections) >= 3
    for section in doc.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        properties = {name: archive.read(name).decode() for name in archive.namelist() if name.startswith("docProps/") and name.endswith(".xml")}
    languages = re.findall(r'<w:lang [^>]*w:val="([^"]+)"', styles)
    assert languages and set(languages) == {"fr-FR"}
    assert "en-US" not in styles
    core = doc.core_properties
    assert core.author == "Commission du manifeste — Concertations territoriales de l'IA 2024-2025"
    assert core.title == "Manifeste — Concertations territoriales de l'IA 2024-2025"
    assert core.created is not None and core.created.year == dt.date.today().year
    assert core.language == "fr-FR"
    assert not any("python-docx" in text for text in properties.values())
    assert "Macintosh" not in properties["docProps/app.xml"]
    assert "<Application>Observatoire des concertations territoriales de l'IA</Application>" in properties["docProps/app.xml"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "docProps/thumbnail.jpeg" not in archive.namelist()  # the template's empty 2013 page
        assert "thumbnail" not in archive.read("_rels/.rels").decode()


def test_docx_items_are_a_word_numbered_list_restarting_in_each_section() -> None:
    doc = Document(io.BytesIO(rendering.to_docx(sample())))
    numbered = [p for p in doc.paragraphs if p.style is not None and p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert num_ids[0] == num_ids[1] != num_ids[2]  # one list per section
    numbering = doc.part.numbering_part.element
    for num_id in set(num_ids):
        num = next(n for n in numbering.num_lst if n.numId == num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_cover_dates_the_document_from_its_city() -> None:
    assert rendering.cover_lines(sample()) == ["Forum des Interconnectés", "Rennes, le 10 mars 2025"]
    alone = ManifestoDocument(campaign_name="C", forum_date=dt.date(2025, 3, 10), forum_place="Rennes",
                              generated_on=dt.date(2025, 3, 1), sections=())
    assert rendering.cover_lines(alone) == ["Rennes, le 10 mars 2025"]


def test_markdown_export() -> None:
    from markdown_it import MarkdownIt

    text = rendering.to_markdown(sample())
    assert text.startswith("# Manifeste — Concertations territoriales de l'IA 2024-2025\n")
    assert "## 1. IA sociale" in text and "## 2. Gouvernance partagée et territoriale" in text
    assert "1. [IA sociale](#1-ia-sociale)" in text
    assert "1. Former les agents avant tout déploiement.\n\n   *Portée par 12 territoires" in text
    assert "| Rennes     | Commune | Bretagne  |" in text
    assert "**renforce le lien humain**" in text
    # Escaping only what must be: no « 2024\-2025 » nor « \(démonstration\) ».
    assert "\\-" not in text and "\\(" not in text and "\\." not in text
    # Hostile text stays text: no HTML, no link or image reaches a renderer.
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    inline = [child for token in tokens for child in (token.children or [])]
    assert not [t for t in tokens + inline if t.type.startswith("html")]
    links = [t.attrGet("href") for t in inline if t.type == "link_open"]
    assert all(str(href).startswith("#") for href in links), links
    assert not [t for t in inline if t.type == "image"]
    assert "javascript:" not in text and "pisteur.exemple" not in text


def test_markdown_keeps_a_campaign_name_readable() -> None:
    document = sample()
    named = ManifestoDocument(
        campaign_name="Concertations 2024-2025 (démonstration)", forum_date=None, forum_place=None,
        generated_on=document.generated_on, sections=document.sections, territories=document.territories)
    assert rendering.to_markdown(named).startswith("# Manifeste — Concertations 2024-2025 (démonstration)\n")


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
        # LibreOffice lays out the Sommaire's page numbers; the cover carries no footer.
        assert re.search(r"1\. IA sociale\.{5,}\s*3\b", text), text[:800]
        assert re.search(r"Annexe — Territoires contributeurs\.{5,}\s*5\b", text), text[:800]
        cover = text.split("\f")[0]
        assert "Rennes, le 10 mars 2025" in cover and "— page" not in cover and "Dans Word" not in text
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert re.search(r"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts", info), info
    if shutil.which("pdftoppm"):
        artifacts = PROJECT_ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts / "manifeste-docx")], check=True)


def test_items_are_counted_as_elements_with_their_source_proposals() -> None:
    """Issue 24 item 5: the items were counted as « propositions »."""
    import dataclasses

    document = dataclasses.replace(sample(), source_count=57)
    assert rendering.counts_line(document) == "3 éléments, issus de 57 propositions · 2 territoires contributeurs"
    assert "3 éléments, issus de 57 propositions" in rendering.to_markdown(document)
