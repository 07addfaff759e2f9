"""Score rows and results: the tallies, the errors and the summary line of a scoring run."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    """True positives, false positives and false negatives of one score row."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True)
class ScoreError:
    doc: str
    kind: str  # FP | FN | TITLE
    category: str  # entity type, relation type or METRIC
    item: str


@dataclass
class ScoreResult:
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[ScoreError] = field(default_factory=list)
    docs: int = 0
    missing: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        """Rows in report order: entities, their micro average, relations, metrics."""
        return sorted(self.tallies, key=lambda k: (k.startswith("relation"), k.startswith("metrics"),
                                                   "micro" in k, k))

    def row(self, label: str) -> Tally:
        return self.tallies.get(label) or Tally()

    def summary_line(self) -> str:
        ent, rel, met = self.row("entities (micro)"), self.row("relations (micro)"), self.row("metrics")
        return (f"SUMMARY docs={self.docs} entity_f1={ent.f1:.3f} "
                f"relation_f1={rel.f1:.3f} metric_f1={met.f1:.3f}")

    def as_dict(self) -> dict[str, Any]:
        return {k: self.tallies[k].as_dict() for k in self.labels()} | {"missing_docs": list(self.missing)}
