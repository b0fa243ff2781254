"""Training and data: compile / fit / evaluate, GradientTape loops, datasets and their transforms."""
from __future__ import annotations

import ast
from dataclasses import replace

from ...catalog import registry
from ...catalog.families.training import implied
from ...ir.training import Component as IRComponent, Dataset, Training, batch_steps, left_out
from ..common import code_of
from .models import ModelLike, SequentialObj
from .values import ArrayValue, Component, DataRef, LayerObj, LayerSetting, Opaque, QualName, UserFunction

_DATASETS = ("mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing",
             "california_housing")
NOISE_CALLS = ("numpy.random.normal", "numpy.random.randn", "numpy.random.standard_normal")
_IGNORED_METHODS = ("summary", "predict", "to_json", "get_config", "count_params", "get_layer")


class TrainingMixin:
    def model_method(self, model: ModelLike, method: str, node, env, hint):
        values = self.arguments(node, env, hint)
        get = {k.arg: values[id(k.value)] for k in node.keywords}
        layers = getattr(model, "sequential", None) or model  # a Sequential subclass holds one
        if method == "add" and isinstance(layers, SequentialObj) and node.args:
            self.add_to_sequential(layers, values[id(node.args[0])], node)
        elif method == "build":
            shape = values[id(node.args[0])] if node.args else get.get("input_shape")
            if isinstance(shape, (list, tuple)) and shape and not isinstance(shape[0], (list, tuple)):
                model.input_shapes = [tuple(shape)]
            elif isinstance(shape, (list, tuple)):
                model.input_shapes = [tuple(s) for s in shape]
        elif method == "compile":
            self.compile(model, node, values, get)
        elif method == "fit":
            self.fit(model, node, values, get)
        elif method == "evaluate":
            self.use_data(values[id(node.args[0])] if node.args else get.get("x"), "test")
        elif method == "__call__":
            return self.apply(model, node, values, hint)
        elif method not in _IGNORED_METHODS:
            self.leave(node, "script", f"model.{method}(...) is not read")
        return Opaque(None, node, f"result of {method}()")

    def compile(self, model, node, values, get):
        self.trained = model
        training = self.training or Training(loc=self.loc(node))
        self.training = training
        names = ("optimizer", "loss", "metrics")
        given = dict(zip(names, (values[id(a)] for a in node.args)))
        given.update({k: v for k, v in get.items() if k in names})
        optimizer = given.get("optimizer", "rmsprop")
        training.optimizer = self.training_component(optimizer, "optimizer", node)
        if training.optimizer and "schedule" in training.optimizer.attrs:
            training.schedule = training.optimizer.attrs.pop("schedule")
        if given.get("loss") is not None:
            training.loss = self.losses(given["loss"], node)
        weights = get.get("loss_weights")
        if weights is not None and any(w != 1 for w in (weights.values() if isinstance(weights, dict) else weights)):
            self.error(node, f"loss_weights={weights!r} is not translated: the pivot model sums the outputs' "
                             "losses unweighted")
        for metric in _per_output(given.get("metrics") or []):
            made = self.training_component(metric, "metric", node)
            name = made.kind if made else metric if isinstance(metric, str) else None
            if name is not None and name not in training.metrics:
                training.metrics.append(name)

    def keras2_decay(self, attrs: dict, decay: float, expr) -> None:
        """Keras 2 ``decay=d`` divides the rate by (1 + d * step): an InverseTimeDecay schedule."""
        if not decay:
            return
        if "schedule" in attrs:
            self.error(expr, "decay= together with a learning-rate schedule is not translated")
            return
        attrs["schedule"] = Component("inverse_time_decay", "schedule", {
            "initial_lr": attrs.get("lr"), "decay_steps": 1, "decay_rate": float(decay), "staircase": False},
            self.loc(expr))
        self.warning(expr, f"decay={decay!r} is Keras 2 API; read as InverseTimeDecay(initial_learning_rate="
                           f"{attrs.get('lr')!r}, decay_steps=1, decay_rate={decay!r})")

    def losses(self, value, node) -> IRComponent | None:
        """One loss; a list or dict (per output) only when every output has the same one,
        which is what Keras does with a single loss on a multi-output model."""
        if not isinstance(value, (list, tuple, dict)):
            return self.training_component(value, "loss", node)
        items = list(value.values() if isinstance(value, dict) else value)
        made = [self.training_component(v, "loss", node) for v in items]
        if None in made:
            return None
        if any((m.kind, m.attrs) != (made[0].kind, made[0].attrs) for m in made):
            self.error(node, "a different loss per output is not translated: the pivot model holds one loss, "
                             "applied to every output and summed; write a custom training loop instead")
            return None
        return made[0]

    def training_component(self, value, family, node) -> IRComponent | None:
        if isinstance(value, Component):
            attrs = dict(value.attrs)
            if isinstance(attrs.get("schedule"), Component):
                attrs["schedule"] = self.as_ir(attrs["schedule"])
            return IRComponent(value.kind, attrs, value.loc)
        found = None
        if isinstance(value, str):
            found = registry.lookup("keras", "string", value)
        elif isinstance(value, QualName):  # keras.losses.categorical_crossentropy: the function, or its name
            found = registry.lookup("keras", "function", value.name) or registry.lookup("keras", "layer", value.name) \
                or registry.lookup("keras", "string", value.name.rsplit(".", 1)[-1])
        if found is None or found[0].family != family:
            if family == "metric" and isinstance(value, str):
                return None  # kept by name: "accuracy" means what the loss implies
            self.leave_out(getattr(value, "node", None) or node, family,
                           value.name if isinstance(value, QualName) else getattr(value, "text", value))
            return None
        kind, spelling = found
        from ...catalog.schema import ABSENT
        attrs = {a.attr: a.from_fw(a.default) for a in spelling.args if a.attr and a.default is not ABSENT}
        if "bind" in spelling.hooks:  # canonical attributes no single argument carries (Adam's betas)
            attrs = spelling.hooks["bind"](attrs)
        attrs.update(implied(spelling))
        return IRComponent(kind.name, attrs, self.loc(node))

    def leave_out(self, node, family: str, text) -> None:
        """A training component the catalog lacks: reading goes on."""
        place = {"metric": "metrics", "callback": "callbacks"}.get(family, family)
        self.leave(node, place, f"{family} {text!s} is not translated")

    def leave(self, node, place: str, what: str) -> None:
        """Training or data code the migration leaves out: warned, and marked by a TODO comment at
        ``place`` in the migrated training code."""
        self.warning(node, f"{what}; the migrated training code leaves it out (a TODO comment marks it)")
        entry = left_out(place, what, self.loc(node), code_of(node))
        if entry not in self.left_out:
            self.left_out.append(entry)

    def as_ir(self, component: Component) -> IRComponent:
        return IRComponent(component.kind, dict(component.attrs), component.loc)

    def fit(self, model, node, values, get):
        self.trained = model
        training = self.training or Training(loc=self.loc(node))
        self.training = training
        if "nb_epoch" in get:
            self.warning(node, "nb_epoch= is Keras 1 API; read as epochs=")
        epochs = get.get("epochs", get.get("nb_epoch", 1))
        training.epochs = epochs if isinstance(epochs, int) else None
        batch = get.get("batch_size")
        training.batch_size = batch if isinstance(batch, int) else training.batch_size
        split = get.get("validation_split")
        training.validation_split = split if isinstance(split, float) and split else training.validation_split
        callbacks = get.get("callbacks") or []
        for callback in callbacks if isinstance(callbacks, (list, tuple)) else [callbacks]:
            if isinstance(callback, Component) and callback.family == "callback":
                training.callbacks.append(self.as_ir(callback))
            else:
                self.leave_out(getattr(callback, "node", None) or node, "callback", getattr(callback, "text", callback))
        args = [values[id(a)] for a in node.args]
        self.use_data(args[0] if args else get.get("x"), "train")
        self.read_targets(args[0] if args else get.get("x"), args[1] if len(args) > 1 else get.get("y"), training)
        validation = get.get("validation_data")
        for part in validation if isinstance(validation, (list, tuple)) else [validation]:
            self.use_data(part, "validation")

    # --- data -----------------------------------------------------------------------------

    def use_data(self, value, split):
        if isinstance(value, DataRef):
            value.dataset.split = split if value.dataset.split in ("train", "test") and split != "train" \
                else value.dataset.split
            if value.dataset not in self.datasets:
                self.datasets.append(value.dataset)
            if self.training and value.dataset.attrs.get("batch_size") and not self.training.batch_size:
                self.training.batch_size = value.dataset.attrs["batch_size"]
        elif isinstance(value, ArrayValue):
            self.datasets.append(Dataset(f"arrays_{split}", "arrays", split, {"shape": value.shape}))

    def data_call(self, qualified, node, env, hint):
        if qualified == "numpy.clip" and node.args:
            clipped = self.clip(node, env)
            if clipped is not NotImplemented:
                return clipped
        parts = qualified.split(".")
        if len(parts) == 4 and parts[:2] == ["keras", "datasets"] and parts[3] == "load_data":
            return self.load_dataset(parts[2], node)
        if qualified.endswith("image_dataset_from_directory") or qualified.endswith("text_dataset_from_directory"):
            values = self.arguments(node, env)
            attrs = {k.arg: values[id(k.value)] for k in node.keywords if not isinstance(values[id(k.value)], Opaque)}
            if node.args and isinstance(values[id(node.args[0])], str):
                attrs["directory"] = values[id(node.args[0])]
            split = {"training": "train", "validation": "validation"}.get(attrs.get("subset"), "train")
            return DataRef(Dataset(hint, "directory", split, attrs, loc=self.loc(node)), "xy")
        if qualified in ("tensorflow.data.Dataset.from_tensor_slices", "tensorflow.data.Dataset.from_tensors"):
            return DataRef(Dataset(hint, "arrays", "train", {}, loc=self.loc(node)), "xy")
        if qualified.startswith("keras.regularizers."):
            values = self.arguments(node, env)
            args = [values[id(a)] for a in node.args] + [values[id(k.value)] for k in node.keywords]
            kind = parts[-1].lower().replace("l1_l2", "l1l2")
            return LayerSetting(kind, {"factor": args[0]} if args else {})
        if qualified.startswith("keras.initializers.") and len(parts) == 3:
            values = self.arguments(node, env)
            if any(isinstance(v, Opaque) for v in values.values()):
                return Opaque(None, node, "initializer arguments not known statically")
            return LayerSetting(parts[-1], {**{f"arg{i}": values[id(a)] for i, a in enumerate(node.args)},
                                            **{k.arg: values[id(k.value)] for k in node.keywords}})
        return NotImplemented

    def load_dataset(self, name, node):
        loc = self.loc(node)
        train = Dataset(f"{name}_train", name if name in _DATASETS else "custom", "train", loc=loc)
        test = Dataset(f"{name}_test", train.loader, "test", loc=loc)
        self.datasets.extend([train, test])
        return ((DataRef(train), DataRef(train, "y")), (DataRef(test), DataRef(test, "y")))

    def read_targets(self, x, y, training: Training) -> None:
        """fit(x_noisy, x): the inputs' own steps (noise, clipping) and targets taken from them."""
        if not isinstance(x, DataRef) or x.part != "x":
            return
        from_inputs = isinstance(y, DataRef) and y.part == "x" and y.dataset is x.dataset
        if from_inputs or x.steps:
            target = ("inputs", list(y.steps)) if from_inputs else ("targets", [])
            training.batch_steps = batch_steps(list(x.steps), target)

    def noise_std(self, node: ast.BinOp) -> float | None:
        """``x + c * np.random.normal(0.0, s, x.shape)`` (c, s module constants): c * s."""
        draw = node.right
        factor = 1.0
        if isinstance(draw, ast.BinOp) and isinstance(draw.op, ast.Mult):
            calls = [d for d in (draw.left, draw.right) if isinstance(d, ast.Call)]
            draw = calls[0] if len(calls) == 1 else None
            other = node.right.right if draw is node.right.left else node.right.left
            factor = self._number(other) if draw is not None else None
        if not isinstance(node.op, ast.Add) or not isinstance(draw, ast.Call) or factor is None or \
                self.imports.qualify(draw.func) not in NOISE_CALLS:
            return None
        given = dict(zip(("loc", "scale"), draw.args)) if self.imports.qualify(draw.func).endswith("normal") else {}
        given.update({k.arg: k.value for k in draw.keywords if k.arg in ("loc", "scale")})
        loc, scale = (self._number(given[k]) if k in given else d for k, d in (("loc", 0.0), ("scale", 1.0)))
        return None if loc != 0 or scale is None else abs(factor * scale)

    def _number(self, expr) -> float | None:
        try:
            value = self.constant(expr, self.env)
        except Exception:  # noqa: BLE001 - not a constant of the module
            return None
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def clip(self, node, env):
        values = self.arguments(node, env)
        args = [values[id(a)] for a in node.args]
        bounds = dict(zip(("min", "max"), args[1:]))
        if not isinstance(args[0], DataRef) or not all(isinstance(b, (int, float)) for b in bounds.values()):
            return NotImplemented
        return self.data_step(args[0], {"kind": "clip", **{k: float(v) for k, v in bounds.items()}}, node)

    def data_step(self, data: DataRef, step: dict, node) -> DataRef:
        """A step of the inputs alone (the dataset's arrays stay as they are): a new value."""
        return replace(data, steps=(*data.steps, {**step, "line": node.lineno}))

    def data_transform(self, data: DataRef, node, other):
        std = self.noise_std(node) if data.part == "x" else None
        if std is not None:  # drawn once for the whole array, as the source does
            return self.data_step(data, {"kind": "noise", "std": std, "once": True}, node)
        if data.steps:
            self.leave(node, "data", "a data step after noise or clipping is not translated")
            return data
        if isinstance(node.op, ast.Div) and isinstance(other, (int, float)) and other != 0 and data.part == "x":
            data.dataset.transforms.append({"kind": "scale", "factor": 1.0 / other})
        elif data.part == "x":
            self.custom_step(data, node)
        return data

    def custom_step(self, data: DataRef, node) -> None:
        """A step of the inputs the writers do not spell: layout changes (``np.expand_dims``,
        ``reshape``, ``x[..., None]``) they redo from the model's input type; others are left out."""
        data.dataset.transforms.append({"kind": "custom", "expr": ast.unparse(node)})
        if not _layout_only(node):
            self.leave(node, "data", "a step of the input data is not translated")

    def data_index(self, data: DataRef, node: ast.Subscript) -> DataRef:
        """``x_train[..., None]`` (a layout step) or ``x_train[:1000]`` (a subset: left out)."""
        if _layout_only(node):
            if data.part == "x":
                data.dataset.transforms.append({"kind": "custom", "expr": ast.unparse(node)})
        else:
            self.leave(node, "data", "a selection of the data's samples is not translated (all are used)")
        return data

    def data_method(self, data: DataRef, method, node, env):
        values = self.arguments(node, env)
        args = [values[id(a)] for a in node.args]
        if method == "batch" and args and isinstance(args[0], int):
            data.dataset.attrs["batch_size"] = args[0]
        elif method == "astype" and data.part == "x":
            data.dataset.transforms.append({"kind": "cast", "dtype": str(args[0]) if args else "float32"})
        elif method == "reshape" and data.part == "x":
            data.dataset.transforms.append({"kind": "reshape", "shape": tuple(args) if len(args) > 1 else args[0]})
        elif method in ("shuffle", "prefetch", "cache", "repeat"):
            data.dataset.attrs.setdefault("pipeline", []).append(method)
        elif data.part == "x":
            self.custom_step(data, node)
        return data

    # --- custom training loops ------------------------------------------------------------

    def is_training_loop(self, stmt: ast.For, env) -> bool:
        return any(self._tape_inside(n, env) for n in ast.walk(stmt))

    def _tape_inside(self, node, env) -> bool:
        if isinstance(node, ast.withitem) and isinstance(node.context_expr, ast.Call):
            return self.imports.qualify(node.context_expr.func) == "tensorflow.GradientTape"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            fn = env.get(node.func.id, None)
            return isinstance(fn, UserFunction) and any(
                isinstance(n, ast.withitem) and self._tape_inside(n, env) for n in ast.walk(fn.node))
        return False

    def read_training_loop(self, stmt: ast.For, env) -> None:
        """for epoch in range(E): ... tape ... optimizer.apply_gradients: optimizer, loss, epochs."""
        training = self.training or Training(loc=self.loc(stmt))
        self.training = training
        try:
            training.epochs = len(self.constant(stmt.iter, env))
        except Exception:  # noqa: BLE001
            self.leave(stmt, "loop", "the number of epochs is not known statically (one epoch is written)")
        bodies = [stmt] + [v.node for v in env.vars.values() if isinstance(v, UserFunction)]
        for node in (n for n in ast.walk(stmt) if isinstance(n, ast.Name)):
            if isinstance(env.get(node.id, None), DataRef):  # for images, labels in train_ds
                self.use_data(env.get(node.id), "train")
        for node in (n for body in bodies for n in ast.walk(body) if isinstance(n, ast.Call)):
            callee = node.func.value if isinstance(node.func, ast.Attribute) else node.func
            value = env.get(callee.id, None) if isinstance(callee, ast.Name) else None
            if isinstance(value, Component) and value.family == "optimizer" and training.optimizer is None:
                training.optimizer = self.training_component(value, "optimizer", node)
            elif isinstance(value, Component) and value.family == "loss" and training.loss is None:
                training.loss = self.training_component(value, "loss", node)
            elif isinstance(value, ModelLike):
                self.trained = value
            elif isinstance(value, DataRef):
                self.use_data(value, "train")
        if isinstance(self.trained, LayerObj):
            self.trained = None


LAYOUT_CALLS = ("expand_dims", "reshape", "squeeze", "transpose", "astype", "float32", "asarray", "array")


def _layout_only(node) -> bool:
    """An indexing or call that only changes the axes or the type of the samples."""
    if isinstance(node, ast.Subscript):
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return all(isinstance(p, ast.Constant) and p.value in (None, Ellipsis) or ast.unparse(p) in (":", "np.newaxis")
                   for p in parts)
    func = node.func if isinstance(node, ast.Call) else None
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in LAYOUT_CALLS


def _per_output(metrics) -> list:
    """Metrics given per output ({"out": ["accuracy"]} or [["mae"], ["accuracy"]]), flattened."""
    items = list(metrics.values()) if isinstance(metrics, dict) else list(metrics)
    return [m for item in items for m in (item if isinstance(item, (list, tuple)) else [item])]
