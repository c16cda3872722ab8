#!/usr/bin/env bash
# The monitoring benchmark with Debian's Prometheus beside it: starts one (scripts/emulators/
# prometheus: remote-write receiver on, out-of-order window for the week of samples), runs
# build/monitoring_benchmark with CLOUDWEAVE_BENCH_PROMETHEUS_URL, stops it.
#   bench/monitoring.sh [resources] [evaluation resources] [rules]
set -euo pipefail
cd "$(dirname "$0")/.."
state=$(mktemp -d /tmp/cw-bench-prometheus.XXXXXX)
trap 'scripts/emulators/prometheus/run stop "$state"; rm -rf "$state"' EXIT
url=$(scripts/emulators/prometheus/run start "$state" | sed -n 's/^CLOUDWEAVE_TEST_PROMETHEUS_URL=//p')
CLOUDWEAVE_BENCH_PROMETHEUS_URL=$url build/monitoring_benchmark "$@"
