#!/usr/bin/env bash
# One evaluation of a cluster gate: a jmx condition summed across 3 real JVMs (remote JMX on
# loopback) plus one http check against WireMock, connections reused. Prints the first evaluation
# (connection set-up) and the median and p90 of 100 more.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B test -pl tests -am -Dspotless.skip=true -Drollrun.excludedGroups= -Dgroups=bench \
  -Dtest=HealthGateBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep -E '^BENCH|Tests run:|FAIL'
