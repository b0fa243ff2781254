"""Benchmark-only variants of the paper's networks, sized for CPU training (see README)."""
