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
@click.option("--from", "framework", type=click.Choice(["torch", "keras"]), help="Force the source framework.")
@click.option("--style", type=click.Choice(["subclassing", "sequential", "functional"]),
              help="Style the migrated file was written in.")
@click.option("--layout", type=click.Choice(["source", "native"]), default="source", show_default=True)
def command(source, weights, target, output, migrated, model, factory, migrated_model, input_shape, framework,
            style, layout):
    """Convert WEIGHTS of the model in SOURCE for its migration to the other framework.

    This EXECUTES SOURCE (and the migrated file) to build both models; only run it on code you trust.
    """
    from ..cli import _shape
    from .convert import convert_file
    from .frameworks import quiet_tensorflow

    read = ReadOptions(model=model, input_shape=_shape(input_shape), framework=framework)
    quiet_tensorflow()
    try:
        with phase("converting weights"):
            moved = convert_file(source, weights, target, output, migrated=migrated, read=read, style=style,
                                 layout=layout, factory=factory, migrated_model=migrated_model)
    except NnportError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_INPUT)
    count = sum(a.size for layer in moved.values() for a in layer.values())
    click.echo(f"wrote {output}: {len(moved)} layers, {count} values")
