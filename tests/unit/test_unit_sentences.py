"""The op-ed's sentences (briefing/sentences.py): ids that stay put, and a quotation kept whole."""

from briefing.sentences import split


def test_a_quotation_of_several_sentences_stays_one_sentence():
    """Found on a real commentary (a Guardian page): splitting inside a quotation left both halves with
    unbalanced quotation marks, and the claims table that quotes them failed the build."""
    paragraph = "“We need change. Now,” she said. It cost $1.5 billion. “Ready.” Then it ended."
    assert split(paragraph) == ["“We need change. Now,” she said.", "It cost $1.5 billion.", "“Ready.”", "Then it ended."]
