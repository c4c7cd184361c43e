"""Shortening the book's own text for a preview or a page description, never inside a quotation.

A preview or a description that stops inside quotation marks puts half of the op-ed's words in the reader's mind
(a page description ended "“did not recognize Alexander Lukashenka as…", dropping what its note qualifies).
"""

from __future__ import annotations


def cut(text: str, limit: int, clauses: bool = False) -> str:
    """``text`` cut to fewer than ``limit`` characters, outside quotation marks: at its last clause (";") that fits
    if ``clauses``, else at its last word; without a closing mark, which the caller adds ("…")."""
    depth, clause, word = 0, 0, 0
    for i, char in enumerate(text[:limit - 1]):
        depth += (char == "“") - (char == "”")
        if depth == 0 and char == ";":
            clause = i
        elif depth == 0 and char == " ":
            word = i
    return text[:(clause if clauses else 0) or word].rstrip(" ,;:–—-")
