"""Training configuration and datasets between the pivot model and B-UML, both ways."""
from __future__ import annotations

from besser.BUML.metamodel import nn as B

from ..catalog import registry
from ..errors import NnportError
from ..ir.graph import PivotModel
from ..ir.training import Component, Dataset, Training
from .buml_table import LOSSES, METRICS, OPTIMIZERS

FILE_LOADERS = ("directory", "csv", "custom")
DATASET_ATTRS = ("path", "task_type", "input_format")


def configuration_of(model: PivotModel) -> B.Configuration | None:
    t = model.training
    if t is None:
        return None
    for label, present in (("schedule", t.schedule), ("callbacks", t.callbacks), ("validation_split", t.validation_split)):
        if present:
            raise NnportError(f"training: B-UML's Configuration has no {label}", t.loc)
    if t.epochs is None or t.batch_size is None:
        raise NnportError("training: B-UML's Configuration needs both epochs and batch_size", t.loc)
    if t.optimizer is None or t.optimizer.kind not in OPTIMIZERS:
        raise NnportError(f"training: B-UML optimizers are {', '.join(OPTIMIZERS)}, "
                          f"not {t.optimizer.kind if t.optimizer else 'none'}", t.loc)
    if t.loss is None or t.loss.kind not in LOSSES:
        raise NnportError(f"training: B-UML losses are {', '.join(LOSSES)}, not {t.loss.kind if t.loss else 'none'}",
                          t.loc)
    name, mapped = OPTIMIZERS[t.optimizer.kind]
    values = {theirs: t.optimizer.attrs.get(ours, registry.kind(t.optimizer.kind).attr(ours).default)
              for ours, theirs in mapped.items()}
    _only_defaults(t.optimizer, set(mapped))
    _only_defaults(t.loss, set())
    unknown = [m for m in t.metrics if m not in METRICS]
    if unknown:
        raise NnportError(f"training: B-UML metrics are {', '.join(METRICS)}, not {unknown}", t.loc)
    return B.Configuration(batch_size=t.batch_size, epochs=t.epochs, optimizer=name,
                           loss_function=LOSSES[t.loss.kind], metrics=[METRICS[m] for m in t.metrics], **values)


def _only_defaults(comp: Component, mapped: set) -> None:
    defaults = registry.kind(comp.kind).defaults()
    for key, value in comp.attrs.items():
        if key not in mapped and value != defaults.get(key):
            raise NnportError(f"{comp.kind}: B-UML's Configuration cannot state {key}={value!r}", comp.loc)


def datasets_of(model: PivotModel):
    found = {"train": None, "test": None}
    for ds in model.datasets:
        if ds.split not in found or found[ds.split] is not None:
            raise NnportError(f"dataset {ds.name!r}: B-UML holds one train and one test dataset, not {ds.split!r}",
                              ds.loc)
        if ds.loader not in FILE_LOADERS or ds.transforms or set(ds.attrs) - set(DATASET_ATTRS):
            raise NnportError(f"dataset {ds.name!r}: B-UML datasets are files (path, task_type, input_format); "
                              f"loader {ds.loader!r} with {sorted(ds.attrs)} and {len(ds.transforms)} transforms "
                              f"cannot be stated", ds.loc)
        found[ds.split] = B.Dataset(ds.name, path_data=ds.attrs.get("path", ""), task_type=ds.attrs.get("task_type"),
                                    input_format=ds.attrs.get("input_format"))
    return found["train"], found["test"]


def training_of(nn: B.NN):
    datasets = [_dataset(d, split) for d, split in ((nn.train_data, "train"), (nn.test_data, "test")) if d]
    config = nn.configuration
    if config is None:
        return None, datasets
    optimizers = {name: (ours, mapped) for ours, (name, mapped) in OPTIMIZERS.items()}
    kind, mapped = optimizers[config.optimizer]
    attrs = {**registry.kind(kind).defaults(), **{ours: getattr(config, theirs) for ours, theirs in mapped.items()}}
    loss = {v: k for k, v in LOSSES.items()}[config.loss_function]
    metrics = {v: k for k, v in METRICS.items()}
    training = Training(optimizer=Component(kind, attrs), loss=Component(loss, registry.kind(loss).defaults()),
                        metrics=[metrics[m] for m in config.metrics], epochs=config.epochs, batch_size=config.batch_size)
    return training, datasets


def _dataset(d: B.Dataset, split: str) -> Dataset:
    fields = {"path": d.path_data, "task_type": getattr(d, "task_type", None),
              "input_format": getattr(d, "input_format", None)}
    loader = {"images": "directory", "csv": "csv"}.get(fields["input_format"], "custom")
    return Dataset(d.name, loader, split, {k: v for k, v in fields.items() if v is not None})
