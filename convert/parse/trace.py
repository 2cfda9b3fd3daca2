"""The parser's decisions, kept for the inspect report: what was decided, by which rule, how surely."""

from __future__ import annotations

from dataclasses import dataclass

# Below this confidence a decision is flagged for an editor's review.
DOUBT = 0.7


@dataclass(frozen=True)
class Decision:
    start: int  # 1-based source line span the decision is about
    end: int
    kind: str  # join | column-break | paragraph-break | heading | title-block | attach | article-start | affiliation | byline | override
    rule: str  # the rule that decided, in a few words
    confidence: float  # 0..1
    detail: str = ""
    article: int | None = None  # 0-based index in the final document, when the decision names one (attach)

    @property
    def doubtful(self) -> bool:
        return self.confidence < DOUBT


class Trace:
    """Collects decisions; a no-op sink when nobody asked for them."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.decisions: list[Decision] = []

    def add(self, start: int, end: int, kind: str, rule: str, confidence: float, detail: str = "", article: int | None = None) -> None:
        if self.enabled:
            self.decisions.append(Decision(start, end, kind, rule, round(confidence, 2), detail, article))
