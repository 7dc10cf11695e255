
# --- the rest is the same on every node -------------------------------------------------------
# The node side of a PowerConsul-managed active/standby service, for the simulated Consul:
#   consul-node check    the service's Consul check, run by the node's agent every interval:
#                        exit 0 passing, 2 critical. With the noop lockfile it passes whatever
#                        happens (PowerConsul's noop_lockfile), also when it appears while the
#                        check runs. An active passes when its demo
#                        service runs and it acts as the active; a standby when its service runs
#                        (a warm standby) and it acts as a standby while the active passes. When
#                        the active does not pass, the standby takes over: it acts as the active
#                        ("watchers fail over").
#   consul-node watch    the KV watches of the node's promote and demote flags, as Consul's
#                        watches run them: a blocking query per key, the handler on each change:
#                          demote START   lockfile, act as a standby, write WAIT
#                          demote NULL    remove the lockfile
#                          promote START  lockfile, write WAIT
#                          promote NULL   act as the active if cluster/<env>/<service> lists
#                                         this node among active_nodes; remove the lockfile
#                        With $DIR/no-ack, START is ignored: the node never acknowledges.
#   consul-node role     prints how the node acts: active or standby ($DIR/role)
# Every change is appended to the shared $EVENTS log: "<epoch-millis> <node> <what> <detail>".
set -u

role_file="$DIR/role"

event() { # what detail
  local now=${EPOCHREALTIME//[.,]/}
  printf '%s %s %s %s\n' "${now:0:${#now}-3}" "$NODE" "$1" "$2" >>"$EVENTS"
}

consul() { # curl arguments: a request to the simulated Consul with the node's token
  curl -sS -m 20 -H "X-Consul-Token: $TOKEN" "$@"
}

cluster() { # the cluster key's value
  consul "$CONSUL/v1/kv/cluster/$ENVIRONMENT/$SERVICE?raw"
}

listed() { # active|standby: whether the cluster key lists node $2 (default: this one) so
  local list
  list=$(cluster | sed -n "s/.*\"$1_nodes\" *: *\[\([^]]*\)\].*/\1/p")
  [[ $list == *"\"${2:-$NODE}\""* ]]
}

active_node() {
  cluster | sed -n 's/.*"active_nodes" *: *\[ *"\([^"]*\)".*/\1/p'
}

act_as() { # active|standby
  local was
  was=$(cat "$role_file" 2>/dev/null)
  if [[ $was != "$1" ]]; then
    echo "$1" >"$role_file"
    event role "$1"
  fi
}

lock() {
  if [[ ! -e $LOCKFILE ]]; then
    : >"$LOCKFILE"
    event lock "$1"
  fi
}

unlock() {
  if [[ -e $LOCKFILE ]]; then
    rm -f "$LOCKFILE"
    event unlock "$1"
  fi
}

put_flag() { # promote|demote value
  consul -X PUT --data-binary "$2" "$CONSUL/v1/kv/service/$SERVICE/$NODE/$1" >/dev/null &&
    event ack "$1=$2"
}

handle() { # promote|demote value
  case "$1:$2" in
    demote:START)
      [[ -e $DIR/no-ack ]] && { event ignored "demote=START"; return; }
      lock demote
      act_as standby
      put_flag demote WAIT
      ;;
    demote:NULL | demote:)
      unlock demote
      ;;
    promote:START)
      [[ -e $DIR/no-ack ]] && { event ignored "promote=START"; return; }
      lock promote
      put_flag promote WAIT
      ;;
    promote:NULL | promote:)
      if listed active; then act_as active; fi
      unlock promote
      ;;
  esac
}

watch_key() { # promote|demote: one Consul key watch, until Consul has been gone for 20 s
  local kind=$1 index=0 next value headers failures=0
  headers=$(mktemp)
  while [[ -d $DIR ]]; do
    value=$(consul -D "$headers" "$CONSUL/v1/kv/service/$SERVICE/$NODE/$kind?raw&index=$index&wait=5s") || {
      ((++failures < 100)) || break
      sleep 0.2
      continue
    }
    failures=0
    next=$(tr -d '\r' <"$headers" | awk 'tolower($1) == "x-consul-index:" { print $2 }')
    [[ -n $next ]] || { sleep 0.2; continue; }
    if [[ $next != "$index" ]]; then
      index=$next
      handle "$kind" "$value"
    fi
  done
}

noop() { # passes when the noop lockfile is there
  if [[ -e $LOCKFILE ]]; then
    echo "noop lockfile $LOCKFILE: passing"
    return 0
  fi
  return 1
}

critical() { # message: critical, unless the lockfile appeared while the check ran (a watcher
  # sets it before it changes anything, so an answer read half before a change does not count)
  noop && return 0
  echo "$1"
  return 2
}

check() {
  noop && return 0
  if ! "$SVC" status >/dev/null 2>&1; then
    critical "$SERVICE is not running"
    return
  fi
  local acts active
  acts=$(cat "$role_file" 2>/dev/null)
  if listed active; then
    [[ $acts == active ]] && { echo "active"; return 0; }
    critical "listed active, but acts as $acts"
    return
  fi
  if listed standby; then
    active=$(active_node)
    if consul "$CONSUL/v1/health/service/$SERVICE?passing" | grep -q "\"Node\":\"$active\""; then
      [[ $acts == standby ]] && { echo "standby"; return 0; }
      critical "acts as $acts while the active $active passes"
      return
    fi
    noop && return 0
    if [[ $acts != active ]]; then
      act_as active
      event failover "$active"
    fi
    echo "the active $active does not pass: took over"
    return 0
  fi
  critical "$NODE is in no list of cluster/$ENVIRONMENT/$SERVICE"
}

case "${1:-}" in
  check) check ;;
  watch)
    echo $$ >"$DIR/watch.pid"
    watch_key promote &
    watch_key demote &
    wait
    ;;
  role) cat "$role_file" ;;
  *)
    echo "usage: $0 check|watch|role" >&2
    exit 2
    ;;
esac
