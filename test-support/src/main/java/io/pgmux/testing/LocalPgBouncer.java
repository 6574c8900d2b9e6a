package io.pgmux.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** PgBouncer in the foreground as a child of this JVM, so its pid is known and its death seen at once. */
final class LocalPgBouncer implements ServerProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final LocalBinaries binaries;
    private final ServiceUser serviceUser;
    private final Path runDirectory;
    private final Path ini;
    private final Path log;
    /** The pid of the running PgBouncer, for finding it again after this JVM was killed. */
    private final Path pidFile;
    private final String host;
    private final int port;
    private Process process;

    LocalPgBouncer(LocalBinaries binaries, ServiceUser serviceUser, Path runDirectory, String host, int port) {
        this.binaries = binaries;
        this.serviceUser = serviceUser;
        this.runDirectory = runDirectory;
        this.ini = runDirectory.resolve("pgbouncer.ini");
        this.log = runDirectory.resolve("pgbouncer.log");
        this.pidFile = runDirectory.resolve("pgbouncer.pid");
        this.host = host;
        this.port = port;
    }

    void configure(int postgresPort, Credentials credentials) {
        configure(postgresPort, 0, credentials);
    }

    /** Writes the configuration; a running PgBouncer reads it again on RELOAD. {@code standbyPort} 0: no standby alias. */
    void configure(int postgresPort, int standbyPort, Credentials credentials) {
        Path authFile = runDirectory.resolve("userlist.txt");
        try {
            Files.writeString(authFile, PgBouncerConfig.authFile(credentials));
            Files.writeString(ini, PgBouncerConfig.ini(host, postgresPort, standbyPort, host, port, runDirectory.toString(),
                    authFile.toString(), credentials));
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the PgBouncer configuration in " + runDirectory + ": " + e.getMessage(), e);
        }
        serviceUser.own(authFile);
        serviceUser.own(ini);
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            // a log left by a failed start under another user makes PgBouncer exit without a word
            Files.deleteIfExists(log);
            List<String> command = new ArrayList<>(List.of("sh", "-c", raiseOpenFilesLimit(), "sh"));
            command.addAll(serviceUser.command(List.of(binaries.pgbouncer().toString(), ini.toString())));
            process = new ProcessBuilder(command)
                    .directory(runDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binaries.pgbouncer() + ": " + e.getMessage(), e);
        }
        awaitAcceptingConnections();
    }

    /** max_client_conn needs a socket per client; raised in the shell that then execs PgBouncer in its place. */
    private static String raiseOpenFilesLimit() {
        int wanted = PgBouncerConfig.OPEN_FILES;
        return "limit=$(ulimit -Hn); "
                + "if [ \"$limit\" = unlimited ] || [ \"$limit\" -gt " + wanted + " ]; then limit=" + wanted + "; fi; "
                + "ulimit -n \"$limit\" && exec \"$@\"";
    }

    private void awaitAcceptingConnections() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited during start with code " + process.exitValue()
                        + " (config " + ini + "). Its log:\n" + ServiceUser.tail(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        stop();
        throw new IllegalStateException("PgBouncer did not accept connections on " + host + ':' + port + " within "
                + START_TIMEOUT.toSeconds() + " s. Its log:\n" + ServiceUser.tail(log));
    }

    /** Immediate shutdown (SIGTERM): clients are disconnected. */
    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            resume();
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping PgBouncer", e);
            }
        }
        process = null;
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new IllegalStateException("Could not delete " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL, as a crashed PgBouncer: clients see their connections break without a word. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing PgBouncer", e);
        }
        stop();
    }

    @Override
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public synchronized void pause() {
        ServiceUser.signal(pid(), "STOP");
    }

    @Override
    public synchronized void resume() {
        if (isRunning()) {
            ServiceUser.signal(process.pid(), "CONT");
        }
    }

    @Override
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("PgBouncer is not running. Its log:\n" + ServiceUser.tail(log));
        }
        return process.pid();
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    Path log() {
        return log;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PgBouncer", e);
        }
    }
}
