"""The open-data zip: CSV + XLSX per table, GeoJSON, datapackage.json, README and licence.

Spreadsheet safety: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, in CSV and XLSX alike, so no spreadsheet
evaluates it as a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from typing import Any

from openpyxl import Workbook

from dashboard.text import formatting
from data_access.exports.opendata import OpenData, Table
from data_access.spreadsheet import neutralise
from data_access.territories import reference

LICENCE_NAME = "etalab-2.0"
LICENCE_TITLE = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [c.name for c in table.columns]
    writer.writerow(names)
    for row in table.rows:
        writer.writerow([neutralise(row.get(name, "")) for name in names])
    return buffer.getvalue().encode("utf-8")


def tables_xlsx(data: OpenData) -> bytes:
    # Write-only mode streams rows (scale 20: ~100 000 rows). openpyxl would store a string
    # starting with "=" as a formula; neutralise() has already prefixed every such string.
    workbook = Workbook(write_only=True)
    for table in data.tables.values():
        sheet = workbook.create_sheet(table.name[:31])
        sheet.freeze_panes = "A2"
        names = [c.name for c in table.columns]
        sheet.append(names)
        for row in table.rows:
            sheet.append([neutralise(row.get(name, "")) for name in names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def datapackage(data: OpenData, created: dt.datetime) -> dict[str, Any]:
    resources: list[dict[str, Any]] = []
    for table in data.tables.values():
        schema: dict[str, Any] = {"fields": [c.as_field() for c in table.columns],
                                  "primaryKey": list(table.primary_key), "missingValues": [""]}
        if table.name != "participations":
            schema["foreignKeys"] = [{
                "fields": ["type_territoire", "code_territoire"],
                "reference": {"resource": "participations", "fields": ["type_territoire", "code_territoire"]},
            }]
        resources.append({
            "name": table.name, "title": table.title, "description": table.description,
            "path": f"{table.name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "profile": "tabular-data-resource", "dialect": {"delimiter": ",", "header": True},
            "schema": schema,
        })
    resources.append({
        "name": "territoires-engages-geo", "title": "Territoires engagés (points)",
        "description": "Position de chaque territoire engagé, avec les colonnes du fichier participations.",
        "path": "territoires_engages.geojson", "format": "geojson", "mediatype": "application/geo+json",
        "encoding": "utf-8", "profile": "data-resource",
    })
    resources.append({
        "name": "donnees-xlsx", "title": "Toutes les tables (classeur)",
        "description": "Les tables, une feuille chacune, pour les tableurs.",
        "path": "donnees.xlsx", "format": "xlsx", "profile": "data-resource",
        "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    })
    return {
        # Not « tabular-data-package »: that profile requires every resource to be a table, and the
        # GeoJSON and the XLSX workbook are listed too (Frictionless refused the package).
        "profile": "data-package",
        "name": f"concertations-ia-{data.campaign_slug}",
        "title": f"{data.campaign_name} — données ouvertes",
        "description": "Territoires engagés, sessions de concertation, enseignements, propositions et "
                       "engagements du manifeste validés par la commission, sans données personnelles.",
        "version": created.date().isoformat(),
        "created": created.replace(microsecond=0).isoformat() + "Z",
        "licenses": [{"name": LICENCE_NAME, "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "sources": [{"title": "Observatoire des concertations territoriales de l'IA"},
                    {"title": f"Référentiel territorial : {reference.ATTRIBUTION}"}],
        "resources": resources,
    }


def readme(data: OpenData, created: dt.datetime) -> str:
    lines = [
        f"# {data.campaign_name} — données ouvertes",
        "",
        f"Données ouvertes publiées par l'Observatoire des concertations territoriales de l'IA, "
        f"extraites le {formatting.date(created.date())}.",
        "",
        "## Contenu",
        "",
        "| Fichier | Contenu | Lignes |",
        "|---|---|---|",
    ]
    for table in data.tables.values():
        lines.append(f"| `{table.name}.csv` | {table.description} | {formatting.number(len(table.rows))} |")
    lines += [
        f"| `territoires_engages.geojson` | Position des territoires engagés (WGS 84) | "
        f"{formatting.number(len(data.geojson['features']))} |",
        "| `donnees.xlsx` | Les tables, une feuille chacune | — |",
        "| `datapackage.json` | Dictionnaire des données (Frictionless Data Package, un Table Schema par fichier) | — |",
        "| `LICENCE.md` | Texte de la Licence Ouverte 2.0 | — |",
        "",
        "## Clés",
        "",
        "Chaque territoire est identifié par le couple (`type_territoire`, `code_territoire`) : code INSEE "
        "pour les communes, départements et régions, SIREN pour les intercommunalités (EPCI, EPT), "
        "identifiant textuel pour les villes à l'international. Les fichiers `sessions`, `enseignements` "
        "et `propositions` renvoient à `participations` par ce couple, comme `engagements` pour un engagement "
        "porté par un territoire (vide pour la commission et les réseaux). Un engagement est identifié par "
        "`id_engagement`, stable d'une publication à l'autre ; seuls les engagements validés par la "
        "commission sont publiés.",
        "",
        "## Format",
        "",
        "- CSV en UTF-8, séparateur virgule, dates au format ISO 8601 (AAAA-MM-JJ), décimales avec un point.",
        "- Les listes (réseaux, publics, thèmes) sont séparées par « | ».",
        "- Une cellule de texte qui commencerait par `=`, `+`, `-`, `@`, une tabulation ou un retour chariot "
        "est précédée d'une apostrophe, pour qu'aucun tableur ne l'interprète comme une formule.",
        "",
        "## Données personnelles",
        "",
        "Aucune donnée personnelle n'est publiée : ni les contacts des territoires (noms, courriels, "
        "téléphones), ni l'identité des signataires ou des personnes ayant saisi les données. Les adresses "
        "électroniques et numéros de téléphone présents dans les textes libres sont masqués.",
        "",
        "## Licence et attribution",
        "",
        f"Ces données sont publiées sous la {LICENCE_TITLE} (texte dans `LICENCE.md`). Mention de la "
        "source : « Observatoire des concertations territoriales de l'IA ». Codes et noms des territoires : "
        f"{reference.ATTRIBUTION}.",
        "",
    ]
    return "\n".join(lines)


LICENCE_TEXT = """# LICENCE OUVERTE / OPEN LICENCE — Version 2.0 (Etalab)

*Texte de la licence reproduit pour information. Le texte de référence est publié par Etalab
(mission de la direction interministérielle du numérique) : https://www.etalab.gouv.fr/licence-ouverte-open-licence/*

## « Réutilisation » de l'« Information » sous cette licence

Le « Concédant » concède au « Réutilisateur » un droit non exclusif et gratuit de libre
« Réutilisation » de l'« Information » objet de la présente licence, à des fins commerciales ou non,
dans le monde entier et pour une durée illimitée, dans les conditions exprimées ci-dessous.

Le « Réutilisateur » est libre de réutiliser l'« Information » :

- de la reproduire, la copier ;
- de l'adapter, la modifier, l'extraire et la transformer, pour créer des « Informations dérivées »,
  des produits ou des services ;
- de la communiquer, la diffuser, la redistribuer, la publier et la transmettre ;
- de l'exploiter à titre commercial, par exemple en la combinant avec d'autres informations,
  ou en l'incluant dans son propre produit ou application.

Sous réserve de :

- mentionner la paternité de l'« Information » : sa source (au moins le nom du « Concédant ») et
  la date de dernière mise à jour de l'« Information » réutilisée.

Le « Réutilisateur » peut notamment s'acquitter de cette condition en renvoyant, par un lien
hypertexte, vers la source de « l'Information » et assurant une mention effective de sa paternité.

Par exemple : « Ministère de xxx — Données originales téléchargées sur
http://www.data.gouv.fr/fr/datasets/xxx/, mise à jour du 14 février 2017 ».

Cette mention de paternité ne doit ni conférer un caractère officiel à la « Réutilisation » de
l'« Information », ni suggérer une quelconque reconnaissance ou caution par le « Concédant », ou par
toute autre entité publique, du « Réutilisateur » ou de sa « Réutilisation ».

## « Données à caractère personnel »

L'« Information » mise à disposition peut contenir des « Données à caractère personnel » pouvant
faire l'objet d'une « Réutilisation ». Si tel est le cas, le « Concédant » informe le « Réutilisateur »
de leur présence.

L'« Information » peut être librement réutilisée, dans le cadre des droits accordés par la présente
licence, à condition de respecter le cadre légal relatif à la protection des données à caractère
personnel.

## « Droits de propriété intellectuelle »

Il est garanti au « Réutilisateur » que les éventuels « Droits de propriété intellectuelle » détenus
par des tiers ou par le « Concédant » sur l'« Information » ne font pas obstacle aux droits accordés
par la présente licence.

Lorsque le « Concédant » détient des « Droits de propriété intellectuelle » cessibles sur
l'« Information », il les cède au « Réutilisateur » de façon non exclusive, à titre gracieux, pour le
monde entier, pour toute la durée des « Droits de propriété intellectuelle », et le « Réutilisateur »
peut faire tout usage de l'« Information » conformément aux libertés et aux conditions définies par
la présente licence.

## Responsabilité

L'« Information » est mise à disposition telle que produite ou reçue par le « Concédant », sans
autre garantie expresse ou tacite que celles prévues par la présente licence. L'absence de défauts
ou d'erreurs éventuellement contenues dans l'« Information », comme la fourniture continue de
l'« Information » n'est pas garantie par le « Concédant ». Il ne peut être tenu pour responsable de
toute perte, préjudice ou dommage de quelque sorte causé à des tiers du fait de la « Réutilisation ».

Le « Réutilisateur » est seul responsable de la « Réutilisation » de l'« Information ».

La « Réutilisation » ne doit pas induire en erreur des tiers quant au contenu de l'« Information »,
sa source et sa date de mise à jour.

## Droit applicable

La présente licence est régie par le droit français.

### Compatibilité de la présente licence

La présente licence a été conçue pour être compatible avec toute licence libre qui exige au moins
la mention de paternité et notamment avec la version antérieure de la présente licence ainsi qu'avec
les licences « Open Government Licence » (OGL) du Royaume-Uni, « Creative Commons Attribution » (CC-BY)
de Creative Commons et « Open Data Commons Attribution » (ODC-BY) de l'Open Knowledge Foundation.

## Définitions

Sont considérés, au sens de la présente licence comme :

- **Le « Concédant »** : toute personne concédant un droit de « Réutilisation » sur l'« Information »
  dans les libertés et les conditions prévues par la présente licence.
- **L'« Information »** : toute information publique figurant dans des documents communiqués ou
  publiés par une administration mentionnée au premier alinéa de l'article L.300-2 du CRPA ;
  toute information mise à disposition par toute personne selon les termes de la présente licence.
- **La « Réutilisation »** : l'utilisation de l'« Information » à d'autres fins que celles pour
  lesquelles elle a été produite ou reçue.
- **Le « Réutilisateur »** : toute personne qui réutilise les « Informations » conformément aux
  conditions de la présente licence.
- **Des « Données à caractère personnel »** : toute information se rapportant à une personne physique
  identifiée ou identifiable, pouvant être identifiée directement ou indirectement. Leur
  « Réutilisation » est subordonnée au respect du cadre juridique en vigueur.
- **Une « Information dérivée »** : toute nouvelle donnée ou information créées directement à partir
  de l'« Information » ou à partir d'une combinaison de l'« Information » et d'autres données ou
  informations non soumises à la présente licence.
- **Les « Droits de propriété intellectuelle »** : tout droit identifié comme tel par le Code de la
  propriété intellectuelle (notamment le droit d'auteur, droits voisins au droit d'auteur, droit
  sui generis des producteurs de bases de données…).

## À propos de cette licence

La présente licence a vocation à être utilisée par les administrations pour la mise à disposition de
leurs informations publiques. Elle peut également être utilisée par toute personne souhaitant mettre
à disposition des « Informations ».

Etalab se réserve la faculté de proposer de nouvelles versions de la Licence Ouverte. Cependant, les
« Réutilisateurs » pourront continuer d'utiliser les « Informations » qu'ils ont obtenues sous cette
licence s'ils le souhaitent.
"""


def bundle_zip(data: OpenData, *, created: dt.datetime | None = None) -> bytes:
    """The whole open-data bundle as zip bytes."""
    created = created or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in data.tables.values():
            archive.writestr(f"{table.name}.csv", table_csv(table))
        archive.writestr("donnees.xlsx", tables_xlsx(data))
        archive.writestr("territoires_engages.geojson",
                         json.dumps(data.geojson, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        archive.writestr("datapackage.json",
                         json.dumps(datapackage(data, created), ensure_ascii=False, indent=2).encode("utf-8"))
        archive.writestr("README.md", readme(data, created).encode("utf-8"))
        archive.writestr("LICENCE.md", LICENCE_TEXT.encode("utf-8"))
    return buffer.getvalue()
