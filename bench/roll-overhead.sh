#!/usr/bin/env bash
# Runner overhead: a serial roll of 50 real OpenSSH hosts on loopback (stop/start do nothing,
# the gate passes at once), timed as whole `bin/rollrun` processes, median of 3; and the same roll
# with ansible-playbook (serial: 1) when it is installed. Needs /usr/sbin/sshd (openssh-server).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests -Dspotless.skip=true package -pl runner/cli -am
./mvnw -B test -pl tests -am -Dspotless.skip=true -Drollrun.excludedGroups= -Dgroups=bench \
  -Dtest=RollOverheadBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep -E '^BENCH|ansible-playbook not|Tests run:|FAIL'
