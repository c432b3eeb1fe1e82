#!/usr/bin/env bash
# The Slurm test: the shipped Slurm script (tools/cluster/sweep-slurm.sh), submitted to a real one-node Slurm
# cluster (tools/cluster/slurm-local.sh: 2 CPUs), with faults injected through the scheduler. Run by the test
# suite (dev.qasim.tools.SlurmClusterIT, after the jar is built); by hand:
#
#   tools/cluster/test-slurm.sh [WORKDIR]      (default: a new folder under $TMPDIR or /tmp, kept)
#
# What it checks, in one run of about two minutes:
# - the shipped grid (arch-configs/sweeps/dataflow-array-acc.yaml, 30 points) on the MNIST MLP of
#   workloads/ at batch 256 runs as a job array of 4 shards of 1 CPU, with the merge as a dependent job;
# - scancel of array task 2 after it finished some of its points and before it finished them all: the
#   task ends CANCELLED, the merge job is cancelled by Slurm without running (its dependency can no longer
#   be met), the shard has no sweep.json;
# - a merge submitted while shard 2 is incomplete fails with exit code 2 and qasim's line naming the shard;
# - shard 2 resubmitted alone (--only 2) resumes: it reuses exactly the points it had finished, its sweep.csv
#   then holds each of its 7 points once, and the merge that follows writes files identical, byte for byte,
#   to those of an unsharded run of the same sweep (outside Slurm);
# - a task of the shipped grid on VGG-16 (one shard) with a time limit of 1 minute is killed by Slurm (state
#   TIMEOUT), keeps the points it finished, has no sweep.json, and a merge of it is refused. (ResNet-18, the
#   shipped sweep's own workload, now finishes its 30 points within the minute on one CPU.)
# Exit code 0 when every check passed, 1 when one failed (the failed check on stderr), 77 when no Slurm
# cluster can start here (the reason on stderr). The figures of the run are printed on stdout.
set -euo pipefail

self="$(readlink -f "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$self")/../.." && pwd)"

if [ "${1:-}" != inside ]; then
  work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/qasim-slurm-test.XXXXXX")}"
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
  echo "slurm-test: working in $work" >&2
  exec "$root/tools/cluster/slurm-local.sh" "$work/cluster" 2 -- "$self" inside "$work"
fi
work="$2"
start=$(date +%s)
jobcomp="$work/cluster/jobcomp.txt"

say() { echo "slurm-test: $*" >&2; }
fail() {
  echo "slurm-test: FAILED: $*" >&2
  echo "--- squeue" >&2
  squeue >&2 || true
  echo "--- $jobcomp" >&2
  cat "$jobcomp" >&2 2>/dev/null || true
  exit 1
}
figure() { echo "$*"; }

# The job-completion log's line of a job (JOBID) or of an array task (JOBID TASK), once it has finished.
record() {
  if [ $# -eq 2 ]; then
    grep -E "ArrayJobId=$1 ArrayTaskId=$2 " "$jobcomp" 2>/dev/null | tail -n 1 || true
  else
    grep -E "^JobId=$1 " "$jobcomp" 2>/dev/null | tail -n 1 || true
  fi
}
field() { sed -nE "s/.* $1=([^ ]*) .*/\1/p" <<<"$2"; }
# Waits until the job (or task) has finished, up to SECONDS; prints its record.
finished() {
  local seconds="$1" line=""
  shift
  for _ in $(seq 1 $((seconds * 5))); do
    line="$(record "$@")"
    [ -n "$line" ] && break
    sleep 0.2
  done
  [ -n "$line" ] || fail "job $* has not finished after $seconds s"
  echo "$line"
}
# The number of points whose rows are all in a sweep.csv (a point's totals row is its last: layer empty).
points() { if [ -f "$1" ]; then grep -cE '^[0-9]+,,' "$1" || true; else echo 0; fi; }
submit() { "$root/tools/cluster/sweep-slurm.sh" "$@" 2>>"$work/submissions.log"; }
job() { sed -n "s/^$1 //p" <<<"$2"; }

# The sweep: the shipped grid on the shipped MLP at batch 256 (about half a second a point on one core)
mlp="$work/mlp-784-512-512-10-batch256.yaml"
sed -E 's/batch: 1 \}/batch: 256 }/; s/^name: .*/name: mlp-784-512-512-10-batch256/' \
  "$root/workloads/mlp-784-512-512-10.yaml" >"$mlp"
[ "$(grep -c 'batch: 256' "$mlp")" = 3 ] || fail "could not set the MLP's batch in $mlp"
sweep=(--arch "$root/arch-configs/tpu-like-int8.yaml" --workload "$mlp"
  --grid "$root/arch-configs/sweeps/dataflow-array-acc.yaml")
main="$work/main"
shard2=(2 6 10 14 18 22 26) # the points of shard 2 of 4 of 30: positions 2, 6, 10, ...

# 1. The time-limit task first, on one of the two CPUs: the shipped grid on VGG-16, one shard, 1 minute
vgg16=(--workload "$root/workloads/vgg16.yaml")
ids="$(submit "${vgg16[@]}" --out "$work/timeout" --shards 1 --cpus 1 --mem 2G --time 1 --no-merge)" \
  || fail "submitting the time-limited sweep: $(tail -n 5 "$work/submissions.log")"
timeout_job="$(job array "$ids")"
say "time-limited task: array job $timeout_job"

# 2. The sweep as 4 shards and the merge after them
ids="$(submit "${sweep[@]}" --out "$main" --shards 4 --cpus 1 --mem 2G --time 10)" \
  || fail "submitting the sweep: $(tail -n 5 "$work/submissions.log")"
array="$(job array "$ids")" merge1="$(job merge "$ids")"
[ -n "$array" ] && [ -n "$merge1" ] || fail "sweep-slurm.sh printed no job ids: $ids"
say "sweep: array job $array (shards 0-3), merge job $merge1"

# 3. The same sweep unsharded, outside Slurm, for the byte comparison
QASIM_NO_BUILD=1 "$root/tools/qasim" sweep "${sweep[@]}" --jobs 1 --out "$work/unsharded" >"$work/unsharded.log" 2>&1 &
unsharded_pid=$!

# 4. Cancel task 2 midway: once it finished a point, before it finished all 7
for _ in $(seq 1 3000); do
  done_points="$(points "$main/shard-2/sweep.csv")"
  [ "$done_points" -ge 1 ] && break
  [ -n "$(record "$array" 2)" ] && fail "task ${array}_2 ended before a point of it was seen finished"
  sleep 0.1
done
[ "$done_points" -ge 1 ] || fail "task ${array}_2 finished no point in 300 s"
scancel "${array}_2"
line="$(finished 60 "$array" 2)"
[ "$(field JobState "$line")" = CANCELLED ] || fail "task ${array}_2 ended $(field JobState "$line"), not CANCELLED"
kept="$(points "$main/shard-2/sweep.csv")"
[ "$kept" -ge 1 ] && [ "$kept" -lt 7 ] || fail "shard 2 holds $kept finished points after the cancel: not midway"
[ ! -e "$main/shard-2/sweep.json" ] || fail "the cancelled shard 2 has a sweep.json"
say "task ${array}_2 cancelled after $kept of its 7 points"

# 5. The other tasks finish; the merge after the array can no longer run: Slurm cancels it, it never starts
for task in 0 1 3; do
  line="$(finished 300 "$array" "$task")"
  [ "$(field JobState "$line")" = COMPLETED ] || fail "task ${array}_$task ended $(field JobState "$line")"
done
line="$(finished 120 "$merge1")"
[ "$(field JobState "$line")" = CANCELLED ] || fail "merge job $merge1 ended $(field JobState "$line"), not CANCELLED"
[ ! -e "$main/logs/merge-job-$merge1.log" ] || fail "merge job $merge1 started although a shard was cancelled"
[ ! -e "$main/merged" ] || fail "a merged folder exists although the merge should not have run"

# 6. A merge submitted now refuses the incomplete shard
ids="$(submit "${sweep[@]}" --out "$main" --shards 4 --mem 2G --merge-only)" || fail "submitting the early merge"
merge2="$(job merge "$ids")"
line="$(finished 120 "$merge2")"
[ "$(field JobState "$line")" = FAILED ] && [ "$(field ExitCode "$line")" = 2:0 ] \
  || fail "the merge with shard 2 incomplete ended $(field JobState "$line") with exit $(field ExitCode "$line"), not FAILED with 2"
refusal="$(grep -F "$main/shard-2" "$main/logs/merge-job-$merge2.log" || true)"
grep -qF "has no sweep.json" <<<"$refusal" || fail "the early merge's log does not name the incomplete shard 2: $(cat "$main/logs/merge-job-$merge2.log")"
[ ! -e "$main/merged" ] || fail "the refused merge wrote $main/merged"
say "merge job $merge2 refused: $refusal"

# 7. Shard 2 resubmitted alone resumes; its merge follows
ids="$(submit "${sweep[@]}" --out "$main" --shards 4 --only 2 --cpus 1 --mem 2G --time 10)" || fail "resubmitting shard 2"
array2="$(job array "$ids")" merge3="$(job merge "$ids")"
line="$(finished 300 "$array2" 2)"
[ "$(field JobState "$line")" = COMPLETED ] || fail "the resubmitted shard 2 (job ${array2}_2) ended $(field JobState "$line")"
resumed_log="$main/logs/shard-2-job-$array2.log"
grep -qE "; $kept finished by an earlier run$" "$resumed_log" \
  || fail "the resubmitted shard did not reuse the $kept points it had: $(cat "$resumed_log")"
ran="$(sed -nE 's/^ran ([0-9]+) points in .*/\1/p' "$resumed_log")"
[ "$ran" = $((7 - kept)) ] || fail "the resubmitted shard ran $ran points, not the $((7 - kept)) it had not finished"
ids_in_csv="$(grep -oE '^[0-9]+,,' "$main/shard-2/sweep.csv" | tr -d , | tr '\n' ' ')"
[ "$ids_in_csv" = "${shard2[*]} " ] || fail "shard 2's totals rows are for points $ids_in_csv, not ${shard2[*]} once each"
for p in "${shard2[@]}"; do
  rows="$(grep -cE "^$p," "$main/shard-2/sweep.csv")"
  [ "$rows" = 4 ] || fail "point $p has $rows rows in shard 2's sweep.csv, not 4 (3 layers and the totals)"
done
line="$(finished 120 "$merge3")"
[ "$(field JobState "$line")" = COMPLETED ] || fail "the merge after the resubmission ended $(field JobState "$line")"

# 8. Merged equals unsharded, byte for byte
wait "$unsharded_pid" || fail "the unsharded sweep failed: $(cat "$work/unsharded.log")"
# provenance.json records which command wrote a folder and when (a merge, a sweep): it differs by design, so it is
# checked for presence and left out of the byte comparison of the results
files() { (cd "$1" && find . -type f ! -name .sweep.lock ! -name provenance.json | sort); }
for d in "$main/merged" "$work/unsharded"; do
  [ -f "$d/provenance.json" ] || fail "$d has no provenance.json"
done
[ "$(files "$main/merged")" = "$(files "$work/unsharded")" ] \
  || fail "the merged and unsharded folders hold different files: $(diff <(files "$main/merged") <(files "$work/unsharded"))"
compared=0 bytes=0
while read -r f; do
  cmp -s "$main/merged/$f" "$work/unsharded/$f" || fail "$f differs between the merged and the unsharded results"
  compared=$((compared + 1))
  bytes=$((bytes + $(stat -c %s "$work/unsharded/$f")))
done < <(files "$work/unsharded")
[ "$(points "$main/merged/sweep.csv")" = 30 ] || fail "the merged sweep.csv does not hold 30 points"
say "merged = unsharded: $compared files, $bytes bytes"

# 9. The time-limited task: killed by Slurm, its finished points kept, its merge refused
line="$(finished 240 "$timeout_job" 0)"
[ "$(field JobState "$line")" = TIMEOUT ] || fail "the time-limited task ended $(field JobState "$line"), not TIMEOUT"
timeout_log="$work/timeout/logs/shard-0-job-$timeout_job.log"
grep -q "DUE TO TIME LIMIT" "$timeout_log" || fail "the time-limited task's log does not say it hit its limit: $(tail -n 5 "$timeout_log")"
timeout_points="$(points "$work/timeout/shard-0/sweep.csv")"
[ "$timeout_points" -ge 1 ] && [ "$timeout_points" -lt 30 ] \
  || fail "the time-limited task kept $timeout_points points; expected some of the 30, not all"
[ ! -e "$work/timeout/shard-0/sweep.json" ] || fail "the time-limited task has a sweep.json"
ids="$(submit "${vgg16[@]}" --out "$work/timeout" --shards 1 --mem 2G --merge-only)" || fail "submitting the time-limited sweep's merge"
merge4="$(job merge "$ids")"
line="$(finished 120 "$merge4")"
[ "$(field ExitCode "$line")" = 2:0 ] || fail "the merge of the timed-out shard ended with exit $(field ExitCode "$line"), not 2"
elapsed() { # seconds between a record's StartTime and EndTime
  echo $(($(date -d "$(field EndTime "$1")" +%s) - $(date -d "$(field StartTime "$1")" +%s)))
}
timeout_line="$(record "$timeout_job" 0)"

figure "slurm test passed in $(($(date +%s) - start)) s (cluster up before that; 2 CPUs, one node)"
figure "sweep: arch-configs/sweeps/dataflow-array-acc.yaml on the MNIST MLP at batch 256, 30 points, 4 shards (array job $array, 1 CPU per task), merge after them (afterok)"
figure "fault scancel: task ${array}_2 cancelled after $kept of its 7 points; merge job $merge1 cancelled by Slurm without running"
figure "fault early merge: job $merge2 FAILED with exit 2: $refusal"
figure "resume: shard 2 resubmitted (array job $array2, --only 2) reused $kept points and ran $((7 - kept)); its sweep.csv holds points ${shard2[*]} once each"
figure "byte comparison: merged (job $merge3) and unsharded results identical: $compared files, $bytes bytes (cmp)"
figure "fault time limit: task ${timeout_job}_0 (VGG-16, --time 1) TIMEOUT after $(elapsed "$timeout_line") s with $timeout_points of 30 points kept, no sweep.json; its merge (job $merge4) refused with exit 2"
