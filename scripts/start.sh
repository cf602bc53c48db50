#!/usr/bin/env bash
# README command 1: install everything, build, and start the API + console on http://localhost:3000.
# Without DATABASE_URL the data lives in an embedded PostgreSQL (PGlite) under ./.data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
install_and_build
exec node apps/api/dist/main.js
