"""The manifesto as a DOCX (python-docx) and as Markdown. No streamlit: the CLI uses it too.

Both take a ``ManifestoDocument`` (plain values built by ``data_access.manifesto.export_document``)
and return bytes / text, so the page's download buttons and ``concertations export manifesto``
produce the same files.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any

import mdformat
from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from dashboard.text import formatting
from dashboard.text.markdown_safe import blocks, escape_markdown, safe_markdown
from data_access.manifesto import ExportItem, ExportTerritory, ManifestoDocument

ACCENT = RGBColor(0x1F, 0x3A, 0x68)
MUTED = RGBColor(0x55, 0x5F, 0x6D)
ANNEX_TITLE = "Annexe — Territoires contributeurs"
LANGUAGE = "fr-FR"
A4 = (Mm(210), Mm(297))
MARGIN = Mm(22)


def attribution(item: ExportItem) -> str:
    """« Portée par 12 territoires (communes, intercommunalités ; Bretagne, Occitanie) »."""
    if item.territories == 0:
        return "Rédaction de la commission (aucune proposition source)"
    head = f"Portée par {formatting.plural(item.territories, 'territoire')}"
    details = []
    if item.kinds:
        details.append(", ".join(k.lower() for k in item.kinds))
    if item.regions:
        shown = list(item.regions[:6])
        more = len(item.regions) - len(shown)
        details.append(", ".join(shown) + (f" et {formatting.plural(more, 'autre')}" if more > 0 else ""))
    return head + (f" ({' ; '.join(details)})" if details else "")


def counts_line(document: ManifestoDocument) -> str:
    """« 18 éléments, issus de 512 propositions · 29 territoires contributeurs »: the manifesto's items
    are « éléments », each backed by several proposals; calling them « propositions » counted 18
    where territories made hundreds. The page, the DOCX and the Markdown all print this line."""
    items = formatting.plural(document.item_count, "élément")
    if document.source_count:
        items += f", issus de {formatting.plural(document.source_count, 'proposition')}"
    return (f"{items} · "
            f"{formatting.plural(len(document.territories), 'territoire contributeur', 'territoires contributeurs')}")


def cover_lines(document: ManifestoDocument) -> list[str]:
    """The cover's place and date, as a French document dates itself: « Rennes, le 10 mars 2025 ».

    ``forum_place`` may name a venue before the city (« Forum des Interconnectés, Rennes »): the
    venue gets its own line, the city heads the date."""
    if not document.forum_date:
        return [document.forum_place] if document.forum_place else []
    parts = [part.strip() for part in (document.forum_place or "").split(",") if part.strip()]
    dated = formatting.date(document.forum_date)
    if not parts:
        return [f"Le {dated}"]
    *venue, city = parts
    return ([", ".join(venue)] if venue else []) + [f"{city}, le {dated}"]


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (TOC, PAGE…): begin / instruction / separate / cached result / end."""
    def fld_char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(fld_char("separate"))
    if placeholder:
        paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(fld_char("end"))


def _bookmark_name(number: int) -> str:
    return f"_Toc_section_{number}"


def _bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """A bookmark around the heading's text: what the Sommaire's links and page numbers point to."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _toc(doc: Document, entries: list[tuple[str, str, int]]) -> None:
    """The Sommaire as finished lines, readable as they are printed: each title links to its
    heading and ends with its page number, a PAGEREF field on the heading's bookmark (Word and
    LibreOffice lay it out; the cached value is an estimate, right when each section fits its
    pages). No field to « update » by hand, no instruction to the reader."""
    doc.add_paragraph("Sommaire", style="Title").runs[0].font.size = Pt(22)
    usable = A4[0] - 2 * MARGIN
    for title, bookmark, estimated_page in entries:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(usable, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        paragraph.paragraph_format.space_after = Pt(6)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = title
        run.append(text)
        link.append(run)
        paragraph._p.append(link)
        paragraph.add_run("\t")
        _field(paragraph, f"PAGEREF {bookmark} \\h", str(estimated_page))


def _update_fields_on_open(doc: Document) -> None:
    # Word then recomputes the Sommaire's page numbers when the file is opened; LibreOffice lays
    # PAGEREF fields out by itself.
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    doc.settings.element.append(element)


def _estimated_pages(document: ManifestoDocument) -> list[int]:
    """Where each section (then the annex) should start: cover 1, Sommaire 2, each section on a new
    page, about 12 items or 40 annex rows a page. Only the cached value Word shows before updating."""
    page = 3
    starts = []
    for section in document.sections:
        starts.append(page)
        lines = len(section.introduction.splitlines()) + 3 * len(section.items)
        page += max(1, -(-lines // 36))
    if document.territories:
        starts.append(page)
    return starts


def _write_blocks(doc: Document, markdown: str) -> None:
    for block in blocks(markdown):
        style = {"bullet": "List Bullet", "number": "List Number"}.get(block.kind)
        paragraph = doc.add_paragraph(style=style) if style else doc.add_paragraph()
        for run in block.runs:
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None


def author(document: ManifestoDocument) -> str:
    return f"Commission du manifeste — {document.campaign_name}"


def _core_properties(doc: Document, document: ManifestoDocument) -> None:
    """True properties: python-docx's template says « created 2013 » and « generated by python-docx »."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    properties = doc.core_properties
    properties.title = f"Manifeste — {document.campaign_name}"
    properties.subject = "Manifeste"
    properties.author = author(document)
    properties.last_modified_by = author(document)
    properties.created = now
    properties.modified = now
    printed = properties._element.find(qn("cp:lastPrinted"))
    if printed is not None:  # the template was « last printed » in 2013
        properties._element.remove(printed)
    properties.revision = 1
    properties.comments = ""
    properties.keywords = "manifeste ; concertations territoriales ; intelligence artificielle"
    properties.category = ""
    properties.language = LANGUAGE


APPLICATION = "Observatoire des concertations territoriales de l'IA"
APP_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity></Properties>"
).encode()


def _package_properties(doc: Document) -> None:
    """No template leftovers: python-docx ships a 2013 thumbnail of an empty page and extended
    properties naming « Microsoft Macintosh Word » with « 1 page, 0 mots »."""
    package = doc.part.package
    for r_id, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[r_id]  # an unreferenced part is not written
        elif relationship.reltype == RT.EXTENDED_PROPERTIES:
            # A generic OPC part keeps its bytes in ``_blob``; python-docx has no API for app.xml.
            relationship.target_part._blob = APP_PROPERTIES


def _french(doc: Document) -> None:
    """French proofing on the document defaults and on every style (the template says en-US)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = [defaults.find(qn("w:rPrDefault"))] if defaults is not None else []
    targets += [style for style in styles.findall(qn("w:style"))]
    for target in targets:
        if target is None:
            continue
        run_properties = target.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            target.append(run_properties)
        language = run_properties.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            run_properties.append(language)
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            language.set(qn(attribute), LANGUAGE)


def _a4(doc: Document) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN


def _restarted_numbering(doc: Document, style_name: str = "List Number") -> int:
    """A new numbering instance of the style's list, restarting at 1 (one per section)."""
    style_num = doc.styles[style_name].element.pPr.numPr.numId.val
    numbering = doc.part.numbering_part.element
    abstract_id = next(num.abstractNumId.val for num in numbering.num_lst if num.numId == style_num)
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    return int(num.numId)


def _numbered(paragraph: Paragraph, num_id: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    numbering = properties.get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def to_docx(document: ManifestoDocument) -> bytes:
    doc = new_document()
    _core_properties(doc, document)
    _package_properties(doc)
    _french(doc)
    _a4(doc)
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(11)

    # Title page.
    for _ in range(6):
        doc.add_paragraph()
    kicker = doc.add_paragraph()
    kicker.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kicker_run = kicker.add_run("MANIFESTE")
    kicker_run.bold = True
    kicker_run.font.size = Pt(16)
    kicker_run.font.color.rgb = ACCENT
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(document.campaign_name)
    for line in (*cover_lines(document), f"Version du {formatting.date(document.generated_on)}",
                 f"{formatting.plural(len(document.sections), 'section')} · {counts_line(document)}"):
        if not line:
            continue
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.font.size = Pt(12)
        run.font.color.rgb = MUTED
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Sommaire: every section then the annex, each a link to its heading with its page number.
    titles = [f"{n}. {s.title}" for n, s in enumerate(document.sections, start=1)]
    titles += [ANNEX_TITLE] if document.territories else []
    _toc(doc, [(title, _bookmark_name(n), page) for n, (title, page)
               in enumerate(zip(titles, _estimated_pages(document), strict=True), start=1)])
    _update_fields_on_open(doc)

    # Sections. The section status is the editors' workflow, not the reader's: it is not printed.
    for number, section in enumerate(document.sections, start=1):
        new_page = doc.add_section(WD_SECTION.NEW_PAGE)
        new_page.footer.is_linked_to_previous = True
        new_page.different_first_page_header_footer = False  # only the cover goes without a footer
        _bookmark(doc.add_heading(f"{number}. {section.title}", level=1), _bookmark_name(number), number)
        _write_blocks(doc, section.introduction)
        if not section.items:
            doc.add_paragraph("Cette section ne contient pas encore de proposition.").runs[0].italic = True
        # Items are a Word numbered list (List Number), restarting at 1 in each section.
        num_id = _restarted_numbering(doc) if section.items else 0
        for item in section.items:
            paragraph = doc.add_paragraph(style="List Number")
            _numbered(paragraph, num_id)
            paragraph.paragraph_format.space_before = Pt(8)
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(item.wording)
            credit = doc.add_paragraph()
            credit.paragraph_format.left_indent = Pt(24)
            credit_run = credit.add_run(attribution(item))
            credit_run.italic = True
            credit_run.font.size = Pt(9)
            credit_run.font.color.rgb = MUTED

    # Annex: contributing territories.
    if document.territories:
        annex = doc.add_section(WD_SECTION.NEW_PAGE)
        annex.different_first_page_header_footer = False
        annex_number = len(document.sections) + 1
        _bookmark(doc.add_heading(ANNEX_TITLE, level=1), _bookmark_name(annex_number), annex_number)
        doc.add_paragraph(
            f"{formatting.plural(len(document.territories), 'territoire a', 'territoires ont')} contribué aux "
            "propositions retenues dans ce manifeste."
        )
        table = doc.add_table(rows=1, cols=3)
        table.style = "Light Grid Accent 1"
        for tc, text in zip(table.rows[0]._tr.tc_lst, ("Territoire", "Type", "Région"), strict=True):
            cell = _Cell(tc, table)
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for territory in document.territories:
            _append_row(table._tbl, (_annex_name(territory), territory.kind, territory.region))
        _repeat_header(table._tbl.tr_lst[0])

    # Page numbers in the footer of every page but the cover (a different, empty, first-page footer).
    doc.sections[0].different_first_page_header_footer = True
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{document.campaign_name} — page ")
    _field(footer, "PAGE", "1")

    _a4(doc)  # sections added since copy the first one's size; set again, all in A4
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _append_row(tbl: Any, texts: tuple[str, ...]) -> None:
    """A table row written as raw WordprocessingML: python-docx's cell API re-walks the whole grid
    for each cell (quadratic), which made a 1,500-territory annex take seconds."""
    tr = etree.SubElement(tbl, qn("w:tr"))
    for text in texts:
        tc = etree.SubElement(tr, qn("w:tc"))
        etree.SubElement(tc, qn("w:tcPr"))
        run = etree.SubElement(etree.SubElement(tc, qn("w:p")), qn("w:r"))
        node = etree.SubElement(run, qn("w:t"))
        node.text = text
        node.set(qn("xml:space"), "preserve")


def _repeat_header(tr: Any) -> None:
    properties = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _anchor(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")


def to_markdown(document: ManifestoDocument) -> str:
    """The manifesto in CommonMark (+ tables), written by mdformat.

    Stored text is first escaped conservatively (``escape_markdown``), then mdformat parses the
    document and writes it back escaping only what must be: « 2024-2025 (démonstration) » stays
    readable, a stored « <script> » or « [lien](…) » stays text.
    """
    lines = [f"# Manifeste — {escape_markdown(document.campaign_name)}", ""]
    for line in cover_lines(document):
        lines += [f"*{escape_markdown(line)}*", ""]
    lines += [f"Version du {escape_markdown(formatting.date(document.generated_on))} · {counts_line(document)}",
              "", "## Sommaire", ""]
    for number, section in enumerate(document.sections, start=1):
        heading = f"{number}. {section.title}"
        lines.append(f"{number}. [{escape_markdown(section.title)}](#{_anchor(heading)})")
    if document.territories:
        lines += ["", f"[{escape_markdown(ANNEX_TITLE)}](#{_anchor(ANNEX_TITLE)})"]
    lines.append("")
    for number, section in enumerate(document.sections, start=1):
        lines += [f"## {number}\\. {escape_markdown(section.title)}", ""]
        if section.introduction.strip():
            lines += [safe_markdown(section.introduction), ""]
        if not section.items:
            lines += ["*Cette section ne contient pas encore de proposition.*", ""]
        for item_number, item in enumerate(section.items, start=1):
            # A numbered list restarting in each section, the attribution as the item's second paragraph.
            lines += [f"{item_number}. {escape_markdown(item.wording)}", "",
                      f"   *{escape_markdown(attribution(item))}*", ""]
    if document.territories:
        lines += [f"## {escape_markdown(ANNEX_TITLE)}", "", "| Territoire | Type | Région |", "|---|---|---|"]
        lines += [f"| {_cell(_annex_name(t))} | {_cell(t.kind)} | {_cell(t.region)} |" for t in document.territories]
        lines.append("")
    return str(mdformat.text("\n".join(lines), extensions={"tables"}, options={"number": True}))


def _cell(text: str) -> str:
    return escape_markdown(text).replace("\n", " ")


def file_name(document: ManifestoDocument, extension: str) -> str:
    return file_name_for(document.campaign_name, document.generated_on, extension)


def file_name_for(campaign_name: str, generated_on: dt.date, extension: str) -> str:
    return f"manifeste-{_anchor(campaign_name)[:60]}-{generated_on.isoformat()}.{extension}"


def _annex_name(territory: ExportTerritory) -> str:
    """The contributor's name, with « retirée par le territoire le … » when it withdrew cited proposals."""
    if territory.withdrawn_on is None:
        return territory.name
    return f"{territory.name} (proposition retirée par le territoire le {formatting.date(territory.withdrawn_on)})"
