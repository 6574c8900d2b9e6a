package io.pgmux.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A local PgBouncer with a run directory of its own, in front of the shared primary. */
final class StandalonePgBouncer implements PgBouncer {

    private final LocalPgBouncer pgbouncer;
    private final Path runDirectory;
    private final int port;
    private final Credentials credentials;
    private final AdminConsole adminConsole;
    private final Thread shutdownHook;

    private StandalonePgBouncer(LocalBinaries binaries, LocalPgBouncer pgbouncer, Path runDirectory, int port,
                                Credentials credentials) {
        this.pgbouncer = pgbouncer;
        this.runDirectory = runDirectory;
        this.port = port;
        this.credentials = credentials;
        this.adminConsole = new LocalAdminConsole(binaries.postgresProgram("psql"), LocalTestDatabase.HOST, port, credentials);
        this.shutdownHook = new Thread(this::destroy, "pgmux-pgbouncer-shutdown");
    }

    /** @param standbyPort the shared standby's port, or 0 where none was started */
    static StandalonePgBouncer start(LocalBinaries binaries, ServiceUser serviceUser, Credentials credentials,
                                     int postgresPort, int standbyPort) {
        Path runDirectory = AbandonedRuns.newRunDirectory();
        int port = LocalTestDatabase.freePort();
        LocalPgBouncer pgbouncer = new LocalPgBouncer(binaries, serviceUser, runDirectory, LocalTestDatabase.HOST, port);
        StandalonePgBouncer standalone = new StandalonePgBouncer(binaries, pgbouncer, runDirectory, port, credentials);
        try {
            pgbouncer.configure(postgresPort, standbyPort, credentials);
            // PgBouncer runs as the service user and writes its unix socket here
            serviceUser.own(runDirectory);
            pgbouncer.start();
        } catch (RuntimeException e) {
            standalone.destroy();
            throw new IllegalStateException("Could not start PgBouncer (" + binaries.pgbouncer() + ") in " + runDirectory
                    + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(standalone.shutdownHook);
        return standalone;
    }

    @Override
    public String host() {
        return LocalTestDatabase.HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String jdbcUrl(PoolMode mode) {
        return "jdbc:postgresql://" + host() + ':' + port + '/' + PgBouncerConfig.alias(mode);
    }

    @Override
    public Connection connect(PoolMode mode) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(mode), credentials.user(), credentials.password());
    }

    @Override
    public void kill() {
        pgbouncer.kill();
    }

    @Override
    public List<Map<String, String>> admin(String command) {
        return adminConsole.run(command);
    }

    @Override
    public void stop() {
        pgbouncer.stop();
    }

    @Override
    public void start() {
        pgbouncer.start();
    }

    @Override
    public void restart() {
        pgbouncer.restart();
    }

    @Override
    public void pause() {
        pgbouncer.pause();
    }

    @Override
    public void resume() {
        pgbouncer.resume();
    }

    @Override
    public long pid() {
        return pgbouncer.pid();
    }

    @Override
    public boolean isRunning() {
        return pgbouncer.isRunning();
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
        pgbouncer.stop();
        AbandonedRuns.delete(runDirectory);
    }

    @Override
    public String toString() {
        return "StandalonePgBouncer[" + host() + ':' + port + ']';
    }
}
