
# --- the rest is the same on every host ------------------------------------------------------
# usage: kafka-svc start|stop|status: the Kafka broker of this host, as systemd would run it.
#   start    launches the broker unless it runs and returns at once, as `systemctl start` of a
#            simple unit does: the broker is not serving yet, a health gate says when it is.
#   stop     SIGTERM (Kafka's controlled shutdown), SIGKILL after 120 s, and waits until it is gone
#   status   exit 0 and "running (pid N)" if it runs, else exit 3 and "stopped"
# Starts and stops are appended to the cluster's event log, "<epoch-millis> <host> ACTION <pid>" with
# ACTION start, stopping (SIGTERM sent) or stop (gone), one write per line, to a file opened with
# O_APPEND.
set -u

pidfile="$DIR/kafka.pid"
logfile="$DIR/kafka.log"

event() { # action pid
  local now=${EPOCHREALTIME//[.,]/}
  printf '%s %s %s %s\n' "${now:0:${#now}-3}" "$HOST_ID" "$1" "$2" >>"$EVENTS"
}

alive() { # pid: running, not a zombie, and this host's broker (not a recycled pid); builtins only
  local stat arg
  local -a args
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]] || return 1
  mapfile -d '' args 2>/dev/null <"/proc/$1/cmdline" || return 1
  for arg in "${args[@]}"; do
    [[ $arg == "$CONFIG" ]] && return 0
  done
  return 1
}

find_pid() {
  pid=
  [[ -s $pidfile ]] && read -r pid <"$pidfile" && alive "$pid"
}

start() {
  local pid
  if find_pid; then
    echo "$HOST_ID: kafka already running (pid $pid)"
    return 0
  fi
  # shellcheck disable=SC2086
  nohup "$JAVA" $JAVA_OPTS -cp "$CLASSPATH" dev.rollrun.tests.kafka.KafkaBroker \
    "$ADDR" "$JMX_PORT" "$CONFIG" >>"$logfile" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  event start "$pid"
  echo "$HOST_ID: kafka started (pid $pid)"
}

stop() {
  local pid i
  if ! find_pid; then
    rm -f "$pidfile"
    echo "$HOST_ID: kafka not running"
    return 0
  fi
  event stopping "$pid"
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 1200; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null
    while alive "$pid"; do sleep 0.1; done
  fi
  rm -f "$pidfile"
  event stop "$pid"
  echo "$HOST_ID: kafka stopped (pid $pid)"
}

status() {
  local pid
  if find_pid; then
    echo "$HOST_ID: kafka running (pid $pid)"
  else
    echo "$HOST_ID: kafka stopped"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
