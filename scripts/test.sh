#!/usr/bin/env bash
# README command 2: install everything, build, and run every test: unit and property tests of the
# pure rules, API integration tests (TEST_DATABASE_URL = a real PostgreSQL server when set, else
# embedded PGlite), the contract drift check, and the browser journeys in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
install_and_build

echo "== Contract drift"
pnpm run contract:check

echo "== Unit, property and integration tests (jest)"
mkdir -p .data
jest_status=0
NODE_OPTIONS=--experimental-vm-modules pnpm exec jest --json --outputFile=.data/jest-results.json "$@" || jest_status=$?

echo "== Browser journeys (playwright-core + Chromium)"
e2e_status=0
node apps/web/e2e/run.mjs | tee .data/e2e-output.txt || e2e_status=$?

node -e '
  const fs = require("fs");
  const jest = JSON.parse(fs.readFileSync(".data/jest-results.json", "utf8"));
  const e2e = fs.readFileSync(".data/e2e-output.txt", "utf8").match(/(\d+) passed, (\d+) failed/);
  const passed = jest.numPassedTests + (e2e ? Number(e2e[1]) : 0);
  const failed = jest.numFailedTests + (e2e ? Number(e2e[2]) : 1);
  console.log(`\nAll tests: ${passed} passed, ${failed} failed, ${jest.numPendingTests} skipped`);
'
if [[ $jest_status -ne 0 || $e2e_status -ne 0 ]]; then exit 1; fi
