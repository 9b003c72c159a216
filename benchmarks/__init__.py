"""Benchmarks side by side with the peers they name; ratios, not absolute seconds."""
