"""``nnport weights SRC.py WEIGHTS --to torch|keras -o OUT``."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import NnportError
from ..failures import EXIT_INPUT, phase
from ..options import ReadOptions


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("weights", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "target", type=click.Choice(["torch", "keras"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Target weights: .pt/.safetensors (torch) or .weights.h5/.keras (Keras); written atomically.")
@click.option("--migrated", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The migrated file; if omitted, SOURCE is migrated in-process with --style/--layout.")
@click.option("--model", help="Class, variable or builder of the source model.")
@click.option("--factory", help="Python expression building the source model, evaluated in SOURCE.")
@click.option("--migrated-model", help="Class or builder in the migrated file (default: the source's name).")
@click.option("--input-shape", help="Input shape with the batch axis, e.g. 'None,3,32,32'.")
@click.option("--set", "values", multiple=True, metavar="NAME=VALUE",
              help="A value (a Python literal) for a name the network needs but SOURCE computes from data "
                   "(e.g. --set input_shape='(28, 28, 1)'); repeatable.")
@click.option("--from", "framework", type=click.Choice(["torch", "keras"]), help="Force the source framework.")
@click.option("--style", type=click.Choice(["subclassing", "sequential", "functional"]),
              help="Style the migrated file was written in.")
@click.option("--layout", type=click.Choice(["source", "native"]), default="source", show_default=True)
def command(source, weights, target, output, migrated, model, factory, migrated_model, input_shape, values,
            framework, style, layout):
    """Convert WEIGHTS of the model in SOURCE for its migration to the other framework.

    This EXECUTES the statements of SOURCE (and of the migrated file) that build the models; only
    run it on code you trust. Module-level data loading, training, plotting and printing do not run.
    """
    from ..cli import _shape
    from .convert import convert_file
    from .frameworks import quiet_tensorflow
    from .slicing import given_values

    try:
        set_values = given_values(values)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--set'") from None
    notes: list[str] = []

    read = ReadOptions(model=model, input_shape=_shape(input_shape), framework=framework)
    quiet_tensorflow()
    try:
        with phase("converting weights"):
            moved = convert_file(source, weights, target, output, migrated=migrated, read=read, style=style,
                                 layout=layout, factory=factory, migrated_model=migrated_model, values=set_values,
                                 notes=notes)
    except NnportError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_INPUT)
    count = sum(a.size for layer in moved.values() for a in layer.values())
    click.echo(f"wrote {output}: {len(moved)} layers, {count} values")
    for note in notes:
        click.echo(f"note: {note}", err=True)
