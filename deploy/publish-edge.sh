#!/usr/bin/env bash
# Publishes the edge as one NativeAOT binary (no .NET runtime needed on the Pi) into deploy/out/edge-<rid>/.
#
#   deploy/publish-edge.sh [linux-arm64|linux-x64] [--check]
#
#   linux-arm64   the Raspberry Pi (default); cross-compiled here from an x64 machine
#   linux-x64     this machine
#   --check       then start the binary with the demo room and the embedded broker, and check it (bench/aot-smoke.sh);
#                 only for a binary this machine can run (the host's architecture)
#
# Needs clang (and, from x64 to arm64, the Debian cross toolchain: gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu,
# libc6-dev-arm64-cross); missing packages are installed with apt-get, as test.sh does. The ILCompiler comes with the
# SDK (restored from the package feed for the host and the target). The satellite resource assemblies (ru, uk) sit
# next to the binary and must be deployed with it: the panel and the log are localised.
set -euo pipefail
cd "$(dirname "$0")/.."

rid=linux-arm64
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    linux-x64|linux-arm64) rid="$1"; shift ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "publish-edge.sh: unknown argument '$1' (see deploy/publish-edge.sh --help)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case "$(uname -m)" in
  x86_64) host=linux-x64 ;;
  aarch64) host=linux-arm64 ;;
  *) echo "publish-edge.sh: NativeAOT needs an x64 or arm64 Linux machine to compile on (this is $(uname -m))" >&2; exit 1 ;;
esac

# --- 1. Native toolchain -------------------------------------------------------------------------------------------
need=()
command -v clang >/dev/null || need+=(clang)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
if [ "$rid" != "$host" ]; then
  if [ "$rid" = linux-arm64 ]; then
    # clang links for aarch64 with the GNU cross linker and the cross C library (Debian's cross layout, /usr/aarch64-linux-gnu).
    command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
    command -v aarch64-linux-gnu-ld >/dev/null || need+=(binutils-aarch64-linux-gnu)
    [ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ] || need+=(libc6-dev-arm64-cross)
  else
    echo "publish-edge.sh: cross-compiling to $rid from $host is not set up here; publish on a $rid machine" >&2
    exit 1
  fi
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "publish-edge.sh: the .NET 10 SDK (dotnet) is required; see README.md" >&2; exit 1; }

# --- 2. Publish ------------------------------------------------------------------------------------------------------
out="deploy/out/edge-$rid"
rm -rf "$out"
args=(-c Release -r "$rid" -p:PublishAot=true -o "$out" -nologo -v q -clp:NoSummary)
if [ "$rid" != "$host" ] && ! command -v llvm-objcopy >/dev/null; then
  # The symbols go to Inclusion.Iot.Edge.Worker.dbg with an objcopy that knows the target (the host's may not).
  args+=(-p:ObjCopyName=aarch64-linux-gnu-objcopy)
fi
started=$(date +%s.%N)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet publish edge/Inclusion.Iot.Edge.Worker "${args[@]}" 2>&1 | tee "$log" || status=$?
finished=$(date +%s.%N)
[ "$status" = 0 ] || { echo "publish-edge.sh: dotnet publish failed" >&2; exit "$status"; }

# Trim and AOT warnings: none in our code (the build's analyzers fail on any), and from dependencies only the one the
# worker's csproj explains (System.Device.Gpio's PtrToStructure<epoll_event>). Anything else fails the publish.
allowed='IL2091: System.Device.Gpio.UnmanagedArray`1.ReadToManagedArray()'
unexpected=$(grep -E 'warning IL[0-9]{4}' "$log" | grep -vF "$allowed" | sort -u || true)
if [ -n "$unexpected" ]; then
  echo "publish-edge.sh: trim/AOT warnings beyond the one explained in Inclusion.Iot.Edge.Worker.csproj:" >&2
  echo "$unexpected" >&2
  exit 1
fi

binary="$out/Inclusion.Iot.Edge.Worker"
[ -x "$binary" ] || { echo "publish-edge.sh: no binary at $binary" >&2; exit 1; }
bytes=$(stat -c %s "$binary")
echo "published: $binary ($rid)"
echo "figure: publish_s=$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.1f", b - a }')"
echo "figure: edge_binary_mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
for culture in ru uk; do
  [ -f "$out/$culture/Inclusion.Iot.Edge.Worker.resources.dll" ] || { echo "publish-edge.sh: the $culture resources are missing from $out" >&2; exit 1; }
done

# --- 3. Optional smoke check -----------------------------------------------------------------------------------------
if [ "$check" = 1 ]; then
  if [ "$rid" != "$host" ]; then
    echo "publish-edge.sh: --check runs the binary, so it needs a $rid machine (this one is $host)" >&2
    exit 1
  fi
  bench/aot-smoke.sh "$binary"
fi
