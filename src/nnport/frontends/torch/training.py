"""The training code of the file: optimizer, loss, schedule, epochs, batch size, metrics, datasets."""
from __future__ import annotations

import ast

from ...catalog import registry
from ...catalog.families.training import implied
from ...ir.training import Component, Dataset, Training, add_left_out, left_out
from ..common import NotConstant, Scope, bind_call, code_of, evaluate
from ..common.binding import InvalidArgument
from .batch_code import BatchCode
from .lr_decay import LrDecay, NotStatic, schedule
from .source import SourceFile

FAMILIES = {"optimizer", "loss", "schedule", "callback"}
CLIPS = {"clip_grad_norm_": ("clip_norm", "max_norm"), "clip_grad_norm": ("clip_norm", "max_norm"),
         "clip_grad_value_": ("clip_value", "clip_value")}
MADE = {"torch.randn": "normal", "torch.rand": "uniform", "torch.randint": "integers", "torch.zeros": "zeros",
        "torch.ones": "ones"}
# torch classes of a training family the catalog may lack: (module prefix, name suffix, place)
UNKNOWN_PLACES = (("torch.optim.lr_scheduler.", "", "schedule"), ("torch.optim.", "", "optimizer"),
                  ("torch.nn.", "Loss", "loss"))
DATA_NOT_READ = {"random_split": "the migrated code trains and validates on all the data",
                 "Subset": "the migrated code uses all the samples",
                 "WeightedRandomSampler": "the migrated code draws batches uniformly",
                 "SubsetRandomSampler": "the migrated code uses all the samples"}
TRANSFORMS = {
    "ToTensor": lambda a: {"kind": "scale", "factor": 1 / 255},
    "Normalize": lambda a: {"kind": "normalize", "mean": _t(a.get("mean")), "std": _t(a.get("std"))},
    "Resize": lambda a: {"kind": "resize", "size": a.get("size")},
    "RandomHorizontalFlip": lambda a: {"kind": "random_flip", "mode": "horizontal", "p": a.get("p", 0.5)},
    "RandomCrop": lambda a: {"kind": "random_crop", "size": a.get("size"), "padding": a.get("padding", 0)},
    "CenterCrop": lambda a: {"kind": "center_crop", "size": a.get("size")},
}
TRANSFORM_ARGS = {"Normalize": ("mean", "std"), "Resize": ("size",), "RandomCrop": ("size", "padding"),
                  "CenterCrop": ("size",), "RandomHorizontalFlip": ("p",)}


def _t(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


class TrainingReader:
    def __init__(self, src: SourceFile):
        self.src = src
        self.assigned = {n.targets[0].id: n.value for n in _outside(src.tree) if isinstance(n, ast.Assign)
                         and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)}
        self.scope = Scope(parent=src.constants)
        self.pending: list[dict] = []  # left out before the training section exists
        for name, value in self.assigned.items():  # local constants of the training functions
            try:
                self.scope.values[name] = evaluate(value, self.scope)
            except (NotConstant, TypeError, ValueError, KeyError, IndexError, ZeroDivisionError):
                pass

    def read(self) -> tuple[Training | None, list[Dataset]]:
        training = Training()
        for node in _outside(self.src.tree):
            if isinstance(node, ast.Call):
                self.component(node, training)
                self.data_not_read(node)
        training.epochs = self.epochs(training)
        training.batch_size = self.batch_size()
        if self.counts_accuracy():
            training.metrics = ["accuracy"]
        datasets = self.datasets()
        if not (training.optimizer or training.loss or training.epochs):
            return None, datasets
        self.batch_code(training)
        self.lr_decay(training)
        for entry in self.pending:
            add_left_out(training, entry)
        return training, datasets

    def lr_decay(self, training: Training) -> None:
        """A rate set by hand in the epoch loop: the schedule it amounts to."""
        loop = self._epoch_loop()
        if loop is None or not training.epochs or training.optimizer is None:
            return
        reader = LrDecay(self.src, self.scope, self._trains_here)
        try:
            rates = reader.read(loop, training.epochs, training.optimizer.attrs.get("lr"))
        except NotStatic as exc:
            return self._left_out(training, exc.node, f"learning rate set in the loop: {exc.why}", "schedule")
        found = schedule(rates) if rates else None
        if rates and found is None:
            shown = ", ".join(f"{r:g}" for r in sorted(set(rates), reverse=True)[:6])
            return self._left_out(training, loop, f"learning rates set in the loop ({shown}) are no StepLR, "
                                                  "ExponentialLR or MultiStepLR", "schedule")
        if found is not None and training.schedule is not None:
            return self._left_out(training, loop, "learning rate set in the loop besides a scheduler", "schedule")
        if found is not None:
            found.loc = self.src.loc(loop)
            training.schedule = found
            training.optimizer.attrs["lr"] = rates[0]

    def clipping(self, loop: ast.For, training: Training) -> None:
        """``clip_grad_norm_(model.parameters(), 5)`` / ``clip_grad_value_(...)`` in the loop: the
        optimizer's clipping (Keras states it there)."""
        for node in (n for n in ast.walk(loop) if isinstance(n, ast.Call)):
            kind = CLIPS.get((self.src.qualify(node.func) or "").rsplit(".", 1)[-1])
            if kind is None or training.optimizer is None:
                continue
            given = dict(zip(("parameters", kind[1]), node.args))
            given.update({k.arg: k.value for k in node.keywords})
            other = sorted(set(given) - {"parameters", kind[1]})
            try:
                value = float(evaluate(given[kind[1]], self.scope))
            except (NotConstant, TypeError, ValueError, KeyError):
                value = None
            if value is None or other and not (other == ["norm_type"] and ast.unparse(given["norm_type"]) in
                                               ("2", "2.0")):
                self._left_out(training, node, "gradient clipping is not read", "step")
            else:
                training.optimizer.attrs[kind[0]] = value

    def _left_out(self, training: Training | None, node, why: str, place: str) -> None:
        """Reported with its place, and marked there in the migrated code by a TODO comment."""
        loc = self.src.loc(node)
        self.src.reporter.warning(f"{why}; the migrated training code leaves it out (a TODO comment marks it)", loc)
        entry = left_out(place, why, loc, code_of(node))
        if training is None:
            self.pending.append(entry)
        else:
            add_left_out(training, entry)

    def _trains_here(self, stmt: ast.stmt) -> bool:
        """A statement of the epoch loop that trains: a backward pass, a loop over batches that
        steps, or a call of the file's function that does."""
        if any(isinstance(n, ast.Attribute) and n.attr == "backward" for n in ast.walk(stmt)):
            return True
        if isinstance(stmt, ast.For) and _has_step(stmt):
            return True
        called = {n.func.id for n in ast.walk(stmt) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        return any(_has_step(self.src.functions[f]) for f in called if f in self.src.functions)

    def batch_code(self, training: Training) -> None:
        """The statements between the batch and the loss in the loop that trains."""
        loop = next((n for n in _outside(self.src.tree) if isinstance(n, ast.For) and not _is_range(n.iter)
                     and _has_step(n)), None)
        if loop is None:
            return
        losses = {name for name, value in self.assigned.items() if isinstance(value, ast.Call)
                  and (found := registry.lookup("torch", "layer", self.src.qualify(value.func) or ""))
                  and found[0].family == "loss"}
        reader = BatchCode(self.src, self.scope, losses)
        training.batch_steps, left_out = reader.read(loop)
        self.clipping(loop, training)
        if reader.log_output and training.loss is not None and training.loss.kind == "nll_loss":
            # NLLLoss of torch.log(probabilities) is the cross-entropy of the probabilities
            training.loss = Component("cross_entropy", {**training.loss.attrs, "from_logits": False},
                                      training.loss.loc)
        for stmt, why in left_out:
            self._left_out(training, stmt, f"{why} (the migrated code feeds the batches as the loader gives them)",
                           "batch")

    def component(self, node: ast.Call, training: Training) -> None:
        qualified = self.src.qualify(node.func)
        found = qualified and (registry.lookup("torch", "layer", qualified)
                               or registry.lookup("torch", "function", qualified))
        if not found:
            self.unknown_component(node, qualified or "")
            return
        if found[0].family not in FAMILIES:
            return
        kind, spelling = found
        try:
            bound = bind_call(spelling, node, lambda expr, arg: self.value(expr, arg), symbolic=lambda v: v is _UNKNOWN)
        except InvalidArgument as exc:
            self.src.reporter.error(exc.why, self.src.loc(exc.expr))
            return
        attrs = {**kind.defaults(), **{k: v for k, v in bound.attrs.items() if v is not _UNKNOWN}}
        attrs.update(implied(spelling))
        if "bind" in spelling.hooks:
            attrs.update(spelling.hooks["bind"](attrs))
        slot = {"optimizer": "optimizer", "loss": "loss", "schedule": "schedule"}.get(kind.family)
        why = spelling.hooks["unknown"](attrs) if "unknown" in spelling.hooks else None
        if why:  # values known only when the file runs, which the component cannot do without
            name = spelling.name.rsplit(".", 1)[-1]
            return self._left_out(None, node, f"{name} is not translated: it {why}", slot or "callbacks")
        comp = Component(kind.name, attrs, self.src.loc(node))
        if slot and getattr(training, slot) is None:
            setattr(training, slot, comp)
        elif kind.family == "callback":
            training.callbacks.append(comp)

    def unknown_component(self, node: ast.Call, qualified: str) -> None:
        """A scheduler, optimizer or loss of torch the catalog lacks (``OneCycleLR``): left out, marked."""
        for prefix, suffix, place in UNKNOWN_PLACES:
            name = qualified[len(prefix):]
            if qualified.startswith(prefix) and name.isidentifier() and name.endswith(suffix):
                self._left_out(None, node, f"{qualified.rsplit('.', 1)[-1]} is not translated", place)
                return

    def data_not_read(self, node: ast.Call) -> None:
        """Splits and samplers of the data the migrated loaders do not make: left out, marked."""
        qualified = self.src.qualify(node.func) or ""
        name = qualified.rsplit(".", 1)[-1]
        if qualified.startswith("torch.utils.data.") and name in DATA_NOT_READ:
            self._left_out(None, node, f"{name} is not translated ({DATA_NOT_READ[name]})", "data")

    def value(self, expr: ast.expr, arg: str):
        try:
            return evaluate(expr, self.scope)
        except (NotConstant, TypeError, ValueError, KeyError, IndexError):
            self.src.reporter.warning(f"{arg}={ast.unparse(expr)} is not static; the framework default is used",
                                      self.src.loc(expr))
            return _UNKNOWN

    def epochs(self, training: Training) -> int | None:
        node = self._epoch_loop()
        if node is None:
            return None
        try:
            return len(evaluate(node.iter, self.scope))
        except (NotConstant, TypeError, ValueError):
            self._left_out(training, node, "the number of epochs is not static (one epoch is written)", "loop")
            return None

    def _epoch_loop(self) -> ast.For | None:
        return next((node for node in _outside(self.src.tree)
                     if isinstance(node, ast.For) and _is_range(node.iter) and self._trains(node)), None)

    def _trains(self, loop: ast.For) -> bool:
        names = {n.attr for n in ast.walk(loop) if isinstance(n, ast.Attribute)}
        called = {n.func.id for n in ast.walk(loop) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        trains_inside = any(fn in called and _has_step(self.src.functions[fn]) for fn in self.src.functions)
        return "epoch" in ast.unparse(loop.target) or "step" in names or "backward" in names or trains_inside

    def batch_size(self) -> int | None:
        for node in _outside(self.src.tree):
            if isinstance(node, ast.Call) and (self.src.qualify(node.func) or "").endswith("DataLoader"):
                size = next((k.value for k in node.keywords if k.arg == "batch_size"),
                            node.args[1] if len(node.args) > 1 else None)
                if size is not None:
                    value = self.value(size, "batch_size")
                    return None if value is _UNKNOWN else value
                return 1
        return None

    def counts_accuracy(self) -> bool:
        nodes = self.src.walk()
        words = " ".join(_words(nodes))
        compares = any(isinstance(n, ast.Compare) and isinstance(n.ops[0], ast.Eq) or isinstance(n, ast.Call)
                       and isinstance(n.func, ast.Attribute) and n.func.attr == "eq" for n in nodes)
        return ("correct" in words or "accuracy" in words) and compares

    def datasets(self) -> list[Dataset]:
        found = []
        for name, value in self.assigned.items():
            if not isinstance(value, ast.Call):
                continue
            qualified = self.src.qualify(value.func) or ""
            if qualified.startswith("torchvision.datasets."):
                found.append(self.vision_dataset(name, qualified.split(".")[-1], value))
            elif qualified.endswith("TensorDataset"):
                attrs = {"tensors": [ast.unparse(a) for a in value.args]}
                made = [self.made(a) for a in value.args]
                if made and None not in made:
                    attrs["made"] = made
                found.append(Dataset(name, "arrays", "train", attrs, loc=self.src.loc(value)))
        return found

    def made(self, expr: ast.expr) -> dict | None:
        """A tensor the file draws itself (``torch.randn(512, 30)``, ``torch.randint(0, 4, (512,))``)."""
        if isinstance(expr, ast.Name) and isinstance(self.assigned.get(expr.id), ast.Call):
            expr = self.assigned[expr.id]
        draw = MADE.get(self.src.qualify(expr.func) or "") if isinstance(expr, ast.Call) else None
        if draw is None or expr.keywords:
            return None
        try:
            args = [evaluate(a, self.scope) for a in expr.args]
        except (NotConstant, TypeError, ValueError, KeyError, IndexError):
            return None
        if draw == "integers":
            low, high, size = ([0, *args] if len(args) == 2 else args)[:3]
            return {"draw": draw, "low": low, "high": high, "shape": tuple(size)}
        shape = tuple(args[0]) if len(args) == 1 and isinstance(args[0], (tuple, list)) else tuple(args)
        return {"draw": draw, "shape": shape} if all(isinstance(d, int) for d in shape) else None

    def vision_dataset(self, name: str, cls: str, call: ast.Call) -> Dataset:
        keywords = {k.arg: k.value for k in call.keywords}
        train = self.value(keywords["train"], "train") if "train" in keywords else True
        attrs = {k: self.value(keywords[k], k) for k in ("root", "download") if k in keywords}
        transforms = self.transforms(keywords.get("transform"))
        loader = "".join(f"_{c.lower()}" if c.isupper() and i and not cls[i - 1].isupper() else c.lower()
                         for i, c in enumerate(cls))
        return Dataset(name, loader, "train" if train else "test", attrs, transforms, self.src.loc(call))

    def transforms(self, expr: ast.expr | None) -> list[dict]:
        if isinstance(expr, ast.Name):
            expr = self.assigned.get(expr.id)
        if not isinstance(expr, ast.Call):
            return []
        qualified = self.src.qualify(expr.func) or ""
        name = qualified.split(".")[-1]
        if name == "Compose" and expr.args and isinstance(expr.args[0], (ast.List, ast.Tuple)):
            return [t for e in expr.args[0].elts for t in self.transforms(e)]
        if name not in TRANSFORMS:
            self._left_out(None, expr, f"transform {qualified or ast.unparse(expr)} is not translated", "data")
            return []
        args = dict(zip(TRANSFORM_ARGS.get(name, ()), (self.value(a, name) for a in expr.args)))
        args.update({k.arg: self.value(k.value, k.arg) for k in expr.keywords})
        return [TRANSFORMS[name](args)]


_UNKNOWN = object()


def _is_range(expr) -> bool:
    return isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "range"


def _has_step(fn: ast.FunctionDef) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in ("step", "backward") for n in ast.walk(fn))


def _words(nodes):
    """Identifiers and strings of the file, where ``correct`` / ``accuracy`` show."""
    for n in nodes:
        if isinstance(n, ast.Name):
            yield n.id
        elif isinstance(n, ast.Attribute):
            yield n.attr
        elif isinstance(n, ast.arg):
            yield n.arg
        elif isinstance(n, ast.FunctionDef):
            yield n.name
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            yield n.value


def _outside(tree: ast.Module):
    for stmt in tree.body:
        if not isinstance(stmt, ast.ClassDef):
            yield from ast.walk(stmt)
