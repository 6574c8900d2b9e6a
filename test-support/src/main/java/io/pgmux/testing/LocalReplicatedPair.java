package io.pgmux.testing;

import java.util.List;

/** A local primary and its standby, each in a run directory of its own. */
final class LocalReplicatedPair implements ReplicatedPair {

    private final LocalNode primary;
    private final LocalStandby standby;
    private final Thread shutdownHook;

    private LocalReplicatedPair(LocalNode primary, LocalStandby standby) {
        this.primary = primary;
        this.standby = standby;
        this.shutdownHook = new Thread(this::destroy, "pgmux-replicated-pair-shutdown");
    }

    static LocalReplicatedPair start(LocalBinaries binaries, ServiceUser serviceUser, Credentials credentials) {
        LocalNode primary = LocalNode.startPrimary(binaries, serviceUser, credentials);
        try {
            LocalStandby standby = LocalStandby.start(binaries, serviceUser, primary, LocalTestDatabase.freePort());
            LocalReplicatedPair pair = new LocalReplicatedPair(primary, standby);
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
        return "jdbc:postgresql://" + primary.host() + ':' + primary.port() + ',' + standby.host() + ':' + standby.port()
                + '/' + Credentials.DATABASE;
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
