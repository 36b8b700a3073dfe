#!/usr/bin/env bash
# Packaging step (mvn package): the DuckDB driver jar bundles its native library for four platforms (240 MB) and, when
# it finds one on the class path, writes it to a new temporary file in every JVM that opens a store (71 MB each; a
# killed process leaves its copy behind). When the library is *not* bundled, the driver loads the file of the same
# name beside its jar. So for the jars the launcher runs (target/lib) this extracts this platform's library once, next
# to the driver jar, and drops the bundled copies from that jar: every run then maps the one extracted file.
# Test JVMs run from the local repository's unmodified jar and keep the driver's own behaviour.
set -euo pipefail
lib="$1"
jar="$(ls "$lib"/duckdb_jdbc-*.jar 2>/dev/null | head -1 || true)"
if [[ -z "$jar" ]]; then
  exit 0
fi
if ! command -v unzip >/dev/null || ! command -v zip >/dev/null; then
  echo "duckdb-native: zip/unzip not installed; the DuckDB driver will unpack its library per process" >&2
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) name=libduckdb_java.so_linux_amd64 ;;
  Linux-aarch64 | Linux-arm64) name=libduckdb_java.so_linux_arm64 ;;
  Darwin-arm64) name=libduckdb_java.so_macos_arm64 ;;
  *) echo "duckdb-native: no bundled library for $(uname -s)-$(uname -m); leaving the driver as it is" >&2; exit 0 ;;
esac
if unzip -l "$jar" "$name" >/dev/null 2>&1; then
  unzip -o -q -d "$lib" "$jar" "$name"
  zip -q -d "$jar" 'libduckdb_java.so_*'
  echo "duckdb-native: $name extracted once into $lib (driver jar without bundled copies)" >&2
fi
