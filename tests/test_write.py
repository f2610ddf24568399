from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from citekit.errors import CitekitError
from citekit.write import atomic_open, atomic_write


def test_atomic_write_creates_directories(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    atomic_write(target, "hello\r\n")
    assert target.read_bytes() == b"hello\r\n"


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("new, half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_outputs_get_ordinary_permissions_not_mkstemps_0600(tmp_path: Path) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    os.umask(umask)
    atomic_write(tmp_path / "new.txt", "x")
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o666 & ~umask
    kept = tmp_path / "kept.txt"
    kept.write_text("old")
    kept.chmod(0o640)
    atomic_write(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new"


# -- outputs that cannot be written: one CitekitError naming the target, nothing left behind


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_onto_a_directory(tmp_path: Path) -> None:
    (tmp_path / "out.json").mkdir()
    with pytest.raises(CitekitError) as caught:
        atomic_write(tmp_path / "out.json", "x")
    assert caught.value.describe() == f"{tmp_path / 'out.json'}: cannot write: it is a directory"
    assert _leftovers(tmp_path) == []


def test_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a file")
    for target in (tmp_path / "a.txt" / "out.json", tmp_path / "a.txt" / "deeper" / "out.json"):
        with pytest.raises(CitekitError) as caught:
            atomic_write(target, "x")
        assert caught.value.describe() == f"{target}: cannot write: {tmp_path / 'a.txt'} is not a folder"


@pytest.mark.parametrize("target", ["/proc/citekit-out.json", "/proc/self/citekit.json", "/sys/citekit-out.json"])
def test_into_proc_and_sys(target: str) -> None:
    with pytest.raises(CitekitError) as caught:
        atomic_write(target, "x")
    assert caught.value.origin == target and caught.value.message.startswith("cannot write: ")
    assert not Path(target).exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_into_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(CitekitError, match=r"cannot write: permission denied$"):
            atomic_write(folder / "out.json", "x")
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_device_is_written_straight_not_replaced() -> None:
    # Renaming a temporary file over /dev/full would replace the device node itself.
    with pytest.raises(CitekitError) as caught:
        atomic_write("/dev/full", "x" * 100_000)
    assert caught.value.describe() == "/dev/full: cannot write: no space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    atomic_write("/dev/null", "kept")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not [p for p in Path("/dev").iterdir() if p.name.startswith((".full.", ".null."))]


_DISK_FULL = """
import resource, signal, sys
from citekit.errors import CitekitError
from citekit.write import atomic_write
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit, write() fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
try:
    atomic_write(sys.argv[1], "x" * 1_000_000)
except CitekitError as exc:
    print(exc.describe())
"""


def test_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    done = subprocess.run([sys.executable, "-c", _DISK_FULL, str(target)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"{target}: cannot write: file too large"
    assert target.read_text() == "old" and _leftovers(tmp_path) == []


def test_an_error_about_another_file_keeps_its_own_name(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_open(tmp_path / "out.json") as handle:
        handle.write("partial")
        open(tmp_path / "missing-input")  # noqa: SIM115 - the failure is the point
    assert _leftovers(tmp_path) == [] and not (tmp_path / "out.json").exists()
