from reviews.report.textdiff import Piece, changed, word_diff


def _kinds(pieces):
    return [(p.kind, p.text) for p in pieces]


def test_words_deleted_and_inserted_with_the_text_around_them():
    pieces = word_diff(
        "Förvaltningen har klassat 12 informationsmängder.",
        "Förvaltningen har klassat 40 informationsmängder under året.",
    )
    assert _kinds(pieces) == [
        ("equal", "Förvaltningen har klassat "),
        ("delete", "12 informationsmängder."),
        ("insert", "40 informationsmängder under året."),
    ]
    assert changed(pieces)


def test_joining_the_kept_and_inserted_words_gives_the_new_text():
    old = "Ett stycke.\n\n- en punkt\n- två punkter\n\nSlut."
    new = "Ett nytt stycke.\n\n- en punkt\n- tre punkter\n\nSlut."
    pieces = word_diff(old, new, context=1000)
    assert "".join(p.text for p in pieces if p.kind != "delete") == new
    assert "".join(p.text for p in pieces if p.kind != "insert") == old


def test_spacing_alone_is_no_change():
    assert not changed(word_diff("Ett  stycke\nmed text.", "Ett stycke med text."))


def test_long_unchanged_runs_keep_only_their_ends():
    words = " ".join(f"ord{i}" for i in range(100))
    pieces = word_diff(f"{words} gammalt {words}", f"{words} nytt {words}", context=3)
    assert [p.kind for p in pieces] == [
        "skip",
        "equal",
        "delete",
        "insert",
        "equal",
        "skip",
    ]
    assert pieces[1] == Piece("equal", "ord97 ord98 ord99 ")
    assert pieces[4].text == "ord0 ord1 ord2 "


def test_an_empty_text_before_is_all_inserted():
    assert _kinds(word_diff("", "Ny text.")) == [("insert", "Ny text.")]
