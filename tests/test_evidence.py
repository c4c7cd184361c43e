"""The evidence matcher on its own (no build): what counts as the op-ed's words."""

from briefing.evidence import plain_citations, quotations
from briefing.textmatch import closest_diff, occurs

PARAGRAPH = ("It’s also quite possible that Aleksandr Lukashenka’s constant “reversals” caused Kremlin to no "
             "longer believe his promises. According to one version, Moscow is considering a “transitional period”.")


def test_a_span_is_found_word_for_word_ignoring_case_and_line_breaks():
    assert occurs("It’s also QUITE possible", PARAGRAPH)
    assert occurs("to no\n longer believe", PARAGRAPH)
    assert not occurs("to no longer trust", PARAGRAPH)


def test_a_span_matches_whole_words_only():
    assert occurs("version", PARAGRAPH) and not occurs("vers", PARAGRAPH) and not occurs("so", PARAGRAPH)


def test_an_ellipsis_marks_an_omission_in_order():
    assert occurs("caused Kremlin … his promises", PARAGRAPH)
    assert not occurs("his promises … caused Kremlin", PARAGRAPH)


def test_quotations_nest_and_must_pair():
    spans, paired = quotations("he said “the “color revolution” is not Belarus” twice")
    assert spans == ["color revolution", "the “color revolution” is not Belarus"] and paired
    assert quotations("an “open quotation")[1] is False


def test_citations_written_as_text_expand_ranges():
    assert plain_citations("sources ¶1–¶3, ¶9") == ["1", "2", "3", "9"]


def test_a_wrong_word_is_shown_as_a_word_diff():
    assert closest_diff("caused Moscow to no longer believe", PARAGRAPH) == "… caused [-Kremlin-]{+Moscow+} to no longer believe …"
