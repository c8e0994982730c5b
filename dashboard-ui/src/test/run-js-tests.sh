#!/usr/bin/env bash
# Runs the dashboard's JavaScript unit tests with Node's built-in test runner (no npm install needed).
# Called by Maven in the `test` phase of dashboard-ui; also runnable by hand from dashboard-ui/.
set -euo pipefail
script="${BASH_SOURCE[0]}"
[[ "$script" == */* ]] || script="./$script"
cd "${script%/*}/../.."
if ! command -v node >/dev/null 2>&1; then
  echo "dashboard-ui: Node.js 20 or newer is needed to run the JavaScript unit tests (node --test)." >&2
  echo "dashboard-ui: install it (Debian: apt-get install -y nodejs) or skip tests with -DskipTests." >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "dashboard-ui: Node.js $(node --version) is too old for the JavaScript unit tests; 20 or newer is needed." >&2
  exit 1
fi
exec node --test --test-reporter=spec src/test/js/
