"""The per-batch code of a PyTorch training loop: what happens to the loader's (inputs, targets)
between the ``for`` and the loss, read as canonical steps (``Training.batch_steps``).

``images = images.reshape(-1, 28 * 28).to(device)``, ``x.float()``, ``labels.long()``, ``x / 255``,
``x + 0.3 * torch.randn_like(x)``, ``torch.clamp(x, 0, 1)``, and targets taken from the inputs
(``criterion(model(noisy), img)``). A statement on the batch that is none of these is reported
and marked as left out; moves between devices change no value and are read as nothing.
"""
from __future__ import annotations

import ast

from ...ir.training import batch_steps
from ..common import NotConstant, Scope, evaluate
from .source import SourceFile

NO_OPS = {"to", "cuda", "cpu", "detach", "requires_grad_", "contiguous", "clone"}
CASTS = {"float": "float32", "long": "int64", "double": "float64", "int": "int32", "half": "float16"}
DTYPES = {f"torch.{d}": d for d in ("float32", "float64", "float16", "int64", "int32", "uint8")} | {
    "torch.float": "float32", "torch.long": "int64", "torch.double": "float64", "torch.int": "int32"}
NOISE = {"torch.randn_like", "torch.randn"}


class NotRead(Exception):
    """An expression on the batch that is not one of the steps."""


class BatchCode:
    def __init__(self, src: SourceFile, scope: Scope, losses: set[str]):
        self.src, self.scope, self.losses = src, scope, losses
        self.log_output = False  # the loss reads torch.log(model(x)): the log of the model's output
        self.model_input: list[dict] | None = None  # the steps to the model's input, once it is called

    def read(self, loop: ast.For) -> tuple[list[dict], list[tuple[ast.stmt, str]]]:
        """(steps, [(statement, why)] not read) of one training loop over batches. Where the loss
        is not read but the model's call is, the steps to the model's input are kept: they shape
        what the network reads."""
        names = self._names(loop)
        if names is None:
            return [], []
        chains = {names[0]: ("inputs", []), names[1]: ("targets", [])}
        for stmt in loop.body[1:] if _unpacks(loop) else loop.body:
            found = self._statement(stmt, chains)
            if isinstance(found, list):
                return found, []
            if isinstance(found, tuple):
                return [{"on": "inputs", **s} for s in self.model_input or ()], [found]
        return [], []

    def _names(self, loop: ast.For) -> tuple[str, str] | None:
        """``for x, y in loader`` / ``for i, (x, y) in enumerate(loader)`` / ``for batch in loader:
        x, y = batch``: the batch's two names."""
        target = loop.body[0].targets[0] if _unpacks(loop) else loop.target
        if isinstance(target, ast.Tuple) and len(target.elts) == 2 and isinstance(target.elts[1], ast.Tuple):
            target = target.elts[1]
        if isinstance(target, ast.Tuple) and len(target.elts) == 2 and all(isinstance(e, ast.Name) for e in target.elts):
            return target.elts[0].id, target.elts[1].id
        return None

    def _statement(self, stmt: ast.stmt, chains: dict):
        """Updates ``chains``; the steps once the loss is reached; (statement, why) where a
        statement on the batch cannot be read."""
        if not isinstance(stmt, (ast.Assign, ast.Expr)):
            return None
        value, self.line = stmt.value, stmt.lineno
        loss = next((n for n in ast.walk(value) if self._is_loss(n)), None)
        try:
            if loss is not None:
                return self._steps(loss, chains)
            if isinstance(stmt, ast.Assign):
                self._assign(stmt, chains)
        except NotRead as exc:
            return stmt, f"per-batch code {exc}"
        return None

    def _assign(self, stmt: ast.Assign, chains: dict) -> None:
        pairs = [(stmt.targets[0], stmt.value)]
        if isinstance(stmt.targets[0], ast.Tuple) and isinstance(stmt.value, ast.Tuple):
            pairs = list(zip(stmt.targets[0].elts, stmt.value.elts))
        for target, value in pairs:
            uses = self._uses(value, chains)
            if not uses:
                continue
            output = self._model_output(value, chains)
            if not isinstance(target, ast.Name):
                raise NotRead(f"`{ast.unparse(stmt)}` is not read")
            chains[target.id] = output or self.chain(value, chains)

    def _steps(self, loss: ast.Call, chains: dict) -> list[dict]:
        if len(loss.args) < 2:
            raise NotRead(f"`{ast.unparse(loss)}` is not read")
        output = loss.args[0]
        if isinstance(output, ast.Call) and self.src.qualify(output.func) == "torch.log" and len(output.args) == 1:
            output, self.log_output = output.args[0], True
        model_input = self._model_output(output, chains) if not isinstance(output, ast.Name) else chains.get(output.id)
        target = self.chain(loss.args[1], chains)
        if not model_input or model_input[0] != "outputs":
            raise NotRead(f"`{ast.unparse(loss)}`: the model's output is not found")
        return batch_steps(model_input[1], target)

    def _model_output(self, value: ast.expr, chains: dict):
        """``model(x)``: ("outputs", the steps from the batch's inputs to x)."""
        if (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id not in self.losses
                and self.src.qualify(value.func) is None and len(value.args) == 1):
            chain = self.chain(value.args[0], chains)
            if chain[0] != "inputs":
                raise NotRead(f"`{ast.unparse(value)}`: the model reads no inputs of the batch")
            self.model_input = chain[1]
            return "outputs", chain[1]
        return None

    def _is_loss(self, node) -> bool:
        if not isinstance(node, ast.Call):
            return False
        if isinstance(node.func, ast.Name) and node.func.id in self.losses:
            return True
        from ...catalog import registry

        found = registry.lookup("torch", "function", self.src.qualify(node.func) or "")
        return bool(found) and found[0].family == "loss"

    def _uses(self, value: ast.expr, chains: dict) -> bool:
        return any(isinstance(n, ast.Name) and n.id in chains for n in ast.walk(value))

    # --- expressions -> (origin, steps) ----------------------------------------------------

    def chain(self, expr: ast.expr, chains: dict) -> tuple[str, list[dict]]:
        """(origin, steps), each step with the line of the statement that takes it."""
        if isinstance(expr, ast.Name) and expr.id in chains:
            return chains[expr.id]
        if isinstance(expr, ast.Call):
            origin, steps = self._call(expr, chains)
        elif isinstance(expr, ast.BinOp):
            origin, steps = self._binop(expr, chains)
        else:
            raise NotRead(f"`{ast.unparse(expr)}` is not read")
        return origin, [s if "line" in s else {**s, "line": self.line} for s in steps]

    def _call(self, expr: ast.Call, chains: dict):
        qualified = self.src.qualify(expr.func) or ""
        if qualified in ("torch.clamp", "torch.clip") and expr.args:
            origin, steps = self.chain(expr.args[0], chains)
            return origin, [*steps, self._clip(expr.args[1:], expr.keywords, expr)]
        if qualified == "torch.flatten" and expr.args:
            origin, steps = self.chain(expr.args[0], chains)
            return origin, [*steps, self._flatten(expr.args[1:], expr.keywords, expr)]
        if not isinstance(expr.func, ast.Attribute):
            raise NotRead(f"`{ast.unparse(expr)}` is not read")
        origin, steps = self.chain(expr.func.value, chains)
        method, args = expr.func.attr, expr.args
        if method in ("to", "type") and (args or expr.keywords):
            dtype = self._dtype([*args, *(k.value for k in expr.keywords if k.arg == "dtype")])
            return origin, steps + ([{"kind": "cast", "dtype": dtype}] if dtype else [])
        if method in NO_OPS:
            return origin, steps
        if method in CASTS and not args:
            return origin, [*steps, {"kind": "cast", "dtype": CASTS[method]}]
        if method in ("view", "reshape"):
            return origin, [*steps, self._reshape(args, expr, chains)]
        if method == "flatten":
            return origin, [*steps, self._flatten(args, expr.keywords, expr)]
        if method in ("clamp", "clip", "clamp_"):
            return origin, [*steps, self._clip(args, expr.keywords, expr)]
        raise NotRead(f"`{ast.unparse(expr)}` is not read")

    def _binop(self, expr: ast.BinOp, chains: dict):
        noise = self._noise(expr, chains)
        if noise is not None:
            return noise
        if self._uses(expr.right, chains):
            raise NotRead(f"`{ast.unparse(expr)}` is not read")
        origin, steps = self.chain(expr.left, chains)
        number = self._number(expr.right)
        step = {ast.Div: lambda: {"kind": "scale", "factor": 1 / number},
                ast.Mult: lambda: {"kind": "scale", "factor": float(number)},
                ast.Add: lambda: {"kind": "shift", "offset": float(number)},
                ast.Sub: lambda: {"kind": "shift", "offset": -float(number)}}.get(type(expr.op))
        if step is None or number == 0 and isinstance(expr.op, ast.Div):
            raise NotRead(f"`{ast.unparse(expr)}` is not read")
        return origin, [*steps, step()]

    def _noise(self, expr: ast.BinOp, chains: dict):
        """``x + c * torch.randn_like(x)`` (either order of the product)."""
        if not isinstance(expr.op, ast.Add) or not isinstance(expr.right, ast.BinOp):
            return None
        product = expr.right
        if not isinstance(product.op, ast.Mult):
            return None
        for draw, factor in ((product.right, product.left), (product.left, product.right)):
            if isinstance(draw, ast.Call) and self.src.qualify(draw.func) in NOISE:
                origin, steps = self.chain(expr.left, chains)
                return origin, [*steps, {"kind": "noise", "std": float(self._number(factor))}]
        return None

    def _reshape(self, args, expr, chains) -> dict:
        if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)):
            args = args[0].elts
        if len(args) == 2 and self._is_batch_size(args[0], chains) and self._number(args[1]) == -1:
            return {"kind": "flatten"}
        sizes = tuple(-1 if self._is_batch_size(a, chains) else int(self._number(a)) for a in args)
        if sizes[0] != -1 and -1 in sizes[1:]:
            raise NotRead(f"`{ast.unparse(expr)}` is not read (the batch axis must come first)")
        return {"kind": "reshape", "shape": sizes}

    def _is_batch_size(self, arg, chains) -> bool:
        """``x.size(0)``, ``x.shape[0]``, ``len(x)``, ``batch_size`` of a tracked x."""
        text = ast.unparse(arg)
        return self._uses(arg, chains) and any(text.endswith(e) for e in (".size(0)", ".shape[0]")) or (
            isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "len")

    def _flatten(self, args, keywords, expr) -> dict:
        start = [*args, *(k.value for k in keywords if k.arg == "start_dim")]
        if not start or self._number(start[0]) != 1:
            raise NotRead(f"`{ast.unparse(expr)}` is not read (only flattening from axis 1)")
        return {"kind": "flatten"}

    def _clip(self, args, keywords, expr) -> dict:
        bounds = dict(zip(("min", "max"), args))
        bounds.update({k.arg: k.value for k in keywords if k.arg in ("min", "max")})
        if not bounds:
            raise NotRead(f"`{ast.unparse(expr)}` is not read")
        return {"kind": "clip", **{k: float(self._number(v)) for k, v in bounds.items()}}

    def _dtype(self, args) -> str | None:
        for arg in args:
            qualified = self.src.qualify(arg) or ""
            if qualified in DTYPES:
                return DTYPES[qualified]
        return None

    def _number(self, expr):
        try:
            value = evaluate(expr, self.scope)
        except (NotConstant, TypeError, ValueError, KeyError, IndexError, ZeroDivisionError):
            raise NotRead(f"`{ast.unparse(expr)}` is not a constant") from None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise NotRead(f"`{ast.unparse(expr)}` is not a number")
        return value



def _unpacks(loop: ast.For) -> bool:
    """``for data in loader:`` whose first statement is ``x, y = data``."""
    first = loop.body[0] if loop.body else None
    return (isinstance(loop.target, ast.Name) and isinstance(first, ast.Assign) and len(first.targets) == 1
            and isinstance(first.targets[0], ast.Tuple) and isinstance(first.value, ast.Name)
            and first.value.id == loop.target.id)
