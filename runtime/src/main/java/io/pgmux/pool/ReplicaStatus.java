package io.pgmux.pool;

/** A pool's place in replication, as its MBean shows it: a primary, or a standby with its health and lag. */
public interface ReplicaStatus {

    /** A pool of the primary (or of a server that is not part of replication): always healthy, no lag. */
    ReplicaStatus PRIMARY = new ReplicaStatus() {
        @Override
        public String role() {
            return "primary";
        }

        @Override
        public boolean healthy() {
            return true;
        }

        @Override
        public long replicationLagMillis() {
            return 0;
        }
    };

    /** {@code primary} or {@code standby}. */
    String role();

    /** A standby: reachable, still in recovery and within {@code pgmux.standby.maxLagMs}; it gets reads only then. */
    boolean healthy();

    /** How far a standby's replay is behind the primary, by LSN, in milliseconds; 0 for a primary. */
    long replicationLagMillis();
}
