package io.pgmux.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** PostgreSQL and PgBouncer as local processes in one temporary directory, on free ports of 127.0.0.1. */
final class LocalTestDatabase extends AbstractTestDatabase {

    static final String HOST = "127.0.0.1";

    private final Path runDirectory;
    private final LocalPostgres postgres;
    private final LocalPgBouncer pgbouncer;
    private final int postgresPort;
    private final int pgbouncerPort;
    private final AdminConsole adminConsole;
    private final LocalBinaries binaries;
    private final ServiceUser serviceUser;
    /** The primary as a node, for its standby to copy and follow. */
    private final LocalNode primary;
    private LocalStandby standby;
    /** Kept for the standby's replacements, so that PgBouncer's standby alias stays right; 0 before the first. */
    private int standbyPort;

    private LocalTestDatabase(LocalBinaries binaries, ServiceUser serviceUser, Credentials credentials, Path runDirectory,
                              LocalPostgres postgres, int postgresPort, LocalPgBouncer pgbouncer, int pgbouncerPort) {
        super(credentials);
        this.runDirectory = runDirectory;
        this.postgres = postgres;
        this.postgresPort = postgresPort;
        this.pgbouncer = pgbouncer;
        this.pgbouncerPort = pgbouncerPort;
        this.adminConsole = new LocalAdminConsole(binaries.postgresProgram("psql"), HOST, pgbouncerPort, credentials);
        this.binaries = binaries;
        this.serviceUser = serviceUser;
        this.primary = new LocalNode(credentials, postgres, runDirectory, postgresPort);
    }

    static LocalTestDatabase start(LocalBinaries binaries) {
        AbandonedRuns.cleanUp();
        ServiceUser serviceUser = ServiceUser.current();
        Credentials credentials = Credentials.generate();
        Path runDirectory = AbandonedRuns.newRunDirectory();
        LocalPostgres postgres = new LocalPostgres(binaries, serviceUser, runDirectory);
        LocalPgBouncer pgbouncer = null;
        try {
            int postgresPort = freePort();
            postgres.initdb(credentials, postgresPort);
            postgres.start();
            int pgbouncerPort = freePort();
            pgbouncer = new LocalPgBouncer(binaries, serviceUser, runDirectory, HOST, pgbouncerPort);
            LocalTestDatabase database = new LocalTestDatabase(binaries, serviceUser, credentials, runDirectory, postgres,
                    postgresPort, pgbouncer, pgbouncerPort);
            database.execAsSuperuserInMaintenanceDatabase(credentials.provisioningSql());
            database.execAsSuperuser(credentials.schemaSql());
            pgbouncer.configure(postgresPort, credentials);
            pgbouncer.start();
            return database;
        } catch (RuntimeException e) {
            stopAndDelete(postgres, pgbouncer, runDirectory);
            throw new IllegalStateException("Could not start PostgreSQL (" + binaries.postgresBin() + ") and PgBouncer ("
                    + binaries.pgbouncer() + ") in " + runDirectory + ": " + e.getMessage(), e);
        }
    }

    /** Another JVM may take the port between this check and the server's bind; a failed start then says so. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free TCP port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    @Override
    void shutdown() {
        synchronized (this) {
            if (standby != null) {
                standby.destroy();
            }
        }
        stopAndDelete(postgres, pgbouncer, runDirectory);
    }

    private static void stopAndDelete(LocalPostgres postgres, LocalPgBouncer pgbouncer, Path runDirectory) {
        if (pgbouncer != null) {
            pgbouncer.stop();
        }
        postgres.stopImmediately();
        AbandonedRuns.delete(runDirectory);
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int postgresPort() {
        return postgresPort;
    }

    @Override
    public int pgbouncerPort() {
        return pgbouncerPort;
    }

    @Override
    AdminConsole adminConsole() {
        return adminConsole;
    }

    @Override
    public ServerProcess postgres() {
        return postgres;
    }

    @Override
    public ServerProcess pgbouncer() {
        return pgbouncer;
    }

    Path runDirectory() {
        return runDirectory;
    }

    @Override
    public synchronized Standby standby() {
        if (standby != null && !standby.isStandby()) {
            standby.destroyAndDropSlot();
            standby = null;
        }
        if (standby == null) {
            boolean first = standbyPort == 0;
            standby = LocalStandby.start(binaries, serviceUser, primary, first ? freePort() : standbyPort);
            if (first) {
                standbyPort = standby.port();
                pgbouncer.configure(postgresPort, standbyPort, credentials);
                if (pgbouncer.isRunning()) {
                    adminConsole.run("RELOAD");
                }
            }
            return standby;
        }
        // whatever an earlier test left
        standby.start();
        if (!standby.applyDelay().isZero()) {
            standby.setApplyDelay(java.time.Duration.ZERO);
        }
        return standby;
    }

    @Override
    public synchronized PgBouncer newPgBouncer() {
        return StandalonePgBouncer.start(binaries, serviceUser, credentials, postgresPort, standbyPort);
    }

    @Override
    public ReplicatedPair newReplicatedPair() {
        return LocalReplicatedPair.start(binaries, serviceUser, credentials);
    }
}
