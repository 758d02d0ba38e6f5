"""Decompression bombs are stopped early, without being expanded (the allowance at work)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from dlpmilter.extract.allowance import RATIO_FLOOR_BYTES, Allowance, BoundedStream, OverBudget
from dlpmilter.extract.sevenzip import _CountingWriter

SSN = "SSN 123-45-6789"


def test_zip_declaring_a_gibibyte_is_refused_unread(run: Any, samples: Any) -> None:
    """1 GiB of zeros from about a megabyte: refused from its header, nothing inflated."""
    payload = samples.deflated_zeros(samples.GIB)
    data = samples.crafted_zip(
        [samples.Crafted(name="zeros.bin", payload=payload, declared_size=samples.GIB)]
    )
    assert len(data) < 2 * samples.MIB
    result = run(data, name="bomb.zip")
    assert [(f.kind, f.location) for f in result.facts] == [
        ("over_budget", "attachment:bomb.zip/zeros.bin")
    ]
    assert result.state.expanded_bytes == 0


def test_zip_with_a_bomb_ratio_inside_the_size_budget_is_refused(run: Any, samples: Any) -> None:
    """40 MiB of zeros fits the size budget, but its ratio (about 1000:1) does not."""
    data = samples.zip_bytes([("zeros.bin", b"\0" * (40 * samples.MIB)), ("ok.txt", SSN)])
    result = run(data, name="r.zip")
    details = [f.detail for f in result.facts if f.kind == "over_budget"]
    assert len(details) == 1 and details[0].startswith("declared ratio")
    assert result.part("attachment:r.zip/ok.txt").text == SSN
    assert result.state.expanded_bytes < samples.MIB


def test_nested_zips_declaring_16_gib_expand_nothing(run: Any, samples: Any) -> None:
    """16 inner archives of 16 members of 64 MiB each: every member refused, the run bounded."""
    payload = samples.deflated_zeros(samples.MIB)
    inner = samples.crafted_zip(
        [
            samples.Crafted(name=f"z{i}.bin", payload=payload, declared_size=64 * samples.MIB)
            for i in range(16)
        ]
    )
    outer = samples.zip_bytes(
        [(f"inner{i}.zip", inner) for i in range(16)], method=zipfile.ZIP_STORED
    )
    result = run(outer, name="42.zip")
    refused = [f for f in result.facts if f.kind == "over_budget"]
    assert len(refused) == 256
    assert not any(p.location.endswith(".bin") for p in result.parts)
    assert result.state.expanded_bytes == 16 * len(inner)


def test_message_budget_stops_honest_archives_too(run: Any, samples: Any) -> None:
    """Incompressible members within every ratio still stop at the message's expanded bytes."""
    import random

    blob = random.Random(7).randbytes(400 * 1024)
    data = samples.zip_bytes([(f"r{i}.bin", blob) for i in range(6)], method=zipfile.ZIP_STORED)
    result = run(data, name="big.zip", max_expanded_bytes=1024 * 1024)
    assert result.state.expanded_bytes <= 2 * 1024 * 1024
    assert "over_budget" in result.kinds()


def test_gzip_of_a_gibibyte_stops_at_the_ratio(run: Any, samples: Any) -> None:
    """gzip declares nothing: the stream is inflated in chunks and stopped by the live ratio."""
    data = samples.gzip_of_zeros(samples.GIB)
    result = run(data, name="zeros.gz")
    facts = [f for f in result.facts if f.kind == "over_budget"]
    assert len(facts) == 1 and facts[0].detail.startswith("ratio")
    assert result.state.expanded_bytes < 32 * samples.MIB


def test_gzip_inside_zip_inside_tar_is_bounded(run: Any, samples: Any) -> None:
    """The ratio check holds at any depth."""
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        blob = samples.zip_bytes(
            [("zeros.gz", samples.gzip_of_zeros(samples.GIB))], method=zipfile.ZIP_STORED
        )
        info = tarfile.TarInfo("in.zip")
        info.size = len(blob)
        tar.addfile(info, io.BytesIO(blob))
    result = run(buf.getvalue(), name="t.tar")
    assert "over_budget" in result.kinds()
    assert result.state.expanded_bytes < 40 * samples.MIB


class _Endless:
    """A stream that never ends (a decoder producing output forever)."""

    def read(self, n: int = -1, /) -> bytes:
        return b"\0" * (n if n > 0 else 65536)


def test_read_stops_a_lying_stream_one_chunk_past_the_cap(samples: Any) -> None:
    """Declared sizes aside, counting the bytes read stops any stream."""
    allowance = Allowance(samples.budget(max_expanded_bytes=3 * samples.MIB, max_ratio=1e12))
    with pytest.raises(OverBudget) as stop:
        allowance.read(_Endless(), location="x", stored=None)
    assert stop.value.fact.kind == "over_budget"
    assert allowance.expanded <= 3 * samples.MIB + 65536


def test_bounded_stream_enforces_the_ratio(samples: Any) -> None:
    """A parser pulling from a bounded stream is stopped by the ratio."""
    stream = BoundedStream(_Endless(), Allowance(samples.budget()), location="x", stored=1000)
    with pytest.raises(OverBudget) as stop:
        stream.read()
    assert stop.value.fact.detail.startswith("ratio")
    assert stream.total <= RATIO_FLOOR_BYTES + 65536


def test_past_deadline_reads_stop(samples: Any) -> None:
    """A read past the deadline ends with a ``time_budget`` fact."""
    allowance = Allowance(samples.budget(deadline=0.0))
    with pytest.raises(OverBudget) as stop:
        allowance.read(io.BytesIO(b"abc"), location="x", stored=None)
    assert stop.value.fact.kind == "time_budget"


def test_7z_writer_stops_a_member_that_lies(samples: Any) -> None:
    """The 7z writer counts every write, whatever the header declared."""
    writer = _CountingWriter(
        Allowance(samples.budget(max_member_bytes=samples.MIB)), "x", 10_000_000
    )
    with pytest.raises(OverBudget):
        for _ in range(100):
            writer.write(b"\0" * 65536)
    assert writer.size() <= samples.MIB


@pytest.mark.parametrize(
    ("declared", "stored", "refused"),
    [
        (10, 1, False),
        (RATIO_FLOOR_BYTES + 1, 1, True),
        (RATIO_FLOOR_BYTES * 50, RATIO_FLOOR_BYTES, False),
        (200 * 1024 * 1024, 10**9, True),
        (None, 1, False),
    ],
)
def test_precheck_table(samples: Any, declared: int | None, stored: int, refused: bool) -> None:
    """Small files may compress well; big ones may not pass the ratio or the size cap."""
    allowance = Allowance(samples.budget())
    assert (
        allowance.precheck(location="x", declared=declared, stored=stored) is not None
    ) is refused
