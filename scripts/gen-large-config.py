#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes large krakend.json shapes that once made validation quadratic (issue 11 §3).

Usage: scripts/gen-large-config.py SHAPE COUNT OUT
  distinct-keys  COUNT distinct keys in one object, one per line
  duplicate-keys COUNT copies of one key on a single line
  deep           COUNT nested objects (COUNT must stay under the parser's 1000 levels), padded to ~5 MB
  objects        an array of COUNT endpoint objects
Every shape sits next to a valid OpenCensus module, so only the shape itself is measured.
"""
import sys

MODULE = ('"telemetry/opencensus": {"sample_rate": 100, "reporting_period": 1, "exporters": {"ocagent": '
          '{"address": "collector:55678", "service_name": "krakend", "reconnection": "2s", "insecure": true}}}')


def distinct_keys(count):
    keys = ",\n".join(f'"k{i}": {i % 10}' for i in range(count))
    return f'{{"version": 3, "extra_config": {{{MODULE}}},\n"bulk": {{\n{keys}\n}}}}\n'


def duplicate_keys(count):
    keys = ",".join('"a":1' for _ in range(count))
    return f'{{"version": 3, "extra_config": {{{MODULE}}}, "bulk": {{{keys}}}}}\n'


def deep(count):
    opening = "".join(f'{{"level{i}": ' for i in range(count))
    closing = "}" * count
    filler = ",\n".join(f'"pad{i}": "{"x" * 40}"' for i in range(100_000))
    return f'{{"version": 3, "extra_config": {{{MODULE}}},\n"nested": {opening}1{closing},\n{filler}}}\n'


def objects(count):
    endpoint = ('{{"endpoint": "/v1/r{0}", "method": "GET", "backend": [{{"url_pattern": "/items", '
                '"host": ["http://items-{1}:8000"]}}]}}')
    body = ",\n".join(endpoint.format(i, i % 17) for i in range(count))
    return f'{{"version": 3, "extra_config": {{{MODULE}}},\n"endpoints": [\n{body}\n]}}\n'


SHAPES = {"distinct-keys": distinct_keys, "duplicate-keys": duplicate_keys, "deep": deep, "objects": objects}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        sys.exit(__doc__)
    with open(sys.argv[3], "w", encoding="utf-8") as out:
        out.write(SHAPES[sys.argv[1]](int(sys.argv[2])))
