"""What a verification found: max absolute difference per trial and per layer."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class VerifyResult:
    trials: list[float]  # max absolute difference (MAD) of the outputs, one per trial
    atol: float
    per_layer: dict[str, float] = field(default_factory=dict)  # IR module path -> max MAD over trials
    first_diverging: str | None = None  # first layer (forward order) whose MAD exceeds atol
    not_compared: dict[str, str] = field(default_factory=dict)  # layer -> why its outputs were not paired
    scenario: str = ""  # e.g. "torch subclassing -> keras functional"
    notes: list[str] = field(default_factory=list)  # choices verify made for the user (sequence length)
    # statements of each file ("source", "migrated") that did not run: [{"kind", "lines", "statements"}]
    skipped: dict[str, list[dict]] = field(default_factory=dict)
    seed: int = 0
    batch: int = 0

    @property
    def max(self) -> float:
        return max(self.trials, default=0.0)

    @property
    def passed(self) -> bool:
        return bool(self.trials) and self.max <= self.atol

    def to_dict(self) -> dict:
        return {**asdict(self), "max": self.max, "passed": self.passed}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    def summary(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        lines = [f"{verdict}: max abs difference {self.max:.3g} over {len(self.trials)} trials (atol {self.atol:g})"]
        if self.first_diverging:
            lines.append(f"first diverging layer: {self.first_diverging} "
                         f"(max abs difference {self.per_layer[self.first_diverging]:.3g})")
        return "\n".join(lines)
