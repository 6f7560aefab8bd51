"""Sentence splitting keeps abbreviations, decimals, datelines and quotes intact."""

from transform.sentences import split_sentences


def _texts(body: str) -> list[str]:
    return [s.text for s in split_sentences(body)]


def test_abbreviations_and_decimals_do_not_split() -> None:
    body = "Trade with the U.S. fell 3.4 percent on Jan. 5 to 88.21 billion yuan, No. 2 among partners. Exports rose."
    assert _texts(body) == [
        "Trade with the U.S. fell 3.4 percent on Jan. 5 to 88.21 billion yuan, No. 2 among partners.",
        "Exports rose.",
    ]


def test_dateline_stays_with_its_sentence() -> None:
    body = "BISHKEK, March 4. /AKIpress/. Kyrgyz exports rose. Imports fell."
    assert _texts(body)[0] == "BISHKEK, March 4. /AKIpress/. Kyrgyz exports rose."


def test_quotes_close_the_sentence() -> None:
    body = '"Exports grew 5 percent," the minister said. "Imports fell." Then he left.'
    assert _texts(body) == [
        '"Exports grew 5 percent," the minister said.',
        '"Imports fell."',
        "Then he left.",
    ]


def test_paragraphs_and_list_items() -> None:
    body = "The breakdown:\n\n- Kazakhstan — $4.1 billion\n\n- Uzbekistan — $2.2 billion"
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "The breakdown:",
        "Kazakhstan — $4.1 billion",
        "Uzbekistan — $2.2 billion",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 2]
    assert all(body[s.start : s.end] == s.text for s in sentences)
