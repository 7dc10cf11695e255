
# --- the rest is the same on every host ------------------------------------------------------
# usage: svc start|stop|restart|status
#   start    starts the demo service unless it runs; waits until it listens (10 s at most).
#            Fails (exit 1, message on stderr) if <host dir>/fail-start exists: the file is
#            removed unless it contains "always".
#   stop     stops it (SIGTERM, SIGKILL after 5 s) and waits until it is gone
#   status   exit 0 and "running (pid N)" if it runs, else exit 3 and "stopped"
# Every start, stop and refused start is appended to the fleet's event log as one line,
# "<epoch-millis> <host> start|stop|start-failed <pid>", in a single write to a file opened with
# O_APPEND, so lines from concurrent hosts never interleave.
set -u

pidfile="$DIR/service.pid"
logfile="$DIR/service.log"

event() { # action pid
  local now=${EPOCHREALTIME//[.,]/}
  printf '%s %s %s %s\n' "${now:0:${#now}-3}" "$HOST_ID" "$1" "$2" >>"$EVENTS"
}

running() { # pid: exists and is not a zombie
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

alive() { # pid: running and really our service, not a recycled pid (bash builtins only)
  local -a args
  running "$1" && mapfile -d '' args 2>/dev/null <"/proc/$1/cmdline" && [[ ${args[1]-} == "$PROGRAM" ]]
}

find_pid() { # sets pid to the running service's pid, or fails
  pid=
  [[ -s $pidfile ]] && read -r pid <"$pidfile" && alive "$pid"
}

start() {
  local pid launcher i mode
  if find_pid; then
    echo "$HOST_ID: already running (pid $pid)"
    return 0
  fi
  if [[ -e $DIR/fail-start ]]; then
    mode=$(<"$DIR/fail-start")
    [[ $mode == always ]] || rm -f "$DIR/fail-start"
    event start-failed 0
    echo "$HOST_ID: demo service failed to start (fail-start is set)" >&2
    return 1
  fi
  rm -f "$pidfile"
  nohup perl "$PROGRAM" "$ADDR" "$PORT" "$HOST_ID" "$DIR" >>"$logfile" 2>&1 </dev/null &
  launcher=$!
  for ((i = 0; i < 1000; i++)); do
    if find_pid; then
      event start "$pid"
      echo "$HOST_ID: started (pid $pid)"
      return 0
    fi
    running "$launcher" || break
    sleep 0.01
  done
  kill -KILL "$launcher" 2>/dev/null
  echo "$HOST_ID: demo service did not start; the end of $logfile:" >&2
  tail -n 5 "$logfile" >&2
  return 1
}

stop() {
  local pid i
  if ! find_pid; then
    rm -f "$pidfile"
    echo "$HOST_ID: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 500; i++)); do
    alive "$pid" || break
    sleep 0.01
  done
  if alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null
    while alive "$pid"; do sleep 0.01; done
  fi
  rm -f "$pidfile"
  event stop "$pid"
  echo "$HOST_ID: stopped (pid $pid)"
}

status() {
  local pid
  if find_pid; then
    echo "$HOST_ID: running (pid $pid)"
  else
    echo "$HOST_ID: stopped"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|restart|status" >&2
    exit 2
    ;;
esac
