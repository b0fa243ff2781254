"""``nnport verify SRC.py MIGRATED.py``: prove the migration computes the same function."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import NnportError
from ..failures import EXIT_DIVERGED, EXIT_INPUT, phase


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("migrated", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", help="Class, variable or builder of the source model (default: the one the file builds, "
                                   "with its arguments, e.g. `AlexNet(num_classes=10)`).")
@click.option("--factory", help="Python expression building the source model, evaluated in SOURCE.")
@click.option("--migrated-model", help="Class or builder in MIGRATED (default: its main network).")
@click.option("--migrated-factory", help="Python expression building the migrated model, evaluated in MIGRATED.")
@click.option("--input-shape", help="Input shape with the batch axis, e.g. 'None,3,32,32'.")
@click.option("--set", "values", multiple=True, metavar="NAME=VALUE",
              help="A value (a Python literal) for a name the network needs but SOURCE computes from data "
                   "(e.g. --set input_shape='(28, 28, 1)'); repeatable.")
@click.option("--from", "framework", type=click.Choice(["torch", "keras"]), help="Force the source framework.")
@click.option("--style", type=click.Choice(["subclassing", "sequential", "functional"]),
              help="Style MIGRATED was written in (default: the source's).")
@click.option("--layout", type=click.Choice(["source", "native"]), default="source", show_default=True,
              help="Input layout MIGRATED takes.")
@click.option("--trials", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--batch", type=click.IntRange(min=1),
              help="Samples per trial (default 4); with --train per step (default: the source's batch size, "
                   "at most 32).")
@click.option("--atol", type=float, default=1e-5, show_default=True)
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON report here.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Box plot of MAD per trial (matplotlib).")
@click.option("--train", is_flag=True,
              help="Compare training instead: both sides' training code (data preparation, per-batch code, loss, "
                   "optimizer, schedule) from the same weights on the same synthetic batches; also runs "
                   "MIGRATED's module-level code (not its __main__ block).")
@click.option("--steps", type=click.IntRange(min=1), default=5, show_default=True, help="Training steps with --train.")
def command(source, migrated, model, factory, migrated_model, migrated_factory, input_shape, values, framework,
            style, layout, trials, seed, batch, atol, report, plot, train, steps):
    """Check that MIGRATED computes what SOURCE computes: same weights, seeded random inputs.

    This EXECUTES the statements of both files that build the models (a .py or a notebook's code
    cells); only run it on code you trust. Module-level data loading, downloads, training,
    plotting, printing and `if __name__ == "__main__":` blocks do not run; the notes and the report
    list them. A data-only library the network's own code imports but cannot load (torchvision,
    torchtext, tensorflow_datasets, ...) is replaced by a placeholder, with a warning. An open
    sequence length is verified with 8 steps.
    """
    from ..cli import _shape
    from ..output import check_output, write_atomically
    from ..weights.frameworks import quiet_tensorflow
    from ..weights.slicing import given_values
    from .files import verify

    shape = _shape(input_shape)
    try:
        set_values = given_values(values)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--set'") from None
    quiet_tensorflow()
    try:
        for out in (report, plot):  # before anything runs; never over an input
            for given in (source, migrated) if out else ():
                check_output(out, given)
        if train:
            from .training import verify_training

            with phase("verifying training"):
                result = verify_training(source, migrated, model=model, factory=factory,
                                         migrated_model=migrated_model, migrated_factory=migrated_factory,
                                         input_shape=shape, values=set_values, framework=framework, style=style,
                                         layout=layout, steps=steps, seed=seed, batch=batch)
            _finish(result, report, source)
        with phase("verifying"), click.progressbar(length=trials, label="verifying", file=sys.stderr) as bar:
            result = verify(source, migrated, model=model, factory=factory, migrated_model=migrated_model,
                            migrated_factory=migrated_factory, input_shape=shape, values=set_values,
                            framework=framework, style=style, layout=layout, trials=trials, seed=seed,
                            batch=batch or 4, atol=atol, progress=bar.update)
        if report:
            write_atomically(report, result.to_json() + "\n", source=source)
        if plot:
            from .plot import box_plot

            with phase("drawing the plot", plot):
                box_plot({result.scenario or source.stem: result.trials}, plot)
    except NnportError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_INPUT)
    click.echo(result.summary())
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for path, why in sorted(result.not_compared.items()):
        click.echo(f"note: layer {path!r} not compared: {why}", err=True)
    sys.exit(0 if result.passed else EXIT_DIVERGED)


def _finish(result, report, source) -> None:
    """--train: the report, the summary and the notes; exits."""
    from ..output import write_atomically

    if report:
        write_atomically(report, result.to_json() + "\n", source=source)
    click.echo(result.summary())
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for what in result.not_comparable:
        click.echo(f"note: not comparable: {what}", err=True)
    sys.exit(0 if result.passed else EXIT_DIVERGED)
