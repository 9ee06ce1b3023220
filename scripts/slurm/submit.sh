#!/usr/bin/env bash
# Runs a scenario's replications as a Slurm job array of N shards, then merges
# them in a job that starts only when every shard succeeded.
#
#   scripts/slurm/submit.sh SCENARIO.toml N OUTDIR [simulate options...]
#
# Environment: CALLSIM (the callsim binary, default `callsim` on PATH),
# FORMAT (json, csv or table for the merged report, default json),
# CPUS_PER_SHARD (threads per shard, default 1), SBATCH_ARGS (extra sbatch
# options, e.g. "--partition=long --time=02:00:00").
# Prints the array job id and the merge job id; the report lands in
# OUTDIR/result.FORMAT, the shard logs in OUTDIR/shard-I.log.
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,13p' "$0" >&2
    exit 2
fi
scenario=$(realpath "$1")
shards=$2
outdir=$(realpath -m "$3")
shift 3
case "$shards" in
    ''|*[!0-9]*|0) echo "submit.sh: N must be a whole number of shards >= 1, got '$shards'" >&2; exit 2 ;;
esac
[ -f "$scenario" ] || { echo "submit.sh: no scenario file $scenario" >&2; exit 2; }
mkdir -p "$outdir"
here=$(dirname "$(realpath "$0")")
callsim=${CALLSIM:-$(command -v callsim || echo callsim)}

# Validate once here, so a bad scenario fails now rather than in N jobs.
"$callsim" simulate "$scenario" --quiet --set simulation.replications=1 "$@" --format json >/dev/null

export SCENARIO="$scenario" SHARDS="$shards" OUTDIR="$outdir" CALLSIM="$callsim" EXTRA_ARGS="$*" FORMAT="${FORMAT:-json}"
# shellcheck disable=SC2086  # SBATCH_ARGS is a list of words on purpose
array=$(sbatch --parsable --array="1-$shards" --cpus-per-task="${CPUS_PER_SHARD:-1}" \
    --output="$outdir/shard-%a.log" --export=ALL ${SBATCH_ARGS:-} "$here/shard.sbatch")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable --dependency="afterok:$array" --output="$outdir/merge.log" \
    --export=ALL ${SBATCH_ARGS:-} "$here/merge.sbatch")
merge=${merge%%;*}
echo "$array $merge"
