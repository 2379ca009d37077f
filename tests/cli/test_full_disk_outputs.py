"""An output the disk has no room for is named in the error, and nothing of it is left behind.

From hunt-hostile-12: ``timeline --ics`` and ``letter --out`` on a full disk said "cannot use:
No space left on device", naming no file (the write's error carries none: it is the open file's
``write`` or ``fsync`` that fails, not its name).
"""

from __future__ import annotations

import errno
from importlib import resources
from pathlib import Path

import pytest

import ratecalc.atomic
from ratecalc.atomic import atomic_write
from ratecalc_cli.main import ExitCode, main

PAYER = "Summit BlueCare PPO"


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write of a temporary file fails as a full disk makes it fail: without a name."""
    real = Path.write_bytes, Path.write_text

    def refused(self: Path, *args: object, **kwargs: object) -> int:
        if self.name.endswith(ratecalc.atomic.TEMP_SUFFIX):
            raise OSError(errno.ENOSPC, "No space left on device")
        writer = real[0] if isinstance(args[0], bytes) else real[1]
        return writer(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_bytes", refused)
    monkeypatch.setattr(Path, "write_text", refused)


def test_an_output_the_disk_has_no_room_for_is_named(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    full_disk(monkeypatch)
    target = tmp_path / "renewals.ics"
    with pytest.raises(OSError) as raised:
        atomic_write(target, "BEGIN:VCALENDAR\r\n")
    assert raised.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["timeline", "letter"])
def test_a_command_whose_output_finds_the_disk_full_names_it(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        if command == "timeline":
            out = tmp_path / "renewals.ics"
            argv = ["timeline", "--end", "2027-03-31", "--as-of", "2026-12-05", "--payer",
                    PAYER, "--ics", str(out)]
        else:
            out = tmp_path / "letter.docx"
            argv = ["letter", str(demo), "--payer", PAYER, "--out", str(out)]
        full_disk(monkeypatch)
        code = main(argv)
    err = capsys.readouterr().err
    assert code == ExitCode.INPUT_ERROR
    assert f"cannot use '{out}': No space left on device" in err, err
    assert list(tmp_path.iterdir()) == []
