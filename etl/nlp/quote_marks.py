"""Where the direct quotations of an article body are (their marks), before anyone is named.

Marks: « … » (with or without no-break spaces), “ … ”, „ … “, ‹ … ›, ‘ … ’ (British style; a ’
inside a word is an apostrophe), '' … '' (two apostrophes), " … ". Quotes may nest (the outer one
is kept) and run over several sentences; a quote may run over several paragraphs when each new
paragraph reopens with « or “. An unmatched mark is skipped and the rest of the paragraph still
read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_MARK = re.compile(r"''|[«»“”„‹›\"‘’]")
_CLOSERS = {"«": "»", "‹": "›", "„": "“”", "“": "”", "‘": "’"}
_SYMMETRIC = ("''", '"')
_TRIM = " \u00a0\u202f\u2009\t\n"


@dataclass(frozen=True)
class QuoteSpan:
    """Where a quotation is: ``start``/``end`` cover the marks, ``text_start``/``text_end`` the words."""

    start: int
    end: int
    text_start: int
    text_end: int
    marks: str

    def text(self, body: str) -> str:
        """The quoted words, trimmed."""
        return body[self.text_start : self.text_end].strip(_TRIM)


def _paragraphs(body: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for para in body.split("\n\n"):
        yield pos, pos + len(para)
        pos += len(para) + 2


def find_quote_spans(body: str) -> list[QuoteSpan]:
    """Every outermost quotation in ``body``, in reading order."""
    spans: list[QuoteSpan] = []
    carried: tuple[int, str] | None = None  # a « left open at the end of a paragraph
    for p_start, p_end in _paragraphs(body):
        stack: list[tuple[int, str]] = []
        text = body[p_start:p_end]
        first_mark = _MARK.search(text)
        skip_first = -1
        if carried and first_mark:
            opener = carried[1]
            if first_mark.group(0) == opener and not text[: first_mark.start()].strip(_TRIM):
                stack.append(carried)  # the quote goes on in this paragraph, reopened by its mark
                skip_first = first_mark.start()
            elif first_mark.group(0) in _CLOSERS[opener] and _mid_sentence(body, p_start):
                stack.append(carried)  # a line break inside a sentence split the quote
        carried = None
        closed: list[tuple[QuoteSpan, tuple[int, ...]]] = []  # every pair, with the openers around it
        for m in _MARK.finditer(text):
            mark, pos = m.group(0), p_start + m.start()
            if m.start() == skip_first:
                continue
            top = stack[-1][1] if stack else None
            if mark in _SYMMETRIC:
                if top == mark:
                    closed.append(_close(stack, pos, len(mark)))
                elif not stack or mark not in [s[1] for s in stack]:
                    stack.append((pos, mark))
                continue
            if mark == "‘" and text[m.start() - 1 : m.start()].isalnum():
                continue  # a turned comma inside a word, not a quotation mark
            if mark == "’" and (top != "‘" or text[m.end() : m.end() + 1].isalnum()):
                continue  # an apostrophe (l’État, don’t), or a ’ with no ‘ open
            if mark in ("«", "‹", "„", "‘") or (mark == "“" and top != "„"):
                stack.append((pos, mark))
            elif top and mark in _CLOSERS.get(top, ""):
                closed.append(_close(stack, pos, len(mark)))
            # else: a closing mark with no opener is skipped
        closed = _same_mark_nesting(closed, stack)
        used = {s.start for s, _ in closed}
        stack = [o for o in stack if o[0] not in used]
        if len(stack) == 1 and stack[0][1] in ("«", "“"):
            carried = stack[0]
        unclosed = {p for p, _ in stack}
        # outermost pairs: those nested only in openers that never closed (skipped marks)
        spans.extend(s for s, around in closed if set(around) <= unclosed and s.text(body))
    return sorted(spans, key=lambda s: s.start)


def _close(stack: list[tuple[int, str]], pos: int, width: int) -> tuple[QuoteSpan, tuple[int, ...]]:
    open_pos, open_mark = stack.pop()
    return QuoteSpan(open_pos, pos + width, open_pos + len(open_mark), pos, open_mark), tuple(p for p, _ in stack)


def _mid_sentence(body: str, p_start: int) -> bool:
    """Whether the paragraph before ``p_start`` stops in the middle of a sentence (a letter or a
    comma last): a line break a page dump put inside a sentence."""
    before = body[:p_start].rstrip(_TRIM)
    return bool(before) and (before[-1].isalpha() or before[-1] == ",")


def _same_mark_nesting(
    closed: list[tuple[QuoteSpan, tuple[int, ...]]], stack: list[tuple[int, str]]
) -> list[tuple[QuoteSpan, tuple[int, ...]]]:
    """« a « b » … « c » with the first « never closed: one quotation from the first « to the first
    » (a mark typed twice for one quote, never French nesting, which uses “ ” inside « »); the
    later pairs stay quotations of their own."""
    out = []
    merged: set[int] = set()
    for span, around in closed:
        outer = [p for p, m in stack if p in around and m == span.marks == "«"]
        if outer and outer[0] not in merged:
            merged.add(outer[0])
            span = QuoteSpan(outer[0], span.end, outer[0] + 1, span.text_end, "«")
            around = tuple(p for p in around if p < outer[0])
        elif outer:
            around = tuple(p for p in around if p not in merged)
        out.append((span, around))
    return out
