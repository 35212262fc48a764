#!/usr/bin/env bash
# Time from launch to the first frame, the app against a bare eframe window, under xvfb-run.
# Both set their window title on their first frame ("DEMO patient — …", "… first frame");
# this polls for that title with xdotool.
# Needs: xvfb, xdotool (apt-get install xvfb xdotool), and release builds:
#   cargo build --release --bin mipomersen-monitor --example bare_window
# Usage: scripts/startup.sh [RUNS]   (default 10). Prints the median of each, in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$0" "$@"
fi
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME XDG_CONFIG_HOME=$XDG_DATA_HOME

# Milliseconds from starting $1 until a visible window's title contains $2.
first_frame_ms() {
  local start now
  start=$(date +%s%N)
  "$1" >/dev/null 2>&1 &
  local pid=$!
  until xdotool search --onlyvisible --name "$2" >/dev/null 2>&1; do sleep 0.005; done
  now=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (now - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

app=$(for _ in $(seq "$runs"); do first_frame_ms target/release/mipomersen-monitor "DEMO patient"; done | median)
bare=$(for _ in $(seq "$runs"); do first_frame_ms target/release/examples/bare_window "first frame"; done | median)
echo "first frame, median of $runs: app ${app} ms, bare eframe ${bare} ms, ratio $(awk "BEGIN {printf \"%.2f\", $app/$bare}")"
