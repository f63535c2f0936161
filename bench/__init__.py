"""dtkg's benchmark suite: ``make bench`` (``python -m bench``) writes BENCHMARKS.md.

Every figure is a ratio against a baseline measured in the same run (the
machine is shared and noisy), the median of several runs, with its target and
whether it is met. Data comes from :mod:`graph.synth`. Never part of the tests.
"""
