#!/usr/bin/env bash
# Plugin and JavaScript costs: `rollrun validate` as a whole process with and without 20 plugin jars
# and with a js: step, the GraalVM classes a playbook without JavaScript loads (none expected), and
# a JavaScript task's call (first, then warm). Prints BENCH lines.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests -Dspotless.skip=true package -pl runner/cli -am
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -B test -pl tests -am -Dspotless.skip=true -Drollrun.excludedGroups= -Dgroups=bench \
  -Dtest=PluginsBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep -E '^BENCH|Tests run:|FAIL'
