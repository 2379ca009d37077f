"""`import market-rates` on a file with a UTF-8 byte-order mark reads it; on a UTF-16 file it
says so in words (the command inspects the file before extracting, through the same source)."""

from __future__ import annotations

import json

from ratecalc_cli.main import main

TEXT = json.dumps({"reporting_entity_name": "X", "in_network": []})


def test_bom_is_read_and_utf16_is_named(tmp_path, capsys):
    bom, wide = tmp_path / "bom.json", tmp_path / "u16.json"
    bom.write_text(TEXT, encoding="utf-8-sig")
    wide.write_text(TEXT, encoding="utf-16")
    assert main(["import", "market-rates", str(bom), "--codes", "97110"]) == 0
    capsys.readouterr()
    assert main(["import", "market-rates", str(wide), "--codes", "97110"]) == 3
    err = capsys.readouterr().err
    assert f"'{wide}': the file is UTF-16 (it starts with a UTF-16 byte-order mark); " \
           "Transparency-in-Coverage files are UTF-8: save it as UTF-8" in err
    assert "b'" not in err and "lexical" not in err
