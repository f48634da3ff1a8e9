"""Reading RAG cells and rolling action ratings up to a recommendation."""

from collections import Counter
from collections.abc import Iterable

from .models import RAG_ORDER, Rag

# What officers type in the RAG columns. A blank cell means not rated.
RAG_WORDS = {
    "r": Rag.RED,
    "red": Rag.RED,
    "a": Rag.AMBER,
    "amber": Rag.AMBER,
    "g": Rag.GREEN,
    "green": Rag.GREEN,
    "grey": Rag.GREY,
    "gray": Rag.GREY,
    "not yet started": Rag.GREY,
    "not started": Rag.GREY,
    "b": Rag.BLUE,
    "blue": Rag.BLUE,
    "complete": Rag.BLUE,
    "completed": Rag.BLUE,
}

RAG_HELP = "use R, A, G, B or Red, Amber, Green, Grey, Blue, Complete, or leave it blank"


def parse_rag(value: str) -> Rag | None:
    """The Rag for a cell, Rag.NOT_RATED for a blank one, None if it is not a rating."""
    text = " ".join(str(value or "").split()).strip().lower().rstrip(".")
    if not text:
        return Rag.NOT_RATED
    return RAG_WORDS.get(text)


def rollup(ratings: Iterable[str]) -> Rag:
    """One rating for a recommendation from its actions' ratings.

    Any Red makes it Red, then any Amber makes it Amber; all Blue is Blue; all Green or Blue is
    Green; some done and some not started is Amber; all not started is Grey.
    """
    rated = [Rag(r) for r in ratings if r]
    if not rated:
        return Rag.NOT_RATED
    seen = set(rated)
    if Rag.RED in seen:
        return Rag.RED
    if Rag.AMBER in seen:
        return Rag.AMBER
    if seen == {Rag.BLUE}:
        return Rag.BLUE
    if seen <= {Rag.GREEN, Rag.BLUE}:
        return Rag.GREEN
    if seen == {Rag.GREY}:
        return Rag.GREY
    return Rag.AMBER


def count_rags(ratings: Iterable[str]) -> dict[str, int]:
    """Counts keyed by every RAG value in the scale's order (zero where none)."""
    counter = Counter(r or "" for r in ratings)
    return {str(r.value): counter.get(r.value, 0) for r in RAG_ORDER}
