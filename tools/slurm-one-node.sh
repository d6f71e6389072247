#!/bin/sh
# A throw-away one-node Slurm cluster on this machine, for tests and for trying the Slurm
# launcher without a real cluster (see docs/cluster.md). Needs root and the Debian packages
# slurm-wlm and munge; no systemd.
#
#   tools/slurm-one-node.sh start DIR   # writes DIR/slurm.conf, starts munged, slurmctld, slurmd
#   export SLURM_CONF=DIR/slurm.conf    # then sbatch/squeue/sacct talk to this cluster
#   tools/slurm-one-node.sh stop DIR    # stops the daemons it started (by their PID files)
#
# Everything (state, spool, logs, PID files, munge socket and key) lives under DIR, so several
# clusters can coexist; ports are chosen from free ones (SLURM_ONE_NODE_PORT to force a base).
# `start` exits 0 once the node accepts jobs, non-zero (with the daemon logs) otherwise.
set -eu

usage() { echo "usage: $0 start|stop|status DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

stop() {
  for d in slurmd slurmctld munged; do
    f="$dir/$d.pid"
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    if kill "$pid" 2>/dev/null; then
      # Give it a few seconds to exit cleanly, then insist.
      i=0
      while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}

free_port() {
  # First port p >= $1 with p and p+1 both unused (slurmctld uses p, slurmd p+1).
  p=$1
  while ss -Hltn "( sport = :$p or sport = :$((p + 1)) )" 2>/dev/null | grep -q .; do p=$((p + 2)); done
  echo "$p"
}

case "$cmd" in
stop) stop; exit 0 ;;
status) SLURM_CONF="$dir/slurm.conf" sinfo; exit $? ;;
start) ;;
*) usage ;;
esac

[ "$(id -u)" -eq 0 ] || { echo "slurm-one-node: must run as root (slurmd starts jobs as their user)" >&2; exit 3; }
for b in munged slurmctld slurmd sbatch sinfo; do
  command -v "$b" >/dev/null 2>&1 || { echo "slurm-one-node: $b not found (apt-get install slurm-wlm munge)" >&2; exit 3; }
done

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
base=${SLURM_ONE_NODE_PORT:-$((20000 + $$ % 20000))}
port=$(free_port "$base")
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
chmod 700 "$dir/munge"

# munged: own key, socket, PID, seed and log file, so no system-wide munge is touched.
if [ ! -s "$dir/munge/munge.key" ]; then
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 2>/dev/null
  chmod 400 "$dir/munge/munge.key"
fi
munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munged.pid" --seed-file="$dir/munge/munged.seed" --log-file="$dir/log/munged.log" \
  || { echo "slurm-one-node: munged did not start:" >&2; cat "$dir/log/munged.log" >&2 2>/dev/null; exit 4; }

cat >"$dir/slurm.conf" <<EOF
# Written by tools/slurm-one-node.sh: a one-node cluster for tests.
ClusterName=merlab-test
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MinJobAge=300
MaxArraySize=10001
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF

export SLURM_CONF="$dir/slurm.conf"
fail() {
  echo "slurm-one-node: $1" >&2
  for f in "$dir"/log/*.log; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done
  stop
  exit 4
}
# -i: ignore saved state from an earlier cluster in the same DIR.
slurmctld -i -f "$dir/slurm.conf" || fail "slurmctld did not start"
slurmd -f "$dir/slurm.conf" || fail "slurmd did not start"

i=0
until sinfo -h -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; do
  i=$((i + 1))
  [ $i -lt 150 ] || fail "the node did not become idle within 30 s"
  sleep 0.2
done
echo "SLURM_CONF=$dir/slurm.conf"
