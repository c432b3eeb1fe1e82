#!/usr/bin/env bash
# A qasim sweep as a Slurm job array: one array task per shard, each writing its own folder, then one merge.
# docs/sweeps.md explains the options. Submit from the qasim folder (a shared file system), after building once
# so that the array tasks do not all build at the same time:
#
#   tools/qasim --version
#   jobid=$(sbatch --parsable docs/examples/sweep-slurm.sh)
#   sbatch --dependency=afterok:"$jobid" --wrap "tools/qasim merge results/sweep/shard-* --out results/sweep/all"
#
# A task that failed or was cancelled is run again with the same command (sbatch --array=3 docs/examples/...),
# and resumes where it stopped: the points it had finished are kept.
#SBATCH --job-name=qasim-sweep
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --output=results/sweep/slurm-%A_%a.log
set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
mkdir -p results/sweep
# --shard auto: shard (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP of SLURM_ARRAY_TASK_COUNT
export JAVA_OPTS="-Xmx6g"
exec tools/qasim sweep \
    --arch arch-configs/tpu-like-int8.yaml \
    --workload workloads/resnet18.yaml \
    --grid arch-configs/sweeps/dataflow-array-acc.yaml \
    --shard auto \
    --jobs "${SLURM_CPUS_PER_TASK:-1}" \
    --out "results/sweep/shard-${SLURM_ARRAY_TASK_ID}"
