"""What tests and benchmarks share: one way to start a real server (:mod:`tests.support.servers`)."""
