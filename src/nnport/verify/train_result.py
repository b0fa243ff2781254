"""What ``verify --train`` found: the loss of each step, the weights after the steps, and the
learning rate of every epoch of the source's run, on both sides.

Tolerances (documented in the README): a step's losses agree when
``|a - b| <= loss_atol + loss_rtol * |a|``; a weight tensor after the steps when its max abs
difference is at most ``weight_atol``, or the L2 norm of the difference is at most ``weight_rtol``
times the L2 norm of what the steps changed in it (float32 rounding of two frameworks stays near
1e-5 of the change; a left-out weight decay or another optimizer leaves 1e-3 to 1). Optimizers
that divide each update by the gradient's own size (Adam, RMSprop, Adagrad ...) move a weight
by about the rate whatever its gradient, so where a gradient is near zero its rounding can flip
the step: ``adaptive_weight_rtol`` then. Learning rates agree when ``|a - b| <= lr_rtol * |a|``
at every epoch. Where float32 rounding alone moves a loss or a weight further (the PyTorch side
run again in float64, ``train_rounding``), the tolerance is ``rounding_factor`` times that floor.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

TOLERANCES = {"loss_atol": 1e-5, "loss_rtol": 1e-4, "weight_atol": 1e-6, "weight_rtol": 1e-3,
              "adaptive_weight_rtol": 2e-2, "lr_rtol": 1e-6,
              "rounding_factor": 3.0}
ADAPTIVE = ("adam", "adamw", "adamax", "nadam", "rmsprop", "adagrad", "adadelta")


@dataclass
class Step:
    step: int
    source_loss: float
    migrated_loss: float
    rounding: float = 0.0  # the largest |float32 - float64 loss| of the PyTorch side over the steps

    @property
    def diff(self) -> float:
        return abs(self.source_loss - self.migrated_loss)

    def agrees(self, tol: dict) -> bool:
        bound = tol["loss_atol"] + tol["loss_rtol"] * abs(self.source_loss)
        return self.diff <= max(bound, tol["rounding_factor"] * self.rounding)


@dataclass
class TrainResult:
    steps: list[Step] = field(default_factory=list)
    # migrated weight name -> (max abs difference after the steps, max abs change over the steps,
    # L2 norm of the difference / L2 norm of the change)
    weights: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    # migrated weight name -> what float32 rounding alone moves it (L2, relative to the change)
    rounding: dict[str, float] = field(default_factory=dict)
    # migrated weight name -> why it trains otherwise, as the migration warned (not a failure)
    stated: dict[str, str] = field(default_factory=dict)
    source_lr: list[float] = field(default_factory=list)  # learning rate at the start of each epoch
    migrated_lr: list[float] = field(default_factory=list)
    steps_per_epoch: int = 0
    batch: int = 0
    seed: int = 0
    scenario: str = ""
    tolerances: dict = field(default_factory=lambda: dict(TOLERANCES))
    notes: list[str] = field(default_factory=list)
    not_comparable: list[str] = field(default_factory=list)  # what the steps leave out, and why
    failure: str | None = None  # a side's own training code failed on the data
    adaptive: bool = False  # the optimizer scales each update by the gradient's size

    @property
    def losses_agree(self) -> bool:
        """Every step's loss; once a stated difference has moved a weight otherwise, the losses of
        the steps after the first follow it (said in ``not_comparable``) and only step 0 counts."""
        counted = self.steps[:1] if self.stated_moved else self.steps
        return bool(self.steps) and all(s.agrees(self.tolerances) for s in counted)

    @property
    def stated_moved(self) -> bool:
        return any(n in self.weights and not self.weight_agrees(n) for n in self.stated)

    def weight_agrees(self, name: str) -> bool:
        diff, _change, relative = self.weights[name]
        rtol = self.tolerances["adaptive_weight_rtol" if self.adaptive else "weight_rtol"]
        floor = self.tolerances["rounding_factor"] * self.rounding.get(name, 0.0)
        return diff <= self.tolerances["weight_atol"] or relative <= max(rtol, floor)

    @property
    def weights_agree(self) -> bool:
        return all(self.weight_agrees(n) for n in self.weights if n not in self.stated)

    @property
    def lr_max_rel_diff(self) -> float:
        pairs = list(zip(self.source_lr, self.migrated_lr))
        if len(self.source_lr) != len(self.migrated_lr):
            return float("inf")
        return max((abs(a - b) / abs(a) if a else abs(b) for a, b in pairs), default=0.0)

    @property
    def first_lr_difference(self) -> int | None:
        for epoch, (a, b) in enumerate(zip(self.source_lr, self.migrated_lr)):
            if abs(a - b) > self.tolerances["lr_rtol"] * abs(a):
                return epoch
        return None

    @property
    def lrs_agree(self) -> bool:
        return self.lr_max_rel_diff <= self.tolerances["lr_rtol"]

    @property
    def passed(self) -> bool:
        return self.failure is None and self.losses_agree and self.weights_agree and self.lrs_agree

    def to_dict(self) -> dict:
        data = asdict(self)
        data["steps"] = [{**asdict(s), "diff": s.diff, "agrees": s.agrees(self.tolerances)} for s in self.steps]
        data["weights"] = {n: {"max_abs_diff": d, "max_abs_change": c, "relative_l2": r,
                               "rounding_l2": self.rounding.get(n), "agrees": self.weight_agrees(n),
                               "stated_difference": self.stated.get(n)}
                           for n, (d, c, r) in sorted(self.weights.items())}
        data.pop("rounding")
        data.pop("stated")
        data.update(passed=self.passed, losses_agree=self.losses_agree, weights_agree=self.weights_agree,
                    lrs_agree=self.lrs_agree, lr_max_rel_diff=self.lr_max_rel_diff,
                    first_lr_difference=self.first_lr_difference)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    def summary(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        head = f"{verdict}: {len(self.steps)} training steps of {self.batch} samples, {len(self.source_lr)} epochs"
        lines = [head + " of learning rates"]
        if self.failure:
            lines.append(f"  {self.failure}")
        for s in self.steps:
            mark = "" if s.agrees(self.tolerances) else "  <- differs" + (" (after the stated differences)" if
                                                                           self.stated_moved and s.step else "")
            lines.append(f"  step {s.step}: loss {s.source_loss:.6g} (source) {s.migrated_loss:.6g} (migrated), "
                         f"difference {s.diff:.3g}{mark}")
        worst = max(self.weights.items(), key=lambda kv: kv[1][0], default=None)
        if worst:
            diff, change, relative = worst[1]
            floor = self.rounding.get(worst[0])
            rounding = f"; float32 rounding alone {floor:.3g}" if floor is not None else ""
            lines.append(f"  weights after the steps: max abs difference {diff:.3g} ({worst[0]}: changed by up to "
                         f"{change:.3g}; difference / change {relative:.3g} in L2 norm{rounding})")
        bad = [n for n in sorted(self.weights) if not self.weight_agrees(n) and n not in self.stated]
        if bad:
            lines.append(f"  weights that differ: {', '.join(bad[:8])}{' ...' if len(bad) > 8 else ''}")
        for name in sorted(n for n in self.stated if not self.weight_agrees(n)):
            lines.append(f"  {name} differs as the migration states: {self.stated[name]}")
        epoch = self.first_lr_difference
        if epoch is not None:
            lines.append(f"  learning rate differs from epoch {epoch}: {self.source_lr[epoch]:.6g} (source) "
                         f"{self.migrated_lr[epoch]:.6g} (migrated)")
        elif len(self.source_lr) != len(self.migrated_lr):
            lines.append(f"  learning rates: {len(self.source_lr)} epochs (source), {len(self.migrated_lr)} (migrated)")
        else:
            lines.append(f"  learning rate agrees at every epoch (max relative difference {self.lr_max_rel_diff:.3g})")
        return "\n".join(lines)
