"""Run the benchmarks: ``python -m benchmarks.run_all [NAME ...] [--quick | --full]``.

Names: table1 (RQ1 scenarios), mad (Figure 5), accuracy (Table 2), migration (migration speed),
speed (generated-code forward speed), property (random architectures), fuzz (mutants of the test
models migrated to both targets), repository (a 100-file tree migrated, with and without --verify).
Results go to benchmarks/results/.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback

from .common import RESULTS, Settings

BENCHMARKS = {
    "table1": "rq1_migration",
    "mad": "rq2_mad",
    "accuracy": "rq2_accuracy",
    "migration": "migration_speed",
    "speed": "forward_speed",
    "property": "property_migration",
    "fuzz": "fuzz",
    "repository": "repository",
}


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run_all", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smoke-test sizes (seconds to a minute each)")
    size.add_argument("--full", action="store_true",
                      help="the paper's sizes: 100 trials, real datasets (downloads), 10 epochs, every network")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    return args


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    settings = Settings(quick=args.quick, full=args.full)
    failed = []
    for name in args.names or list(BENCHMARKS):
        import importlib

        module = importlib.import_module(f"benchmarks.{BENCHMARKS[name]}")
        print(f"== {name} ({module.__name__})", flush=True)
        start = time.perf_counter()
        try:
            module.run(settings)
        except Exception:  # one broken benchmark must not hide the others' results
            traceback.print_exc()
            failed.append(name)
        print(f"== {name}: {time.perf_counter() - start:.1f} s\n", flush=True)
    print(f"results in {RESULTS}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
