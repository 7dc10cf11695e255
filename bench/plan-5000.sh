#!/usr/bin/env bash
# Times `rollrun plan` on a 5,000-host inventory and a 10-step playbook: 5 runs under
# /usr/bin/time -v, each run's wall time and max RSS, and the median of each.
#
# usage: bench/plan-5000.sh [DIST]
#   DIST  a rollrun distribution directory (bin/ lib/ ...) or its bin/rollrun;
#         default: runner/cli/target/rollrun of this repository (build it with ./rollrun --version).
# Environment: RUNS (default 5), KEEP=1 keeps the generated files; the launcher's own variables
# (JAVA_HOME, ROLLRUN_JAVA_OPTS, ROLLRUN_CDS=0, ...) pass through.
set -euo pipefail

HOSTS=5000
RUNS=${RUNS:-5}
ROOT=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)

dist=${1:-$ROOT/runner/cli/target/rollrun}
if [[ -f $dist ]]; then
  launcher=$dist
else
  launcher=$dist/bin/rollrun
fi
if [[ ! -x $launcher ]]; then
  echo "bench: no rollrun launcher at $launcher (build the distribution first: ./rollrun --version)" >&2
  exit 2
fi

if [[ ! -x /usr/bin/time ]]; then
  echo "bench: note: /usr/bin/time is missing; installing the Debian package 'time'" >&2
  sudo=()
  ((EUID == 0)) || sudo=(sudo -n)
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q time </dev/null >&2; then
    echo "bench: could not install 'time' (try: apt-get install time)" >&2
    exit 2
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rollrun-bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
  echo "bench: files kept in $work"
else
  trap 'rm -rf -- "$work"' EXIT
fi

# ---- inputs ------------------------------------------------------------------------------------------
# Every 10th host is a master, racks r1..r8, addresses 10.1.0.1 .. 10.1.19.174 (no .0 or .255).
awk -v n="$HOSTS" 'BEGIN {
  print "defaults:"
  print "  user: deploy"
  print "  port: 22"
  print "hosts:"
  for (i = 1; i <= n; i++) {
    printf "  node-%04d:\n", i
    printf "    address: 10.1.%d.%d\n", int((i - 1) / 254), (i - 1) % 254 + 1
    printf "    roles: [%s]\n", (i % 10 == 0 ? "master" : "data")
    printf "    rack: r%d\n", (i - 1) % 8 + 1
    printf "    vars: { broker.id: %d }\n", i
  }
}' >"$work/inventory.yml"

cat >"$work/playbook.yml" <<'EOF'
name: bench roll
cluster: service
inventory: inventory.yml
service:
  name: app
rollout:
  batch: [1, "10%"]
  pause: 5s
health:
  interval: 5s
  consecutive: 3
  timeout: 5m
  all:
    - tcp: { port: 8080 }
steps:
  pre-stop:
    - run: "echo draining {{ host.name }}"
    - run: "curl -fsS http://{{ host.address }}:8080/drain"
    - wait: 2s
  post-stop:
    - run: "echo stopped {{ host.vars['broker.id'] }}"
  pre-start:
    - run: "echo starting"
  post-start:
    - run: "curl -fsS http://{{ host.address }}:8080/ready"
    - run: "echo {{ vars.release }}"
    - local: "echo node {{ host.name }} done"
vars:
  release: "2026.11"
EOF

# ---- runs --------------------------------------------------------------------------------------------
java_line=unknown
# The launcher, sourced, only defines its functions; ask it which java it is going to use.
# shellcheck source=/dev/null
if grep -q '^rr_find_java()' "$launcher" &&
  (source "$launcher" && rr_find_java java && echo "$JAVA (Java $JAVA_MAJOR)") >"$work/java" 2>/dev/null; then
  java_line=$(<"$work/java")
fi
echo "rollrun plan, $HOSTS hosts, 10 steps: $launcher"
echo "java: $java_line; $(nproc) cpus; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(the first runs after a build also create and verify the class-data-sharing archive: see bench/README.md)"
printf '%-5s %10s %12s\n' run 'wall (s)' 'max RSS (MB)'

walls=() rsss=()
for ((i = 1; i <= RUNS; i++)); do
  rc=0
  # The plan goes to a file, not /dev/null, only so that an empty "success" is caught below.
  /usr/bin/time -v -o "$work/time.$i" "$launcher" plan "$work/playbook.yml" --format text \
    >"$work/plan.txt" 2>"$work/err.$i" </dev/null || rc=$?
  if ((rc != 0)); then
    echo "bench: run $i: \`rollrun plan $work/playbook.yml --format text\` failed with exit code $rc;" \
      "no figures reported. Its stderr:" >&2
    sed -n '1,30p' "$work/err.$i" >&2
    exit "$rc"
  fi
  if [[ ! -s $work/plan.txt ]]; then
    echo "bench: run $i: \`rollrun plan\` exited 0 but printed no plan (not implemented yet?);" \
      "no figures reported." >&2
    exit 1
  fi
  plan_bytes=$(wc -c <"$work/plan.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; printf "%.2f", s }' "$work/time.$i")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time.$i")
  walls+=("$wall") rsss+=("$rss")
  printf '%-5s %10s %12s\n' "$i" "$wall" "$rss"
done

median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
printf '%-5s %10s %12s\n' median "$(median "${walls[@]}")" "$(median "${rsss[@]}")"
echo "(plan output: $plan_bytes bytes per run)"
