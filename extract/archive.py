"""The raw archive: every HTTP response a run received, in standard WARC 1.1, for reprocessing offline.

Layout (under the output directory)::

    raw/fetch_date=YYYY-MM-DD/<run_id>-<n>.warc.gz

One gzip member per record (so any record can be read on its own), a ``warcinfo`` record at the head
of each file, then one ``response`` record per response: the status line and headers as received,
and the body *decoded* (Content-Encoding undone by the client). So that each record stays
self-consistent, ``Content-Encoding`` and ``Transfer-Encoding`` are dropped and ``Content-Length``
is the stored body's length; the values received are kept as ``X-Archive-Orig-*`` headers.

tradewire's own WARC headers say what the pipeline needs to re-parse without the network:
``WARC-Tradewire-Source``, ``WARC-Tradewire-Kind`` (feed, page, robots, ...),
``WARC-Tradewire-Requested-URI`` (``WARC-Target-URI`` is the final URL after redirects),
``WARC-Tradewire-Attempts``, ``WARC-Tradewire-Elapsed``, ``WARC-Tradewire-Error-Class`` and
``-Error-Message`` for a response that is also a failure (a 404, a body cut at the size limit);
a cut body carries the standard ``WARC-Truncated``.

Files are written under ``<name>.open`` and renamed when closed (after fsync), so a crash never
leaves a file that looks complete; readers look at ``*.warc.gz`` only. Requests that got no
response (timeouts, refused addresses, robots refusals) have nothing to archive: fetch_log has them.

A crashed run's ``.open`` files are salvaged when the next archive starts (`recover_open_files`):
the whole records at their head (each a gzip member with its trailer, so its CRC vouches for it) are
copied byte for byte into a proper ``.warc.gz`` and the ``.open`` file is removed. A writer holds an
exclusive ``flock`` on its ``.open`` file, so a file another live run is writing is never touched.
"""

from __future__ import annotations

import fcntl
import io
import logging
import os
import threading
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.model import FetchResult

RAW_DIRNAME = "raw"
PARTITION_PREFIX = "fetch_date="
OPEN_SUFFIX = ".open"
DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024
RECOVERING_SUFFIX = ".recovering"
_READ_CHUNK = 1 << 20
# zlib level of each response record's gzip member. On the devset's 80 real pages (360 KB each): level
# 9 (warcio's) 69 ms a page, 0.186 of the size; 6: 29 ms, 0.187; 4: 10 ms, 0.198; 3: 6-9 ms, 0.211.
RECORD_GZIP_LEVEL = 4

logger = logging.getLogger(__name__)

HEADER_SOURCE = "WARC-Tradewire-Source"
HEADER_KIND = "WARC-Tradewire-Kind"
HEADER_REQUESTED_URI = "WARC-Tradewire-Requested-URI"
HEADER_ATTEMPTS = "WARC-Tradewire-Attempts"
HEADER_ELAPSED = "WARC-Tradewire-Elapsed"
HEADER_ERROR_CLASS = "WARC-Tradewire-Error-Class"
HEADER_ERROR_MESSAGE = "WARC-Tradewire-Error-Message"

# Headers that describe the bytes on the wire, not the decoded body the record stores.
_WIRE_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
_TRUNCATION_CAUSE = {"too_large": "length", "timeout": "time", "read_error": "disconnect"}


def _fsync_dir(path: Path) -> None:
    """Make the rename durable (extract does not import load, which has the same helper)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def raw_dir(out_dir: Path | str) -> Path:
    return Path(out_dir) / RAW_DIRNAME


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _one_line(text: str, limit: int = 1000) -> str:
    return " ".join(text.split())[:limit]


def _http_headers(result: FetchResult) -> StatusAndHeaders:
    assert result.status is not None
    try:
        reason = HTTPStatus(result.status).phrase
    except ValueError:
        reason = ""
    headers: list[tuple[str, str]] = []
    for name, value in result.headers.items():
        if name.lower() in _WIRE_HEADERS:
            headers.append((f"X-Archive-Orig-{name}", _one_line(value)))
        else:
            headers.append((name, _one_line(value)))
    headers.append(("Content-Length", str(len(result.body))))
    return StatusAndHeaders(f"{result.status} {reason}".strip(), headers, protocol="HTTP/1.1")


def response_record_bytes(result: FetchResult, source: str | None, kind: str) -> bytes:
    """One gzip-compressed WARC response record for `result` (which must have a status)."""
    warc_headers = {
        "WARC-Date": _warc_date(result.fetched_at),
        HEADER_KIND: kind,
        HEADER_REQUESTED_URI: result.url,
        HEADER_ATTEMPTS: str(result.attempts),
        HEADER_ELAPSED: f"{result.elapsed_s:.6f}",
    }
    if source:
        warc_headers[HEADER_SOURCE] = source
    if result.error_class:
        warc_headers[HEADER_ERROR_CLASS] = result.error_class
        warc_headers[HEADER_ERROR_MESSAGE] = _one_line(result.error_message or "")
    if result.truncated:
        warc_headers["WARC-Truncated"] = _TRUNCATION_CAUSE.get(result.error_class or "", "unspecified")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False, warc_version="1.1")
    record = writer.create_warc_record(
        result.final_url,
        "response",
        payload=io.BytesIO(result.body),
        length=len(result.body),
        warc_headers_dict=warc_headers,
        http_headers=_http_headers(result),
    )
    writer.write_record(record)
    # One gzip member, as warcio writes it, but at RECORD_GZIP_LEVEL: warcio's fixed level 9 took
    # ~70 ms a 360 KB page, more than parsing it.
    compressor = zlib.compressobj(RECORD_GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(buffer.getbuffer()) + compressor.flush()


class _OpenFile:
    """One WARC file being written: `<final>.open` until closed."""

    def __init__(self, final_path: Path, run_id: str) -> None:
        self.final_path = final_path
        self.open_path = final_path.with_name(final_path.name + OPEN_SUFFIX)
        final_path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.open_path, "xb")  # noqa: SIM115 - closed in close()
        # Held until closed: tells `recover_open_files` in another run that this file is live.
        fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
        writer.write_record(
            writer.create_warcinfo_record(
                final_path.name,
                {
                    "software": "tradewire (https://github.com/tradewire/tradewire)",
                    "format": "WARC File Format 1.1",
                    "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                    "run-id": run_id,
                    "robots": "obey",
                    "description": "bodies stored decoded; X-Archive-Orig-* hold the wire headers",
                },
            )
        )
        self.handle.write(buffer.getvalue())
        self.size = self.handle.tell()

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.size += len(data)

    def close(self) -> Path:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.open_path, self.final_path)
        _fsync_dir(self.final_path.parent)
        return self.final_path


class RawArchive:
    """A run's WARC writer: thread-safe, one open file per fetch date, rotated at `max_file_bytes`.

    Use as a context manager or call `close()`; `write` never raises for a result without a response.
    """

    def __init__(
        self,
        out_dir: Path | str,
        run_id: str,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        *,
        recover: bool = True,
    ) -> None:
        """With `recover`, first salvages what crashed runs left under ``out_dir/raw`` (see `recovered`)."""
        self.recovered: tuple[RecoveredFile, ...] = tuple(recover_open_files(out_dir)) if recover else ()
        self.root = raw_dir(out_dir)
        self.run_id = run_id
        self.max_file_bytes = max_file_bytes
        self._lock = threading.Lock()
        self._open: dict[date, _OpenFile] = {}
        self._next_number: dict[date, int] = {}
        self._closed: list[Path] = []
        self.records = 0

    def __enter__(self) -> RawArchive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def write(self, result: FetchResult, source: str | None, kind: str) -> bool:
        """Archive `result` if a response was received; False when there was nothing to archive."""
        if result.status is None:
            return False
        data = response_record_bytes(result, source, kind)  # compressed outside the lock
        day = result.fetched_at.astimezone(UTC).date()
        with self._lock:
            current = self._open.get(day)
            if current is None:
                current = self._open[day] = self._new_file(day)
            current.write(data)
            self.records += 1
            if current.size >= self.max_file_bytes:
                self._closed.append(self._open.pop(day).close())
        return True

    def write_all(self, results: Iterable[FetchResult], source: str | None, kind: str) -> int:
        return sum(self.write(result, source, kind) for result in results)

    def close(self) -> list[Path]:
        """Finish every open file (rename to its final name); returns all files this archive wrote."""
        with self._lock:
            while self._open:
                _day, current = self._open.popitem()
                self._closed.append(current.close())
            return sorted(self._closed)

    def _new_file(self, day: date) -> _OpenFile:
        partition = self.root / f"{PARTITION_PREFIX}{day.isoformat()}"
        number = self._next_number.get(day, 0)
        while True:  # a run id used before (a resumed run) must not overwrite that run's files
            path = partition / f"{self.run_id}-{number:05d}.warc.gz"
            if not path.exists() and not path.with_name(path.name + OPEN_SUFFIX).exists():
                break
            number += 1
        self._next_number[day] = number + 1
        return _OpenFile(path, self.run_id)


@dataclass(frozen=True)
class RecoveredFile:
    """What `recover_open_files` made of one ``.open`` file a crashed run left behind."""

    open_path: str
    warc_path: str | None  # the salvaged file; None when not even one response record was whole
    records: int  # whole response records kept
    dropped_bytes: int  # the cut or unreadable tail left out


def recover_open_files(out_dir: Path | str) -> list[RecoveredFile]:
    """Salvage every ``*.warc.gz.open`` under ``out_dir/raw`` that no live writer holds.

    The whole records at the head of each file are kept byte for byte in ``<name>.warc.gz`` (written
    as ``<name>.warc.gz.recovering``, fsynced, then renamed) and the ``.open`` file is removed; a file
    with no whole response record is just removed. Never raises: a file that cannot be read or written
    is left where it is and logged.
    """
    root = raw_dir(out_dir)
    if not root.is_dir():
        return []
    recovered = []
    for open_path in sorted(root.glob(f"{PARTITION_PREFIX}*/*.warc.gz{OPEN_SUFFIX}")):
        try:
            outcome = _recover(open_path)
        except OSError as error:
            logger.warning("could not recover %s: %s", open_path, error)
            continue
        if outcome is not None:
            logger.warning(
                "recovered %s: %d whole response records kept, %d bytes dropped -> %s",
                open_path,
                outcome.records,
                outcome.dropped_bytes,
                outcome.warc_path or "removed",
            )
            recovered.append(outcome)
    return recovered


def _recover(open_path: Path) -> RecoveredFile | None:
    """Salvage one ``.open`` file; None when a live writer holds it (or another run recovered it first)."""
    try:
        handle = open(open_path, "rb")  # noqa: SIM115 - closed below, after the lock is no longer needed
    except FileNotFoundError:
        return None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # being written right now
        try:
            if os.stat(open_path).st_ino != os.fstat(handle.fileno()).st_ino:
                return None
        except FileNotFoundError:
            return None  # recovered by another run while this one waited
        total = os.fstat(handle.fileno()).st_size
        members = list(_whole_members(handle))
        kept = sum(length for _offset, length, _is_response in members)
        responses = sum(is_response for _offset, _length, is_response in members)
        warc_path = None
        if responses:
            warc_path = _free_name(open_path.with_name(open_path.name.removesuffix(OPEN_SUFFIX)))
            temporary = warc_path.with_name(warc_path.name + RECOVERING_SUFFIX)
            with open(temporary, "wb") as out:
                for offset, length, _is_response in members:
                    handle.seek(offset)
                    _copy(handle, out, length)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, warc_path)
        open_path.unlink()
        _fsync_dir(open_path.parent)
    return RecoveredFile(
        open_path=str(open_path),
        warc_path=str(warc_path) if warc_path else None,
        records=responses,
        dropped_bytes=total - kept,
    )


def _whole_members(handle) -> Iterator[tuple[int, int, bool]]:
    """(offset, length, is a response) of the whole WARC records at the head of a gzip-per-record file.

    Stops at the first gzip member that is cut short or corrupt (zlib checks its CRC and length at the
    trailer) or that does not hold one complete WARC record. warcio's reader is no judge here: it hands
    back a cut record with a short body and no error.
    """
    handle.seek(0)
    offset = 0
    pending = b""
    while True:
        inflater = zlib.decompressobj(wbits=31)  # one gzip member
        record = bytearray()
        length = 0
        chunk = pending or handle.read(_READ_CHUNK)
        if not chunk:
            return
        while True:
            try:
                record += inflater.decompress(chunk)
            except zlib.error:
                return
            if inflater.eof:
                pending = inflater.unused_data
                length += len(chunk) - len(pending)
                break
            length += len(chunk)
            chunk = handle.read(_READ_CHUNK)
            if not chunk:
                return  # the file ends inside this member
        record_type = _whole_record_type(bytes(record))
        if record_type is None:
            return
        yield offset, length, record_type == "response"
        offset += length


def _whole_record_type(record: bytes) -> str | None:
    """The WARC-Type of a record holding its whole declared block, else None."""
    head_end = record.find(b"\r\n\r\n")
    if not record.startswith(b"WARC/") or head_end < 0:
        return None
    fields = {}
    for line in record[:head_end].decode("utf-8", "replace").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    try:
        block_length = int(fields.get("content-length", ""))
    except ValueError:
        return None
    if len(record) < head_end + 4 + block_length:
        return None
    return fields.get("warc-type")


def _free_name(path: Path) -> Path:
    """`path`, or `<stem>-recovered-<k>.warc.gz` next to it when that name is taken."""
    candidate, attempt = path, 0
    while candidate.exists():
        attempt += 1
        candidate = path.with_name(f"{path.name.removesuffix('.warc.gz')}-recovered-{attempt}.warc.gz")
    return candidate


def _copy(source, target, length: int) -> None:
    while length > 0:
        chunk = source.read(min(length, _READ_CHUNK))
        if not chunk:
            raise OSError("file shrank while being recovered")
        target.write(chunk)
        length -= len(chunk)


@dataclass(frozen=True)
class ArchivedResponse:
    """A response read back from the archive, as the fetch that produced it returned it."""

    source: str | None
    kind: str
    result: FetchResult
    warc_path: str
    offset: int  # of the record in the file, for `warcio extract <file> <offset>`


def archive_files(out_dir: Path | str, start: date | None = None, end: date | None = None) -> list[Path]:
    """The complete WARC files whose fetch date lies in [start, end], oldest first."""
    root = raw_dir(out_dir)
    if not root.is_dir():
        return []
    files = []
    for partition in sorted(root.glob(f"{PARTITION_PREFIX}*")):
        try:
            day = date.fromisoformat(partition.name.removeprefix(PARTITION_PREFIX))
        except ValueError:
            continue
        if (start is None or day >= start) and (end is None or day <= end):
            files.extend(sorted(partition.glob("*.warc.gz")))
    return files


def iter_archive(
    out_dir: Path | str,
    start: date | None = None,
    end: date | None = None,
    kinds: Iterable[str] | None = ("page",),
    bodies: Iterable[str] | None = None,
) -> Iterator[ArchivedResponse]:
    """Stream the archived responses of the given kinds (None: all) fetched in [start, end].

    `bodies` names the kinds whose body is read (None: every kind); the others come with an empty
    body, for a caller that needs only where a response is and how it went (an index of the archive
    reads each page back later by offset, so it need not hold or copy the page on the first pass).
    """
    return iter_archive_files(archive_files(out_dir, start, end), kinds, bodies)


def iter_archive_files(
    files: Iterable[Path | str], kinds: Iterable[str] | None = ("page",), bodies: Iterable[str] | None = None
) -> Iterator[ArchivedResponse]:
    """`iter_archive` over the given WARC files, in the order given (a part of the archive for one worker)."""
    wanted = None if kinds is None else set(kinds)
    with_body = None if bodies is None else set(bodies)
    for path in files:
        warc_path = str(path)  # one string per file, shared by its records
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle)
            for record in records:
                if record.rec_type != "response":
                    continue
                kind = record.rec_headers.get_header(HEADER_KIND) or "page"
                if wanted is not None and kind not in wanted:
                    continue
                yield ArchivedResponse(
                    source=record.rec_headers.get_header(HEADER_SOURCE),
                    kind=kind,
                    result=_result_of(record, with_body is None or kind in with_body),
                    warc_path=warc_path,
                    offset=records.get_record_offset(),
                )


def read_response(warc_path: Path | str, offset: int) -> ArchivedResponse:
    """The one response record at `offset` of `warc_path` (as `ArchivedResponse.offset` names it)."""
    with open(warc_path, "rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)), None)
        if record is None or record.rec_type != "response":
            raise ValueError(f"no response record at offset {offset} of {warc_path}")
        return ArchivedResponse(
            source=record.rec_headers.get_header(HEADER_SOURCE),
            kind=record.rec_headers.get_header(HEADER_KIND) or "page",
            result=_result_of(record),
            warc_path=str(warc_path),
            offset=offset,
        )


def _result_of(record, with_body: bool = True) -> FetchResult:
    warc = record.rec_headers
    final_url = warc.get_header("WARC-Target-URI")
    headers: dict[str, str] = {}
    for name, value in record.http_headers.headers:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return FetchResult(
        url=warc.get_header(HEADER_REQUESTED_URI) or final_url,
        final_url=final_url,
        status=int(record.http_headers.get_statuscode()),
        headers=headers,
        body=record.raw_stream.read() if with_body else b"",
        fetched_at=datetime.fromisoformat(warc.get_header("WARC-Date")).astimezone(UTC),
        elapsed_s=float(warc.get_header(HEADER_ELAPSED) or 0.0),
        attempts=int(warc.get_header(HEADER_ATTEMPTS) or 1),
        error_class=warc.get_header(HEADER_ERROR_CLASS),
        error_message=warc.get_header(HEADER_ERROR_MESSAGE) or None,
        truncated=warc.get_header("WARC-Truncated") is not None,
    )
