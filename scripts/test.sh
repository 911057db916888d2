#!/usr/bin/env bash
# test.sh [--unit-only|--e2e-only|--only UNIT E2E|--smoke]: host unit tests
# (cmocka), then the QEMU end-to-end tests. --only runs the unit tests whose
# name starts with UNIT and the e2e tests whose name contains E2E; --smoke
# every unit test and run.py's smoke set. Ends with one "N passed, N failed"
# line over both.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mode=${1:-all}
unit_only=test_ e2e_k=
if [ "$mode" = --only ]; then
	unit_only=$2 e2e_k=$3
fi
e2e_args=(-k "$e2e_k")
[ "$mode" = --smoke ] && e2e_args=(--smoke)
passed=0 failed=0

if [ "$mode" != --e2e-only ]; then
	for t in build/unit/"$unit_only"*; do
		[ -x "$t" ] || continue
		log=build/test-logs/unit-$(basename "$t").log
		mkdir -p build/test-logs
		"$t" > "$log" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1 # crashed
		echo "unit $(basename "$t"): $p passed, $f failed"
		[ "$f" -ne 0 ] && grep -E '^\[  (FAILED|ERROR) \]|^\[  ERROR   \]|ERROR|error' "$log" | head -20
		passed=$((passed + p)) failed=$((failed + f))
	done
fi

if [ "$mode" != --unit-only ]; then
	out=$(mktemp)
	/usr/bin/python3 tests/e2e/run.py "${e2e_args[@]}" | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$out")
	f=$(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$out")
	rm -f "$out"
	[ -z "$p" ] && { p=0 f=1; }
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	passed=$((passed + p)) failed=$((failed + f))
fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
