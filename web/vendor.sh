#!/usr/bin/env bash
# Vendors the chart libraries from the npm registry at build time (no CDN at run time):
# pinned versions, checked against pinned sha512 sums, cached under ~/.cache/cascade-npm.
# Usage: web/vendor.sh OUT_DIR   (Maven calls it in generate-resources with target/classes/public/vendor)
set -euo pipefail
out="$1"
cache="${CASCADE_NPM_CACHE:-$HOME/.cache/cascade-npm}"
mkdir -p "$cache" "$out"
declare -A SHA=(
  [echarts-6.1.0.tgz]=ab4c9a14f8200bd15476c587e1b95abd15859b176b22875b92828d02326e74023a080f6034fc47b55d917193447a9655964e32bc16243a46e4e87215a48c8764
  [lightweight-charts-5.2.1.tgz]=215c282b544b1622cfb9b68a22335bb6358b9e93ccaa20014ab4dacbac2198d6bc2f5fb5f76f7656d1c9f815b23d4b8b0b0174b5c42584459dd422c1d9ad67b1
)
fetch() { # name version
  local tgz="$1-$2.tgz"
  if [[ ! -f "$cache/$tgz" ]] || ! echo "${SHA[$tgz]}  $cache/$tgz" | sha512sum -c --status; then
    command -v npm >/dev/null || { echo "web/vendor.sh: npm is needed to vendor $1@$2 (apt-get install npm)" >&2; exit 1; }
    (cd "$cache" && npm pack "$1@$2" --silent >/dev/null)
    echo "${SHA[$tgz]}  $cache/$tgz" | sha512sum -c --status || { echo "web/vendor.sh: checksum mismatch for $tgz" >&2; exit 1; }
  fi
}
fetch echarts 6.1.0
fetch lightweight-charts 5.2.1
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
tar xzf "$cache/echarts-6.1.0.tgz" -C "$tmp" package/dist/echarts.min.js package/LICENSE package/NOTICE
cp "$tmp/package/dist/echarts.min.js" "$out/echarts.min.js"
cp "$tmp/package/LICENSE" "$out/echarts.LICENSE"; cp "$tmp/package/NOTICE" "$out/echarts.NOTICE"
rm -rf "$tmp/package"
tar xzf "$cache/lightweight-charts-5.2.1.tgz" -C "$tmp" package/dist/lightweight-charts.standalone.production.js package/LICENSE
cp "$tmp/package/dist/lightweight-charts.standalone.production.js" "$out/lightweight-charts.standalone.production.js"
cp "$tmp/package/LICENSE" "$out/lightweight-charts.LICENSE"
echo "vendored echarts 6.1.0 and lightweight-charts 5.2.1 into $out" >&2
