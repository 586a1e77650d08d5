"""A logistic regression stored as data: the scorer behind the page models (article blocks,
headline lines). Inputs are standardised with the training set's mean and scale."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LogisticModel:
    """Weights over named features; :meth:`probabilities` scores rows given in ``names`` order."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """P(positive) of each feature row."""
        out = []
        for row in rows:
            z = self.bias + sum(
                w * (x - m) / s for x, m, s, w in zip(row, self.mean, self.scale, self.weights, strict=True)
            )
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out

    def as_json(self) -> dict:
        """The model as stored in a data file."""
        return {
            "names": list(self.names),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
        }

    @classmethod
    def from_json(cls, data: dict, names: Sequence[str]) -> LogisticModel:
        """A model from :meth:`as_json`, which must have been trained on the features ``names``."""
        if tuple(data["names"]) != tuple(names):
            raise ValueError("the model was trained on other features: train it again")
        return cls(
            tuple(data["names"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), float(data["bias"])
        )

    @classmethod
    def load(cls, path: Path, names: Sequence[str]) -> LogisticModel:
        """A model from its data file."""
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")), names)
