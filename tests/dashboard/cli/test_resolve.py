"""``concertations resolve``: JSON lines in input order, exit code 0 whatever the statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.cli.main import main


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_one_json_object_per_query_in_input_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "St Etienne", "Sainte-Colombe", "", "Nulle-Part-Sur-Rien"]) == 0
    lines = _lines(capsys)
    assert [line["query"] for line in lines] == ["St Etienne", "Sainte-Colombe", "", "Nulle-Part-Sur-Rien"]
    assert [line["status"] for line in lines] == ["resolved", "ambiguous", "unknown", "unknown"]
    resolved, ambiguous, unknown = lines[0], lines[1], lines[2]
    assert (resolved["kind"], resolved["code"], resolved["name"]) == ("commune", "42218", "Saint-Étienne")
    assert resolved["score"] == 100.0
    assert ambiguous["kind"] is None and ambiguous["code"] is None and ambiguous["name"] is None
    candidates = ambiguous["candidates"]
    assert isinstance(candidates, list) and len(candidates) > 1
    assert set(candidates[0]) == {"kind", "code", "name", "dep_code", "score"}
    assert unknown["candidates"] == [] and unknown["score"] is None
    assert set(resolved) == {"query", "status", "kind", "code", "name", "score", "candidates"}


def test_hints(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "--kind", "commune", "--dep", "33", "Sainte-Colombe"]) == 0
    assert main(["resolve", "--kind", "departement", "Vienne"]) == 0
    first, second = _lines(capsys)
    assert (first["status"], first["code"]) == ("resolved", "33390")
    assert (second["status"], second["kind"], second["code"]) == ("resolved", "departement", "86")


def test_file_one_query_per_line_after_the_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "requetes.txt"
    path.write_text("\ufeffRennes\nCD 33\n\nGrand Lyon\n", encoding="utf-8")
    assert main(["resolve", "Brest", "--file", str(path)]) == 0
    lines = _lines(capsys)
    assert [line["query"] for line in lines] == ["Brest", "Rennes", "CD 33", "", "Grand Lyon"]
    assert [line["code"] for line in lines] == ["29019", "35238", "33", None, "200046977"]


def test_file_in_another_encoding_is_a_clear_french_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("Rennes\nSaint-Étienne\n".encode("latin-1"))
    assert main(["resolve", "--file", str(path)]) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "n'est pas encodé en UTF-8" in captured.err and str(path) in captured.err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "--file", str(tmp_path / "absent.txt")]) != 0
    assert "introuvable" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["resolve", "--kind", "planète", "Lyon"], ["resolve", "--dep", "999", "Lyon"],
                                  ["resolve"]])
def test_unusable_arguments(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        code = main(args)
        raise SystemExit(code)
    assert exit_info.value.code != 0
    assert "Erreur" in capsys.readouterr().err
