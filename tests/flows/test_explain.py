"""`tradewire explain`: a URL on 127.0.0.1, a saved file and a stored article id; each kind of outcome."""

from __future__ import annotations

from datetime import UTC, datetime

from load_rows import article_row

from flows.cli import EXIT_BAD_INPUT, EXIT_OK, main
from flows.localsite import mapping_source, serve
from load.writer import write_records

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Tajik trade with China climbs | Pamir Business Wire</title>
<meta property="article:published_time" content="2024-07-18T09:15:00+05:00"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Tajik trade with China climbs</h1>
<p>DUSHANBE, July 18 -- Tajikistan's trade with China reached $1.04 billion in the first half of 2024,
up 21.3 percent from a year earlier, the country's statistics agency said on Thursday.</p>
<p>Exports to China, mostly ores and cotton fibre, amounted to $1.9 trillion over the same six months,
the agency said in a table that analysts described as unusually detailed.</p>
<p>Officials hope to lift bilateral trade to $3 billion by 2030 as new border crossings open.</p>
</article><footer>Pamir Business Wire</footer></body></html>"""

UNDATED = PAGE.replace(
    '<meta property="article:published_time" content="2024-07-18T09:15:00+05:00">', ""
).replace("in the first half of 2024", "in the first half of this year")


def explain(*args: str, capsys) -> tuple[int, str, str]:
    status = main(["explain", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def block(out: str, amount: str) -> str:
    """The report's block for one amount (its header line up to the blank line after it)."""
    start = out.index(f"'{amount}'")
    return out[start : out.index("\n\n", start)]


def test_a_saved_file_shows_every_outcome(tmp_path, capsys):
    page = tmp_path / "tajik-trade.html"
    page.write_text(PAGE, encoding="utf-8")
    status, out, _ = explain(str(page), capsys=capsys)
    assert status == EXIT_OK
    assert "article    Tajik trade with China climbs" in out
    assert "published  2024-07-18 04:15 UTC (from meta:article:published_time)" in out
    assert "language   en" in out and "amounts    3 in the body" in out
    accepted = block(out, "$1.04 billion")
    assert "ACCEPTED -> trade_stats" in accepted
    assert "reporter TJ (written 'Tajikistan')" in accepted and "partner CN (written 'China')" in accepted
    assert "period 2024-01-01..2024-06-30, change +21.3%" in accepted
    assert "REJECTED by value.implausible_magnitude" in block(out, "$1.9 trillion")
    assert "dropped by guard.forecast" in block(out, "$3 billion")


def test_a_url_on_this_machine(capsys):
    with serve(mapping_source({"/tajik.html": ("text/html; charset=utf-8", PAGE.encode())})) as base:
        status, out, _ = explain(f"{base}/tajik.html", "--allow-private", capsys=capsys)
    assert status == EXIT_OK
    assert f"source     fetched from {base}/tajik.html" in out
    assert "ACCEPTED -> trade_stats" in block(out, "$1.04 billion")


def test_a_private_url_is_refused_without_the_flag(capsys):
    with serve(mapping_source({"/tajik.html": ("text/html; charset=utf-8", PAGE.encode())})) as base:
        status, _, err = explain(f"{base}/tajik.html", capsys=capsys)
    assert status == EXIT_BAD_INPUT
    assert err.startswith("tradewire: error: ") and err.count("\n") == 1


def test_an_undated_page_rejects_what_needs_the_date(tmp_path, capsys):
    page = tmp_path / "undated.html"
    page.write_text(UNDATED, encoding="utf-8")
    status, out, _ = explain(str(page), capsys=capsys)
    assert status == EXIT_OK
    assert "published  unknown" in out
    assert "REJECTED by period.undated_article" in block(out, "$1.04 billion")


def test_an_article_id_in_an_output_directory(tmp_path, capsys):
    row = {
        **article_row(7, datetime(2024, 7, 18, 4, 15, tzinfo=UTC)),
        "body": PAGE.split("<p>")[1].split("</p>")[0],
    }
    write_records(tmp_path, "articles", [row], "r1")
    status, out, _ = explain(row["article_id"], "--out", str(tmp_path), capsys=capsys)
    assert status == EXIT_OK
    assert f"source     article {row['article_id']} in {tmp_path}" in out
    assert "ACCEPTED -> trade_stats" in block(out, "$1.04 billion")


def test_a_target_that_is_nothing_is_one_line_and_exit_2(tmp_path, capsys):
    status, _, err = explain("no-such-thing", capsys=capsys)
    assert status == EXIT_BAD_INPUT and err.count("\n") == 1
    status, _, err = explain("missing-id", "--out", str(tmp_path), capsys=capsys)
    assert status == EXIT_BAD_INPUT and "no articles dataset" in err
