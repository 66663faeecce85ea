"""Result files are untrusted input: bad ones give one clear error naming the file.

Issue 8: ``journeysim info``/``summarize`` and ``load_results`` on a truncated, corrupt or
foreign file give a clear error naming the file and what is wrong, never a crash or a
traceback. Python raises ValueError (FileNotFoundError when there is no file); the CLI
exits 2 with one line on stderr.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import h5py
import numpy as np
import pytest
from conftest import cli_environment, journeysim_cli, minimal

import journeysim as js
from journeysim import cli

BAD_INPUT = 2


@pytest.fixture(scope="module")
def good_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real result file of the minimal scenario (small: about 100 kB)."""
    path = tmp_path_factory.mktemp("good") / "good.h5"
    js.run(js.Scenario.from_dict(minimal()), seed=3).to_hdf5(path)
    return path


def _copy(good: Path, target: Path) -> Path:
    shutil.copyfile(good, target)
    return target


def _truncated(good: Path, target: Path) -> Path:
    data = good.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _truncated_in_header(good: Path, target: Path) -> Path:
    target.write_bytes(good.read_bytes()[:600])
    return target


def _random_bytes(good: Path, target: Path) -> Path:
    target.write_bytes(np.random.default_rng(8).bytes(4096))
    return target


def _empty(good: Path, target: Path) -> Path:
    target.write_bytes(b"")
    return target


def _foreign(good: Path, target: Path) -> Path:
    with h5py.File(target, "w") as file:
        file["x"] = np.arange(3)
    return target


def _missing_column(good: Path, target: Path) -> Path:
    with h5py.File(_copy(good, target), "a") as file:
        del file["store_periods"]["visits"]
    return target


def _unequal_columns(good: Path, target: Path) -> Path:
    with h5py.File(_copy(good, target), "a") as file:
        visits = file["store_periods"]["visits"][()]
        del file["store_periods"]["visits"]
        file["store_periods"]["visits"] = visits[:-3]
    return target


def _directory(good: Path, target: Path) -> Path:
    target.mkdir()
    return target


def _missing_table(good: Path, target: Path) -> Path:
    with h5py.File(_copy(good, target), "a") as file:
        del file["periods"]
    return target


def _store_out_of_range(good: Path, target: Path) -> Path:
    with h5py.File(_copy(good, target), "a") as file:
        store = file["store_periods"]["store"]
        store[0] = 7
    return target


def _bad_meta(good: Path, target: Path) -> Path:
    with h5py.File(_copy(good, target), "a") as file:
        file["meta"].attrs["replications"] = "many"
    return target


def _external_link(good: Path, target: Path) -> Path:
    """A table that is a link into another file: reading it would read that file."""
    with h5py.File(_copy(good, target), "a") as file:
        del file["stores"]
        file["stores"] = h5py.ExternalLink(str(good), "/stores")
    return target


def _external_storage(good: Path, target: Path) -> Path:
    """A column whose data lives in another (raw) file, say a secret on the machine."""
    secret = target.with_name("secret.bin")
    secret.write_bytes(np.arange(100, dtype=np.int64).tobytes())
    with h5py.File(_copy(good, target), "a") as file:
        length = len(file["totals"]["needs"])
        del file["totals"]["needs"]
        file["totals"].create_dataset(
            "needs", shape=(length,), dtype=np.int64, external=[(str(secret), 0, 8 * length)]
        )
    return target


def _two_dimensional(good: Path, target: Path) -> Path:
    with h5py.File(_copy(good, target), "a") as file:
        length = len(file["totals"]["needs"])
        del file["totals"]["needs"]
        file["totals"]["needs"] = np.zeros((length, 2), dtype=np.int64)
    return target


# (how to make the file, words its error must contain)
BAD_FILES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "truncated": (_truncated, "truncated"),
    "truncated_in_header": (_truncated_in_header, "truncated"),
    "random_bytes": (_random_bytes, "not an HDF5 file"),
    "empty": (_empty, "empty"),
    "foreign": (_foreign, "no /meta"),
    "missing_column": (_missing_column, "lacks the columns visits"),
    "missing_table": (_missing_table, "/periods"),
    "unequal_columns": (_unequal_columns, "unequal length"),
    "directory": (_directory, "directory"),
    "store_out_of_range": (_store_out_of_range, "/store_periods/store"),
    "bad_meta": (_bad_meta, "replications"),
    "external_link": (_external_link, "link"),
    "external_storage": (_external_storage, "other files"),
    "two_dimensional": (_two_dimensional, "1-D"),
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request: pytest.FixtureRequest, good_file: Path, tmp_path: Path) -> tuple[Path, str]:
    make, words = BAD_FILES[request.param]
    return make(good_file, tmp_path / f"{request.param}.h5"), words


def test_load_results_raises_value_error_naming_the_file(bad_file: tuple[Path, str]) -> None:
    path, words = bad_file
    with pytest.raises(ValueError) as caught:
        js.load_results(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert words in message, message
    assert "\n" not in message


@pytest.mark.parametrize("command", ["info", "summarize"])
def test_the_cli_exits_2_with_one_line(
    command: str, bad_file: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, words = bad_file
    assert cli.main([command, str(path)]) == BAD_INPUT
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0] and words in lines[0], lines[0]


@pytest.mark.parametrize("command", ["info", "summarize"])
def test_the_console_script_prints_no_traceback(
    command: str, good_file: Path, tmp_path: Path
) -> None:
    """The same, through a real process: exit 2, one line, no traceback."""
    path = _truncated(good_file, tmp_path / "cut.h5")
    done = journeysim_cli(command, path, script=True)
    assert done.returncode == BAD_INPUT, done.stderr
    assert done.stderr.splitlines() == [
        f"error: {path}: truncated HDF5 file ({path.stat().st_size} of "
        f"{good_file.stat().st_size} bytes; copied or written incompletely?)"
    ]


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "absent.h5"
    with pytest.raises(FileNotFoundError, match="absent.h5"):
        js.load_results(path)
    for command in ("info", "summarize"):
        assert cli.main([command, str(path)]) == BAD_INPUT
        assert capsys.readouterr().err.splitlines() == [f"error: {path}: result file not found"]


def test_the_good_file_still_loads(good_file: Path) -> None:
    results = js.load_results(good_file)
    assert results.summary()["visits"].sum() > 0


# Damage in the middle of a file (a bad disk, a bad copy): each variant must either load
# into Results whose summary works, or raise ValueError naming the file. The loop runs in
# a child process so that a crash inside libhdf5 fails this test instead of killing pytest.
_DAMAGE_SCRIPT = """
import json, sys
import numpy as np
import journeysim as js
from journeysim import cli
good, scratch, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(good, "rb").read()
outcomes = []
for seed in range(count):
    rng = np.random.default_rng(seed)
    damaged = bytearray(data)
    start = int(rng.integers(0, len(data)))
    length = int(rng.integers(1, 512))
    damaged[start:start + length] = rng.bytes(len(damaged[start:start + length]))
    path = f"{scratch}/damaged-{seed}.h5"
    open(path, "wb").write(bytes(damaged))
    try:
        js.load_results(path).summary()
        outcomes.append(["loaded", ""])
    except ValueError as error:
        ok = str(error).startswith(path + ": ") and "\\n" not in str(error)
        outcomes.append(["refused" if ok else "unclear", str(error)])
    except BaseException as error:
        outcomes.append(["escaped", f"{type(error).__name__}: {error}"])
print(json.dumps(outcomes))
"""


def test_damaged_bytes_never_crash_or_escape(good_file: Path, tmp_path: Path) -> None:
    count = 40
    done = subprocess.run(
        [sys.executable, "-c", _DAMAGE_SCRIPT, str(good_file), str(tmp_path), str(count)],
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_environment(),
        check=False,
    )
    assert done.returncode == 0, f"the reader crashed (exit {done.returncode}): {done.stderr}"
    outcomes = json.loads(done.stdout)
    assert len(outcomes) == count
    wrong = [(seed, *outcome) for seed, outcome in enumerate(outcomes) if outcome[0] in
             ("unclear", "escaped")]
    assert not wrong, wrong


def test_every_column_carries_a_checksum(good_file: Path) -> None:
    """Fletcher-32 on every stored column: without it damage to values goes unnoticed."""
    unchecked: list[str] = []

    def visit(name: str, item: object) -> None:
        if isinstance(item, h5py.Dataset) and item.size > 0 and not item.fletcher32:
            unchecked.append(name)

    with h5py.File(good_file, "r") as file:
        file.visititems(visit)
        assert len(file["store_periods"]) > 5  # the walk did reach the columns
    assert unchecked == []


def _flip_stored_byte(good: Path, target: Path, column: str) -> None:
    """Alters one byte of ``column``'s stored (compressed) values, not the file's structure."""
    data = bytearray(good.read_bytes())
    with h5py.File(good, "r") as file:
        chunk = file[column].id.get_chunk_info(0)
    middle = chunk.byte_offset + chunk.size // 2
    data[middle] ^= 0x40
    target.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "column", ["/store_periods/visits", "/store_periods/mean_trust", "/periods/date"]
)
def test_damage_to_a_columns_values_is_detected(
    good_file: Path, tmp_path: Path, column: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bitrot.h5"
    _flip_stored_byte(good_file, path, column)
    assert path.read_bytes() != good_file.read_bytes()
    with pytest.raises(ValueError) as caught:
        js.load_results(path)
    assert str(caught.value) == (
        f"{path}: column {column} is damaged (checksum: its stored values were altered "
        "after writing)"
    )
    assert cli.main(["info", str(path)]) == BAD_INPUT
    assert f"column {column} is damaged (checksum" in capsys.readouterr().err
