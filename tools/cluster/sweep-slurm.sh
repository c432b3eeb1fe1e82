#!/usr/bin/env bash
# A qasim sweep on a Slurm cluster: a job array with one task per shard, each writing its own folder, and the
# merge as a job that starts when every task has succeeded (afterok). Run it on a login node, from any folder
# of a file system the compute nodes share; it builds qasim once, creates the log folder, then submits.
#
#   tools/cluster/sweep-slurm.sh [options] [-- SWEEP_OPTION...]
#
#   --arch FILE       base architecture           (default arch-configs/tpu-like-int8.yaml)
#   --workload FILE   workload                    (default workloads/resnet18.yaml)
#   --grid FILE       grid                        (default arch-configs/sweeps/dataflow-array-acc.yaml)
#   --out DIR         results: DIR/shard-I/ per shard, DIR/merged/, DIR/logs/ (default results/sweep)
#   --shards N        number of shards, array tasks 0..N-1 (default 8)
#   --only LIST       submit only these shards (e.g. 3 or 1,5): a task that failed, was cancelled or ran out
#                     of time is resubmitted alone and resumes (the points it finished are kept); --shards
#                     must be the number of the first submission
#   --cpus C          CPUs per task (sbatch --cpus-per-task; qasim sweep --jobs C) (default 4)
#   --mem SIZE        memory per task, sbatch's units (8G, 4096M) (default 8G); the JVM heap gets 3/4
#                     (JAVA_OPTS, if set, replaces that)
#   --time LIMIT      time limit per task, sbatch's format (minutes, H:MM:SS, D-HH) (default 02:00:00)
#   --no-merge        submit the shards only
#   --merge-only      submit the merge only, now (it refuses while a shard has not finished)
#   -- ...            further options of qasim sweep (--set PATH=VALUE, --values off)
#
# Relative paths are taken from the current folder. sbatch's own input variables choose the partition and
# account (SBATCH_PARTITION, SBATCH_ACCOUNT, ...). Prints on stdout "array JOBID" and "merge JOBID" for the
# jobs it submitted. The tasks run tools/qasim with QASIM_NO_BUILD=1: they use the jar built here.
#
# Under Slurm the script runs itself with an internal first argument (shard or merge); do not submit it
# with sbatch directly.
set -euo pipefail

self="$(readlink -f "${BASH_SOURCE[0]}")"

fail() { echo "sweep-slurm: $*" >&2; exit 2; }

# --- inside Slurm: one shard, or the merge ----------------------------------------------------------------
if [ "${1:-}" = shard ]; then
  root="$2" out="$3" shards="$4"
  shift 4
  [ -n "${SLURM_ARRAY_TASK_ID:-}" ] || fail "the shard step runs as a task of the job array"
  # the shard is the task's id of N, given explicitly: a resubmitted task (--array=3) keeps its shard
  exec "$root/tools/qasim" sweep "$@" --shard "$SLURM_ARRAY_TASK_ID/$shards" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
    --out "$out/shard-$SLURM_ARRAY_TASK_ID"
fi
if [ "${1:-}" = merge ]; then
  root="$2" out="$3" shards="$4"
  folders=()
  for ((i = 0; i < shards; i++)); do folders+=("$out/shard-$i"); done
  exec "$root/tools/qasim" merge "${folders[@]}" --out "$out/merged"
fi
if [ -n "${SLURM_JOB_ID:-}" ]; then
  fail "run this script on a login node (it calls sbatch itself), not as a job: tools/cluster/sweep-slurm.sh --help"
fi

# --- on the login node: check, build, submit ----------------------------------------------------------------
root="$(cd "$(dirname "$self")/../.." && pwd)"
arch="$root/arch-configs/tpu-like-int8.yaml"
workload="$root/workloads/resnet18.yaml"
grid="$root/arch-configs/sweeps/dataflow-array-acc.yaml"
out="results/sweep" shards=8 only="" cpus=4 mem=8G limit=02:00:00 merge=1 shards_too=1
sweep_options=()
usage() { sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
value() { [ $# -ge 2 ] && [ -n "$2" ] || fail "$1 needs a value"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) value "$@"; arch="$2"; shift 2 ;;
    --workload) value "$@"; workload="$2"; shift 2 ;;
    --grid) value "$@"; grid="$2"; shift 2 ;;
    --out) value "$@"; out="$2"; shift 2 ;;
    --shards) value "$@"; shards="$2"; shift 2 ;;
    --only) value "$@"; only="$2"; shift 2 ;;
    --cpus) value "$@"; cpus="$2"; shift 2 ;;
    --mem) value "$@"; mem="$2"; shift 2 ;;
    --time) value "$@"; limit="$2"; shift 2 ;;
    --no-merge) merge=0; shift ;;
    --merge-only) shards_too=0; shift ;;
    -h | --help) usage 0 ;;
    --) shift; sweep_options=("$@"); break ;;
    *) fail "unknown option $1; allowed: --arch, --workload, --grid, --out, --shards, --only, --cpus, --mem, --time, --no-merge, --merge-only, -- (then qasim sweep options)" ;;
  esac
done

problems=()
[[ "$shards" =~ ^[1-9][0-9]{0,4}$ ]] || problems+=("--shards $shards: must be an integer from 1 to 99999")
[[ "$cpus" =~ ^[1-9][0-9]{0,3}$ ]] && [ "$cpus" -le 1024 ] || problems+=("--cpus $cpus: must be an integer from 1 to 1024")
if [[ "$mem" =~ ^([1-9][0-9]*)([KMGT]?)$ ]]; then
  case "${BASH_REMATCH[2]}" in
    K) mem_mb=$((BASH_REMATCH[1] / 1024)) ;;
    "" | M) mem_mb=${BASH_REMATCH[1]} ;;
    G) mem_mb=$((BASH_REMATCH[1] * 1024)) ;;
    T) mem_mb=$((BASH_REMATCH[1] * 1024 * 1024)) ;;
  esac
  [ "$mem_mb" -ge 256 ] || problems+=("--mem $mem: at least 256M (the JVM needs it)")
else
  problems+=("--mem $mem: a size in sbatch's units, an integer with K, M, G or T (8G, 4096M)")
fi
[ "$merge" = 1 ] || [ "$shards_too" = 1 ] || problems+=("--no-merge and --merge-only: one of the two at most")
if [ -n "$only" ]; then
  if [[ "$only" =~ ^[0-9]+(,[0-9]+)*$ ]]; then
    IFS=, read -ra listed <<<"$only"
    if [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
      for i in "${listed[@]}"; do
        [ "$((10#$i))" -lt "$shards" ] || problems+=("--only $only: shard $i is not one of 0..$((shards - 1))")
      done
    fi
  else
    problems+=("--only $only: a shard or a comma-separated list of shards (3 or 1,5)")
  fi
fi
for f in "$arch" "$workload" "$grid"; do
  [ -f "$f" ] || problems+=("$f: no such file")
done
command -v sbatch >/dev/null 2>&1 || problems+=("sbatch is not installed here: run this on a Slurm login node")
if [ ${#problems[@]} -gt 0 ]; then
  printf 'sweep-slurm: %s\n' "${problems[@]}" >&2
  exit 2
fi

absolute() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
arch="$(absolute "$arch")" workload="$(absolute "$workload")" grid="$(absolute "$grid")"
mkdir -p "$out/logs" # before submitting: Slurm opens the task logs there when the tasks start
out="$(cd "$out" && pwd)"

# Build once here, so the tasks (QASIM_NO_BUILD=1) start at once without Maven.
"$root/tools/qasim" --version >/dev/null

export QASIM_NO_BUILD=1
export JAVA_OPTS="${JAVA_OPTS:--Xmx$((mem_mb * 3 / 4))m}"
common=(--parsable --mem="$mem" --time="$limit" --export=ALL)
array=""
if [ "$shards_too" = 1 ]; then
  array="$(sbatch "${common[@]}" --cpus-per-task="$cpus" --job-name=qasim-sweep --array="${only:-0-$((shards - 1))}" \
    --output="$out/logs/shard-%a-job-%A.log" \
    "$self" shard "$root" "$out" "$shards" --arch "$arch" --workload "$workload" --grid "$grid" "${sweep_options[@]}")"
  array="${array%%;*}"
  echo "array $array"
  echo "sweep-slurm: shards ${only:-0-$((shards - 1))} of $shards submitted as array job $array; logs in $out/logs/" >&2
fi
if [ "$merge" = 1 ]; then
  dependency=()
  # afterok: the merge runs once every task succeeded; if one fails, is cancelled or runs out of time, the
  # merge can never run and Slurm cancels it (--kill-on-invalid-dep) instead of leaving it pending
  [ -n "$array" ] && dependency=(--dependency="afterok:$array" --kill-on-invalid-dep=yes)
  job="$(sbatch "${common[@]}" --cpus-per-task=1 --job-name=qasim-merge "${dependency[@]}" --output="$out/logs/merge-job-%j.log" \
    "$self" merge "$root" "$out" "$shards")"
  job="${job%%;*}"
  echo "merge $job"
  echo "sweep-slurm: merge job $job${array:+ runs after array job $array}: $out/merged" >&2
fi
