#!/usr/bin/env bash
# Windows in CI: cross-builds the Windows .exe with MinGW and runs it under wine, on this Linux
# machine, against the Linux build of the same source:
#   - the shared example cases and the demo (`check`, JSON and text): byte-identical output;
#   - a file round trip in a folder with a space, on a drive letter (P:): a CRLF lab CSV
#     imported into a patient file (atomic replace, `.bak`, no temporary left, the change
#     history's user), then export-fhir, import-fhir, export-ics, summary and worklist, each
#     compared with what the Linux build gives;
#   - the app under wine + Xvfb: its window appears; Ctrl+P hands the summary PDF to the system's
#     viewer; closing the window keeps the preferences under %APPDATA%.
# Usage: scripts/windows-ci.sh           (.ci/run calls it; installs what it needs)
#   WINDOWS_PROFILE=release scripts/windows-ci.sh   tests a release build instead of `ci`
# Each check prints ok/FAIL with its log; the run fails if any check fails.
#
# To add a check: write a function `check_NAME` below that fails (non-zero) when Windows goes
# wrong, and add NAME to CHECKS. Helpers: win (runs the .exe), lin (runs the Linux build),
# same (compares two files), winpath (a path under P: as Windows writes it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

profile=${WINDOWS_PROFILE:-ci}
target=x86_64-pc-windows-gnu

# Checks that fail today for a known reason in src/ (name: why). Such a failure is reported,
# not counted; if one of them passes, the run fails, so that the entry is removed with the fix.
KNOWN_FAILURES=()

CHECKS=(
  installer version cases demo
  import-labs-crlf backup-kept change-history-user
  export-fhir import-fhir export-ics summary worklist worklist-uppercase-json
  window print preferences-in-appdata
)

# ---- Tools: the Rust target, MinGW (the linker, windres for the icon), wine, Xvfb.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_PACKAGES=(gcc-mingw-w64-x86-64 nsis p7zip-full wine64 xvfb xauth xdotool libgl1-mesa-dri poppler-utils file)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== windows: installing (apt): ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
wine=$(command -v wine64 || true)
[ -n "$wine" ] || wine=/usr/lib/wine/wine64 # Debian's wine64 package leaves it off PATH

# ---- Builds: the .exe (profile `ci`: release without optimisation, Cargo.toml) and the Linux
# build it is compared with (the debug build the tests use: same source, same answers).
seconds() { date +%s; }
started=$(seconds)
echo "== windows: cargo build --profile $profile --target $target"
cargo build --locked --profile "$profile" --target "$target" --bin mipomersen-monitor
cargo build --locked --bin mipomersen-monitor
built=$(seconds)
exe_built="$root/target/$target/$profile/mipomersen-monitor.exe"
linux="$root/target/debug/mipomersen-monitor"

# The installer, as the clinics get it (scripts/package), unpacked into "P:\Mipomersen Monitor":
# the checks run what ships — the console .com for the command line, the GUI .exe for the app.
setup=$(ls "$root"/target/packages/mipomersen-monitor_*_x64-setup.exe 2>/dev/null | head -1 || true)
if [ -z "$setup" ] || [ "$exe_built" -nt "$setup" ]; then
  scripts/package --profile "$profile" --formats nsis --no-check
  setup=$(ls "$root"/target/packages/mipomersen-monitor_*_x64-setup.exe | head -1)
fi

work="$root/target/windows-ci"
files="$work/files" # drive P: under wine
rm -rf "$work"
mkdir -p "$files/Mipomersen Monitor" "$work/linux" "$work/log" "$work/bin"
installed="$files/Mipomersen Monitor"
7z x -y -o"$installed" "$setup" >"$work/log/7z.log"
exe="$installed/mipomersen-monitor.com"
gui_exe="$installed/mipomersen-monitor.exe"
# wine 8 lacks ProcessPrng; the stand-in sits beside the .exe (scripts/wine/bcryptprimitives.c),
# here only: it is not in the installer.
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$installed/bcryptprimitives.dll" \
  scripts/wine/bcryptprimitives.c -ladvapi32

export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# One X display for every wine process: wine's desktop process, started by the first of them,
# keeps the display it found (none would leave the app without a window).
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$work/display" >"$work/log/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")"
wineserver=$(command -v wineserver || echo "$(dirname "$wine")/wineserver64")
stop() {
  "$wineserver" -k 2>/dev/null || true
  kill "$xvfb_pid" 2>/dev/null || true
}
trap stop EXIT

"$wine" wineboot -i >/dev/null 2>&1
ln -s "$files" "$WINEPREFIX/dosdevices/p:"
prefixed=$(seconds)

win() { "$wine" "$exe" "$@"; }
lin() { "$linux" "$@"; }
# `P:\a b\c.json` for "$files/a b/c.json".
winpath() { printf 'P:\\%s' "${1//\//\\}"; }
same() {
  if ! cmp -s "$1" "$2"; then
    echo "differs: $3"
    diff -u "$1" "$2" | head -40
    return 1
  fi
}
# A patient file without what depends on who saved it and when (the change history's time and
# user), for comparing the two builds' saves.
without_audit_stamps() {
  python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
for e in r.get("audit", []):
    e.pop("at", None); e.pop("user", None)
json.dump(r, sys.stdout, indent=1, sort_keys=True)' "$1"
}

# ---- The checks.
# The installer holds the app (a GUI program: no console window) and the command line (a console
# program, the same code), and the icon; 7-Zip unpacks it (wine64 alone cannot run the 32-bit
# NSIS installer itself).
check_installer() {
  echo "$setup: $(du -h "$setup" | cut -f1)"
  ls -l "$installed"
  file "$gui_exe" | grep -q "PE32+ executable (GUI) x86-64"
  file "$exe" | grep -q "PE32+ executable (console) x86-64"
  [ -s "$installed/icon.ico" ]
  # build.rs embedded the icon and the version resource (Explorer's Properties → Details).
  7z l "$gui_exe" >"$work/resources.txt"
  grep -q "ProductName: Mipomersen Monitor" "$work/resources.txt"
  grep -q "ProductVersion: $(lin --version | cut -d' ' -f2)" "$work/resources.txt"
  grep -q '\.rsrc/GROUP_ICON/1$' "$work/resources.txt"
  # One program: the two differ in the one byte that says GUI or console.
  [ "$(cmp -l "$gui_exe" "$exe" | wc -l)" = 1 ]
}

check_version() {
  win --version >"$work/win.txt"
  lin --version >"$work/lin.txt"
  same "$work/lin.txt" "$work/win.txt" "--version"
}

# Every shared example case, `check --json` and `check`: same stdout, exit code and error.
check_cases() {
  mkdir -p "$files/cases"
  local case name today status=0
  for case in tests/cases/*.json; do
    name=$(basename "$case")
    today=$(python3 -c 'import json,sys
c = json.load(open(sys.argv[1]))
text = c["raw"] if isinstance(c.get("raw"), str) else json.dumps(c["record"], indent=2)
open(sys.argv[2], "w", newline="").write(text)
print(c["today"])' "$case" "$files/cases/$name")
    for mode in --json --text; do
      local args=(check --today "$today")
      [ "$mode" = --json ] && args+=(--json)
      local lin_rc=0 win_rc=0
      lin "${args[@]}" "$files/cases/$name" >"$work/lin.out" 2>"$work/lin.err" || lin_rc=$?
      win "${args[@]}" "$(winpath "cases/$name")" >"$work/win.out" 2>"$work/win.err" || win_rc=$?
      sed -i "s|$files/cases/$name|FILE|g" "$work/lin.err"
      sed -i "s|P:\\\\cases\\\\$name|FILE|g" "$work/win.err"
      if [ "$lin_rc" != "$win_rc" ]; then
        echo "$name $mode: exit $win_rc on Windows, $lin_rc on Linux"
        status=1
      fi
      same "$work/lin.out" "$work/win.out" "$name $mode stdout" || status=1
      same "$work/lin.err" "$work/win.err" "$name $mode stderr" || status=1
    done
  done
  echo "$(find tests/cases -name '*.json' | wc -l) cases compared"
  return $status
}

check_demo() {
  cp assets/examples/demo-patient.json "$files/demo.json"
  win check --json --today 2026-03-14 'P:\demo.json' >"$work/win.json"
  lin check --json --today 2026-03-14 "$files/demo.json" >"$work/lin.json"
  same "$work/lin.json" "$work/win.json" "demo check --json"
}

# The round trip works in "P:\clinic share" on Windows and in a folder of its own on Linux.
share="clinic share"
check_import_labs_crlf() {
  mkdir -p "$files/$share" "$work/linux/$share"
  cp assets/examples/demo-patient.json "$files/$share/patient one.json"
  cp assets/examples/demo-patient.json "$work/linux/$share/patient one.json"
  # The lab export as Windows writes it (CRLF) for Windows; as it is (LF) for Linux.
  sed 's/\r*$/\r/' tests/fixtures/hospital-labs.csv >"$files/$share/labs export.csv"
  cp tests/fixtures/hospital-labs.csv "$work/linux/$share/labs export.csv"
  grep -q $'\r$' "$files/$share/labs export.csv"
  win import-labs "$(winpath "$share/labs export.csv")" \
    --into "$(winpath "$share/patient one.json")" >"$work/win.txt"
  lin import-labs "$work/linux/$share/labs export.csv" \
    --into "$work/linux/$share/patient one.json" >"$work/lin.txt"
  sed -i 's|P:\\clinic share\\patient one.json|PATIENT|' "$work/win.txt"
  sed -i "s|$work/linux/$share/patient one.json|PATIENT|" "$work/lin.txt"
  same "$work/lin.txt" "$work/win.txt" "import-labs report"
  grep -q "lab results and [0-9]* doses added" "$work/win.txt"
  without_audit_stamps "$files/$share/patient one.json" >"$work/win.json"
  without_audit_stamps "$work/linux/$share/patient one.json" >"$work/lin.json"
  same "$work/lin.json" "$work/win.json" "the patient file after import-labs"
}

# The save replaced the file atomically: the previous version is the .bak, no temporary is left.
check_backup_kept() {
  same assets/examples/demo-patient.json "$files/$share/patient one.json.bak" ".bak"
  local left
  left=$(find "$files/$share" -name '.*saving-*')
  [ -z "$left" ] || { echo "temporaries left: $left"; return 1; }
}

# The change history names the Windows account that saved.
check_change_history_user() {
  local expected user
  expected=$("$wine" cmd /c 'echo %USERNAME%' | tr -d '\r\n')
  user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["audit"][-1]["user"])' \
    "$files/$share/patient one.json")
  echo "user: $user (Windows: $expected)"
  [ -n "$expected" ] && [ "$user" = "$expected" ]
}

check_export_fhir() {
  mkdir -p "$files/$share/out put" "$work/linux/$share/out put"
  win export-fhir 'P:\demo.json' -o "$(winpath "$share/out put/bundle.json")"
  lin export-fhir "$files/demo.json" -o "$work/linux/$share/out put/bundle.json"
  # Only the Bundle's timestamp (the time of export) may differ.
  grep -v '"timestamp": ' "$files/$share/out put/bundle.json" >"$work/win.json"
  grep -v '"timestamp": ' "$work/linux/$share/out put/bundle.json" >"$work/lin.json"
  same "$work/lin.json" "$work/win.json" "FHIR Bundle"
}

check_import_fhir() {
  cp assets/examples/demo-patient.json "$files/$share/fhir target.json"
  cp assets/examples/demo-patient.json "$work/linux/$share/fhir target.json"
  cp tests/fixtures/ehr-bundle.json "$files/$share/ehr bundle.json"
  cp tests/fixtures/ehr-bundle.json "$work/linux/$share/ehr bundle.json"
  win import-fhir "$(winpath "$share/ehr bundle.json")" \
    --into "$(winpath "$share/fhir target.json")" >"$work/win.txt"
  lin import-fhir "$work/linux/$share/ehr bundle.json" \
    --into "$work/linux/$share/fhir target.json" >"$work/lin.txt"
  sed -i 's|P:\\clinic share\\fhir target.json|PATIENT|' "$work/win.txt"
  sed -i "s|$work/linux/$share/fhir target.json|PATIENT|" "$work/lin.txt"
  same "$work/lin.txt" "$work/win.txt" "import-fhir report"
  without_audit_stamps "$files/$share/fhir target.json" >"$work/win.json"
  without_audit_stamps "$work/linux/$share/fhir target.json" >"$work/lin.json"
  same "$work/lin.json" "$work/win.json" "the patient file after import-fhir"
}

# iCalendar: the same events; only DTSTAMP (the time of export) may differ.
check_export_ics() {
  win export-ics 'P:\demo.json' --today 2026-03-14 -o "$(winpath "$share/out put/doses.ics")"
  lin export-ics "$files/demo.json" --today 2026-03-14 -o "$work/lin.ics"
  grep -q $'^BEGIN:VEVENT\r$' "$files/$share/out put/doses.ics"
  grep -v '^DTSTAMP' "$files/$share/out put/doses.ics" >"$work/win.ics"
  grep -v '^DTSTAMP' "$work/lin.ics" >"$work/lin-stripped.ics"
  same "$work/lin-stripped.ics" "$work/win.ics" "calendar"
}

# The printed summary: the same text on every page; only the print time may differ.
check_summary() {
  win summary 'P:\demo.json' --today 2026-03-14 -o "$(winpath "$share/out put/summary.pdf")"
  lin summary "$files/demo.json" --today 2026-03-14 -o "$work/lin.pdf"
  local page_pattern='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}'
  pdftotext -layout "$files/$share/out put/summary.pdf" - | sed -E "s/$page_pattern/TIME/g" >"$work/win.txt"
  pdftotext -layout "$work/lin.pdf" - | sed -E "s/$page_pattern/TIME/g" >"$work/lin.txt"
  grep -q "DEMO-0001" "$work/win.txt"
  same "$work/lin.txt" "$work/win.txt" "summary text"
}

check_worklist() {
  win worklist "$(winpath "$share")" --today 2026-03-14 --json |
    sed 's|P:\\\\clinic share\\\\|DIR/|g' >"$work/win.json"
  mkdir -p "$work/linux/worklist"
  cp "$files/$share"/*.json "$work/linux/worklist/"
  lin worklist "$work/linux/worklist" --today 2026-03-14 --json |
    sed "s|$work/linux/worklist/|DIR/|g" >"$work/lin.json"
  grep -q "patient one.json" "$work/win.json"
  same "$work/lin.json" "$work/win.json" "worklist"
}

# Windows names are case-insensitive: PATIENT.JSON is a patient file like patient.json.
check_worklist_uppercase_json() {
  mkdir -p "$files/upper"
  cp assets/examples/demo-patient.json "$files/upper/PATIENT.JSON"
  win worklist 'P:\upper' --today 2026-03-14 --json >"$work/win.json"
  grep -q "PATIENT.JSON" "$work/win.json"
}

# ---- The app, under wine + Xvfb. One run: the window, Ctrl+P, then closing it.
gui_started=""
window=""
# Starts the app on the demo (in this shell, so that the checks after it see it).
start_gui() {
  gui_started=1
  # The PDF viewer: under wine, files go to the host's xdg-open (winebrowser); this one notes them.
  printf '#!/bin/sh\necho "$1" >>"%s"\n' "$work/viewer.log" >"$work/bin/xdg-open"
  chmod +x "$work/bin/xdg-open"
  (
    export PATH="$work/bin:$PATH"
    status=0
    "$wine" "$gui_exe" >"$work/log/app.log" 2>&1 || status=$?
    echo "$status" >"$work/app.exit"
  ) &
  local deadline=$(($(seconds) + 90))
  while [ -z "$window" ] && [ "$(seconds)" -lt "$deadline" ]; do
    window=$(xdotool search --onlyvisible --name "DEMO patient" 2>/dev/null | head -1) || true
    sleep 0.5
  done
}
check_window() {
  [ -n "$window" ] || { echo "no window titled 'DEMO patient' within 90 s"; return 1; }
  echo "window: $(xdotool getwindowname "$window")"
}

# Print (Ctrl+P) writes the summary to a temporary PDF and hands it to the system's viewer.
check_print() {
  [ -n "$window" ]
  xdotool key --window "$window" ctrl+p
  local i
  for i in $(seq 40); do [ -s "$work/viewer.log" ] && break; sleep 0.25; done
  [ -s "$work/viewer.log" ] || { echo "the viewer was not called"; return 1; }
  local pdf
  pdf=$(head -1 "$work/viewer.log" | sed 's|^file://||')
  echo "viewer got: $pdf"
  head -c 5 "$pdf" | grep -q '%PDF-'
}

# Closing the window (Alt+F4) ends the app cleanly, its preferences under %APPDATA%.
check_preferences_in_appdata() {
  [ -n "$window" ]
  xdotool key --window "$window" alt+F4
  local i
  for i in $(seq 80); do [ -s "$work/app.exit" ] && break; sleep 0.25; done
  echo "the app exited with: $(cat "$work/app.exit" 2>/dev/null || echo "nothing: still running")"
  [ "$(cat "$work/app.exit")" = 0 ]
  local appdata
  appdata=$("$wine" cmd /c 'echo %APPDATA%' | tr -d '\r\n')
  local unix
  unix=$("$wine" winepath -u "$appdata\\Mipomersen Monitor\\data\\app.ron" 2>/dev/null)
  echo "preferences: $appdata\\Mipomersen Monitor\\data\\app.ron"
  [ -s "$unix" ]
}

# ---- Run them.
failed=()
passed=0
known=0
for name in "${CHECKS[@]}"; do
  why=""
  for entry in "${KNOWN_FAILURES[@]}"; do
    [ "${entry%%:*}" = "$name" ] && why=${entry#*: }
  done
  log="$work/log/$name.log"
  case $name in window | print | preferences-in-appdata)
    [ -n "$gui_started" ] || start_gui
    ;;
  esac
  set +e
  (
    set -Eeuo pipefail # -E: the trap below fires inside the check's function too
    # A failing command says itself which it was (a `grep -q` would fail silently).
    # To stderr: inside a $(…) that runs a command expected to fail (cmp), stdout is the value.
    trap 'echo "failed: $BASH_COMMAND" >&2' ERR
    "check_${name//-/_}"
  ) >"$log" 2>&1
  status=$?
  set -e
  if [ $status = 0 ] && [ -z "$why" ]; then
    echo "ok      $name"
    passed=$((passed + 1))
  elif [ $status != 0 ] && [ -n "$why" ]; then
    echo "known   $name — $why"
    known=$((known + 1))
  elif [ $status = 0 ]; then
    echo "FIXED?  $name passes but is listed in KNOWN_FAILURES: remove it there"
    failed+=("$name")
  else
    echo "FAIL    $name"
    sed 's/^/        /' "$log" | tail -40
    failed+=("$name")
  fi
done
finished=$(seconds)
echo "windows: build $((built - started)) s, installer and wine prefix $((prefixed - built)) s," \
  "checks $((finished - prefixed)) s"
echo "windows: ${passed} passed, ${#failed[@]} failed, ${known} known failures"
[ ${#failed[@]} -eq 0 ]
