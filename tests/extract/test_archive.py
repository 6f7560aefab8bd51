"""The raw WARC archive: what goes in comes back out, stock WARC tools read it, files are never half-done."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, date, datetime

from warcio.archiveiterator import ArchiveIterator

from extract.archive import (
    OPEN_SUFFIX,
    RawArchive,
    archive_files,
    iter_archive,
    read_response,
    recover_open_files,
)
from extract.model import FetchResult

GBK_BODY = "<html><body><p>中国与中亚国家的贸易往来日益密切。</p></body></html>".encode("gbk")


def result(
    url: str, status: int | None = 200, body: bytes = b"<p>x</p>", when: datetime | None = None, **extra
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=extra.pop("final_url", url),
        status=status,
        headers=extra.pop("headers", {"content-type": "text/html"}),
        body=body,
        fetched_at=when or datetime(2026, 11, 28, 23, 59, 58, 123456, tzinfo=UTC),
        elapsed_s=0.25,
        **extra,
    )


def test_response_round_trips_with_self_consistent_headers(tmp_path):
    fetched = result(
        "http://news.example/a",
        final_url="http://news.example/b",
        body=GBK_BODY,
        attempts=2,
        headers={
            "content-type": "text/html",
            "content-encoding": "gzip",
            "content-length": "31",
            "etag": '"v1"',
        },
    )
    with RawArchive(tmp_path, "run-1") as archive:
        assert archive.write(fetched, "desk", "page")
    (back,) = iter_archive(tmp_path)
    assert (back.source, back.kind) == ("desk", "page")
    got = back.result
    assert (got.url, got.final_url, got.status, got.body, got.attempts) == (
        fetched.url,
        fetched.final_url,
        200,
        GBK_BODY,
        2,
    )
    assert got.fetched_at == fetched.fetched_at and got.error_class is None and not got.truncated
    assert "content-encoding" not in got.headers and got.headers["content-length"] == str(len(GBK_BODY))
    assert got.headers["x-archive-orig-content-encoding"] == "gzip" and got.headers["etag"] == '"v1"'
    assert back.warc_path.endswith("raw/fetch_date=2026-11-28/run-1-00000.warc.gz")


def test_failures_with_a_response_keep_their_class_and_truncation(tmp_path):
    with RawArchive(tmp_path, "r") as archive:
        archive.write(
            result(
                "http://x.example/404",
                404,
                b"gone",
                error_class="http_status",
                error_message="HTTP 404\nnot found",
            ),
            "s",
            "page",
        )
        archive.write(
            result(
                "http://x.example/big",
                200,
                b"z" * 100,
                error_class="too_large",
                error_message="cut",
                truncated=True,
            ),
            "s",
            "page",
        )
        assert not archive.write(result("http://x.example/t", None, b"", error_class="timeout"), "s", "page")
    gone, big = (a.result for a in iter_archive(tmp_path))
    assert (gone.status, gone.error_class, gone.error_message) == (404, "http_status", "HTTP 404 not found")
    assert big.truncated and big.error_class == "too_large" and big.body == b"z" * 100
    with open(archive_files(tmp_path)[0], "rb") as handle:
        records = [r for r in ArchiveIterator(handle) if r.rec_type == "response"]
        assert records[1].rec_headers.get_header("WARC-Truncated") == "length"


def test_kinds_and_date_range_select(tmp_path):
    with RawArchive(tmp_path, "r") as archive:
        archive.write(
            result("http://x.example/feed", when=datetime(2026, 11, 28, 12, tzinfo=UTC)), "s", "feed"
        )
        archive.write(
            result("http://x.example/p1", when=datetime(2026, 11, 28, 23, 59, tzinfo=UTC)), "s", "page"
        )
        archive.write(
            result("http://x.example/p2", when=datetime(2026, 11, 29, 0, 1, tzinfo=UTC)), "s", "page"
        )
        archive.write(
            result("http://x.example/robots.txt", when=datetime(2026, 11, 29, 0, 2, tzinfo=UTC)),
            "s",
            "robots",
        )
    assert [p.parent.name for p in archive_files(tmp_path)] == [
        "fetch_date=2026-11-28",
        "fetch_date=2026-11-29",
    ]
    urls = [a.result.url.rsplit("/", 1)[1] for a in iter_archive(tmp_path)]
    assert urls == ["p1", "p2"]
    assert [a.kind for a in iter_archive(tmp_path, kinds=None)] == ["feed", "page", "page", "robots"]
    assert [a.result.url[-2:] for a in iter_archive(tmp_path, start=date(2026, 11, 29))] == ["p2"]
    assert [a.kind for a in iter_archive(tmp_path, end=date(2026, 11, 28), kinds=("feed",))] == ["feed"]
    assert list(iter_archive(tmp_path / "nothing-here")) == []


def test_files_rotate_and_stay_hidden_until_closed(tmp_path):
    archive = RawArchive(tmp_path, "run-7", max_file_bytes=4096)
    for n in range(20):
        archive.write(result(f"http://x.example/{n}", body=bytes(range(256)) * 8), "s", "page")
    partition = tmp_path / "raw" / "fetch_date=2026-11-28"
    assert list(partition.glob(f"*{OPEN_SUFFIX}"))  # the current file is still being written...
    visible_before = archive_files(tmp_path)  # ...and readers do not see it
    written = archive.close()
    assert not list(partition.glob(f"*{OPEN_SUFFIX}"))
    assert len(written) > 2 and written == archive_files(tmp_path)
    assert [p.name for p in written][:2] == ["run-7-00000.warc.gz", "run-7-00001.warc.gz"]
    assert set(visible_before) < set(written)
    listed = list(iter_archive(tmp_path))
    assert [a.result.url for a in listed] == [f"http://x.example/{n}" for n in range(20)]
    assert read_response(listed[13].warc_path, listed[13].offset) == listed[13]  # random access by offset


def test_concurrent_writers_lose_nothing(tmp_path):
    archive = RawArchive(tmp_path, "r", max_file_bytes=64 * 1024)

    def writer(thread_no: int) -> None:
        for n in range(40):
            archive.write(
                result(f"http://x.example/{thread_no}/{n}", body=f"<p>{thread_no}:{n}</p>".encode() * 50),
                "s",
                "page",
            )

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    archive.close()
    back = {a.result.url: a.result.body for a in iter_archive(tmp_path)}
    assert len(back) == 320
    assert back["http://x.example/5/17"] == b"<p>5:17</p>" * 50


def test_stock_warcio_tools_read_and_verify_the_files(tmp_path):
    with RawArchive(tmp_path, "r") as archive:
        archive.write(result("http://x.example/a", body=GBK_BODY), "s", "page")
        archive.write(
            result("http://x.example/robots.txt", 404, b"no", error_class="http_status"), "s", "robots"
        )
    (path,) = archive_files(tmp_path)
    index = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "index", str(path)], capture_output=True, text=True, check=True
    )
    lines = index.stdout.splitlines()
    assert '"warc-type": "warcinfo"' in lines[0] and len(lines) == 3
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def _crashed_run(out_dir, run_id: str, bodies: list[bytes]) -> tuple[RawArchive, list[int]]:
    """An archive whose run 'crashed': records written and flushed, the file never closed.
    Returns the archive (still holding its lock) and the end offset of each response record."""
    archive = RawArchive(out_dir, run_id)
    ends = []
    for n, body in enumerate(bodies):
        archive.write(result(f"http://x.example/{n}", body=body), "s", "page")
        (current,) = archive._open.values()
        current.handle.flush()
        ends.append(current.size)
    return archive, ends


def _abandon(archive: RawArchive) -> None:
    """The crashed process is gone: its file handles (and so its locks) are released, nothing renamed."""
    for current in archive._open.values():
        current.handle.close()
    archive._open.clear()


def test_a_file_cut_mid_record_is_salvaged_up_to_the_last_whole_record(tmp_path):
    bodies = [bytes(range(256)) * (n + 4) for n in range(5)]
    crashed, ends = _crashed_run(tmp_path, "crashed", bodies)
    (open_path,) = (tmp_path / "raw").rglob(f"*{OPEN_SUFFIX}")
    _abandon(crashed)
    cut_at = ends[2] + (ends[3] - ends[2]) // 2  # inside the fourth response record
    with open(open_path, "r+b") as handle:
        handle.truncate(cut_at)
    assert archive_files(tmp_path) == []

    with RawArchive(tmp_path, "next") as archive:
        (recovered,) = archive.recovered
        archive.write(result("http://x.example/new"), "s", "page")
    assert not open_path.exists()
    assert recovered.records == 3 and recovered.dropped_bytes == cut_at - ends[2]
    assert recovered.warc_path == str(open_path.with_name("crashed-00000.warc.gz"))
    back = [a.result for a in iter_archive(tmp_path)]
    assert [(r.url, r.body) for r in back if "new" not in r.url] == [
        (f"http://x.example/{n}", bodies[n]) for n in range(3)
    ]
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", recovered.warc_path], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_cut_gzip_trailer_drops_that_record_and_a_file_without_whole_responses_goes(tmp_path):
    crashed, ends = _crashed_run(tmp_path, "crashed", [b"<p>first</p>" * 40, b"<p>second</p>" * 40])
    (open_path,) = (tmp_path / "raw").rglob(f"*{OPEN_SUFFIX}")
    _abandon(crashed)
    with open(open_path, "r+b") as handle:
        handle.truncate(ends[1] - 3)  # the body is all there, but the member's CRC/length trailer is not
    (recovered,) = recover_open_files(tmp_path)
    assert recovered.records == 1 and [a.result.body for a in iter_archive(tmp_path)] == [
        b"<p>first</p>" * 40
    ]

    crashed, ends = _crashed_run(tmp_path, "crashed-again", [b"<p>only</p>" * 40])
    (open_path,) = (tmp_path / "raw").rglob(f"*{OPEN_SUFFIX}")
    _abandon(crashed)
    with open(open_path, "r+b") as handle:
        handle.truncate(ends[0] - 100)
    (recovered,) = recover_open_files(tmp_path)
    assert (recovered.warc_path, recovered.records) == (None, 0) and not open_path.exists()
    assert len(archive_files(tmp_path)) == 1


def test_a_file_another_run_is_still_writing_is_left_alone(tmp_path):
    live, _ends = _crashed_run(tmp_path, "live", [b"<p>a</p>"])
    (open_path,) = (tmp_path / "raw").rglob(f"*{OPEN_SUFFIX}")
    size = open_path.stat().st_size
    assert recover_open_files(tmp_path) == []
    assert RawArchive(tmp_path, "other").recovered == ()
    assert open_path.exists() and open_path.stat().st_size == size
    live.write(result("http://x.example/b"), "s", "page")
    assert [a.result.url for a in iter_archive(tmp_path)] == []
    live.close()
    assert [a.result.url for a in iter_archive(tmp_path)] == ["http://x.example/0", "http://x.example/b"]


def test_a_reused_run_id_never_overwrites_that_runs_files(tmp_path):
    with RawArchive(tmp_path, "same") as archive:
        archive.write(result("http://x.example/first"), "s", "page")
    with RawArchive(tmp_path, "same") as archive:
        archive.write(result("http://x.example/second"), "s", "page")
    assert [p.name for p in archive_files(tmp_path)] == ["same-00000.warc.gz", "same-00001.warc.gz"]
    assert [a.result.url for a in iter_archive(tmp_path)] == [
        "http://x.example/first",
        "http://x.example/second",
    ]
