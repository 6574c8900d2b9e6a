package io.pgmux.testing;

import java.util.List;

/** A local primary and its standby, each in a run directory of its own. */
final class LocalReplicatedPair implements ReplicatedPair {

    private final LocalBinaries binaries;
    private final ServiceUser serviceUser;
    private final String multiHostUrl;
    private final Thread shutdownHook;
    // swapped by a failback; the shutdown hook reads them from another thread
    private volatile LocalNode primary;
    private volatile LocalStandby standby;

    private LocalReplicatedPair(LocalBinaries binaries, ServiceUser serviceUser, LocalNode primary, LocalStandby standby) {
        this.binaries = binaries;
        this.serviceUser = serviceUser;
        this.primary = primary;
        this.standby = standby;
        this.multiHostUrl = "jdbc:postgresql://" + primary.host() + ':' + primary.port() + ',' + standby.host() + ':'
                + standby.port() + '/' + Credentials.DATABASE;
        this.shutdownHook = new Thread(this::destroy, "pgmux-replicated-pair-shutdown");
    }

    static LocalReplicatedPair start(LocalBinaries binaries, ServiceUser serviceUser, Credentials credentials) {
        LocalNode primary = LocalNode.startPrimary(binaries, serviceUser, credentials);
        try {
            LocalStandby standby = LocalStandby.start(binaries, serviceUser, primary, LocalTestDatabase.freePort());
            LocalReplicatedPair pair = new LocalReplicatedPair(binaries, serviceUser, primary, standby);
            Runtime.getRuntime().addShutdownHook(pair.shutdownHook);
            return pair;
        } catch (RuntimeException e) {
            primary.destroy();
            throw e;
        }
    }

    @Override
    public PostgresNode primary() {
        return primary;
    }

    @Override
    public Standby standby() {
        return standby;
    }

    @Override
    public String multiHostUrl() {
        return multiHostUrl;
    }

    @Override
    public synchronized void rebuildOldPrimaryAsStandby() {
        LocalStandby promoted = standby;
        if (promoted.isStandby()) {
            throw new IllegalStateException("Cannot rebuild the old primary on port " + primary.port() + " as a standby:"
                    + " the standby on port " + promoted.port() + " has not been promoted. Kill the primary and call"
                    + " standby().promote() first.");
        }
        LocalNode old = primary;
        // a slot on the old primary, if any, goes with its files: nothing streams from it any more
        old.destroy();
        LocalStandby rebuilt = LocalStandby.start(binaries, serviceUser, promoted, old.port());
        primary = promoted;
        standby = rebuilt;
    }

    @Override
    public void replicateSynchronously() {
        primary.execAsSuperuser("postgres", List.of("ALTER SYSTEM SET synchronous_standby_names = '*'",
                "ALTER SYSTEM SET synchronous_commit = on", "SELECT pg_reload_conf()"));
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run: nothing left to do
        }
    }

    private void destroy() {
        standby.destroy();
        primary.destroy();
    }

    @Override
    public String toString() {
        return "LocalReplicatedPair[primary " + primary + ", standby " + standby + ']';
    }
}
