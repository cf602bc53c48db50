#!/usr/bin/env bash
# The benchmark suite: installs and builds, then seeds a fresh database on the local PostgreSQL and
# runs every benchmark. Writes bench/results/latest.json and docs/performance.md.
#   pnpm bench            full mode (1,000,000 complaints, 100,000 customers)
#   pnpm bench --quick    100,000 complaints, for everyday use
# BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server; a fresh
# database is created on it and dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
install_and_build
exec node bench/run.mjs "$@"
