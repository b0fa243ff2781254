"""Writing one configured training component (optimizer, loss, ...) in a target framework.

Generic over kinds: the spelling is chosen by the values its ``implied`` hook fixes and by
which canonical attributes its arguments carry; what no spelling carries is reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...catalog import registry
from ...catalog.families.training import implied
from ...catalog.schema import Kind, Spelling
from ...errors import Reporter
from ...ir.training import Component
from ..spell import Imports, framework_values, literal, local_name
from ..unwritten import hook_reads, unwritten


@dataclass
class Written:
    kind: Kind
    spelling: Spelling
    attrs: dict[str, Any]
    kwargs: list[tuple[str, Any]] = field(default_factory=list)
    uncarried: dict[str, Any] = field(default_factory=dict)  # canonical values no argument carries
    helper: tuple[str, str] | None = None  # (name, code) of a class written for the source's formula

    def call(self, imports: Imports, *leading: str) -> str:
        args = [*leading, *(f"{k}={literal(v)}" for k, v in self.kwargs)]
        name = self.helper[0] if self.helper else local_name(self.spelling.name, imports)
        return f"{name}({', '.join(args)})"


def canonical(component: Component) -> tuple[Kind, dict]:
    kind = registry.kind(component.kind)
    attrs = {**kind.defaults(), **component.attrs}
    return kind, {name: _typed(kind, name, value) for name, value in attrs.items()}


def _typed(kind: Kind, name: str, value: Any) -> Any:
    """A float attribute given as an int (torch's ``momentum=0`` default) as a float: Keras
    optimizers refuse ints for float hyper-parameters."""
    type_ = next((a.type for a in kind.attrs if a.name == name), None)
    as_float = lambda v: float(v) if type(v) is int else v  # noqa: E731 - bools stay bools
    if type_ == "float":
        return as_float(value)
    if type_ == "floats" and isinstance(value, (tuple, list)):
        return tuple(as_float(v) for v in value)
    return value


# hooks that write canonical values (as extra arguments or inside a formula), with their extra inputs
WRITING_HOOKS = {"write": (), "epoch_lr": ("lr",), "step_factor": (), "target": (), "predict": ()}


def hooked(spelling: Spelling, attrs: dict) -> set[str]:
    """Canonical attributes a hook of the spelling writes (read by it)."""
    found: set[str] = set()
    for name, extra in WRITING_HOOKS.items():
        if name in spelling.hooks:
            found |= hook_reads(spelling.hooks[name], attrs, *extra)
    return found


def problems(kind: Kind, spelling: Spelling, attrs: dict) -> dict[str, Any]:
    """Canonical values the spelling cannot state: contradicting its implied ones or written by no
    argument and no hook."""
    fixed = implied(spelling)
    found = {name: value for name, value in attrs.items() if name in fixed and fixed[name] != value}
    free = {name: value for name, value in attrs.items() if name not in fixed}
    found.update(unwritten(kind, spelling, free, hooked(spelling, attrs)))
    try:
        framework_values(kind, spelling, attrs, None)
    except ValueError as exc:
        found["?"] = str(exc)
    return found


def choose(component: Component, framework: str, reporter: Reporter, tolerated=()) -> Written | None:
    """The first spelling (classes before strings) stating every value; else the closest one, with warnings."""
    kind, attrs = canonical(component)
    options = [s for s in kind.spellings if s.framework == framework and s.form != "string"]
    if not options:
        return None
    restate = next((s.hooks["restate"] for s in options if "restate" in s.hooks), None)
    if restate is not None:  # a value in the form the target states it, where the two are equal
        attrs, why = restate(attrs)
        if why:
            reporter.warning(f"{kind.name}: {why}", component.loc)
    scored = [(len(set(problems(kind, s, attrs)) - set(tolerated)), i, s) for i, s in enumerate(options)]
    spelling = min(scored, key=lambda t: t[:2])[2]
    written = Written(kind, spelling, attrs, uncarried=problems(kind, spelling, attrs))
    emulate = spelling.hooks.get("emulate")
    written.helper = emulate(attrs) if emulate else None
    for name in spelling.hooks.get("emulates", implied(spelling)) if written.helper else ():
        written.uncarried.pop(name, None)  # the helper class computes the source's formula
    for name, value in written.uncarried.items():
        if name not in tolerated:
            what = value if name == "?" else f"{name}={value!r}"
            why = next((f" ({a.doc})" for a in kind.attrs if a.name == name and a.doc), "")
            reporter.warning(f"{kind.name}: {what} has no equivalent in {spelling.name}{why}; not written",
                             component.loc)
    written.kwargs = _kwargs(kind, spelling, attrs)
    return written


def _kwargs(kind: Kind, spelling: Spelling, attrs: dict) -> list[tuple[str, Any]]:
    try:
        values = framework_values(kind, spelling, attrs, None)
    except ValueError:
        values = _lenient(kind, spelling, attrs)
    values += [(a.name, a.default) for a in spelling.args if a.attr is None and a.always]
    write = spelling.hooks.get("write")
    return values + (sorted(write(attrs).items()) if write else [])


def _lenient(kind: Kind, spelling: Spelling, attrs: dict) -> list[tuple[str, Any]]:
    """Arguments one by one, leaving out those whose value cannot be converted (already reported)."""
    out = []
    for arg in spelling.args:
        if arg.attr in attrs:
            try:
                out.append((arg.name, arg.to_fw(attrs[arg.attr])))
            except ValueError:
                continue
    return out


def warn_scheduled(training, reporter: Reporter) -> None:
    """What the optimizer does differently in the two frameworks once a schedule (or
    ReduceLROnPlateau) changes its rate: its kind's ``scheduled`` hook says."""
    changes = training.schedule is not None or any(c.kind == "reduce_lr_on_plateau" for c in training.callbacks)
    if training.optimizer is None or not changes:
        return
    kind, attrs = canonical(training.optimizer)
    hook = next((s.hooks["scheduled"] for s in kind.spellings if "scheduled" in s.hooks), None)
    why = hook(attrs) if hook else None
    if why:
        reporter.warning(f"{kind.name}: {why}", training.optimizer.loc)
