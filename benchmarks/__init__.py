"""Benchmarks that reproduce the paper's evaluation (Table 1, Figure 5, Table 2) and measure nnport.

Run them with ``make bench`` or ``python -m benchmarks.run_all [NAME ...] [--quick|--full]``.
They are not part of the unit-test run.
"""
