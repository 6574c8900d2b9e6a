package io.pgmux.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A PostgreSQL cluster of its own in a temporary directory, controlled with pg_ctl. */
final class LocalPostgres implements ServerProcess {

    private static final long PG_CTL_TIMEOUT_SECONDS = 90;

    private final LocalBinaries binaries;
    private final ServiceUser serviceUser;
    private final Path runDirectory;
    private final Path dataDirectory;
    private final Path log;
    private final Path controlLog;

    LocalPostgres(LocalBinaries binaries, ServiceUser serviceUser, Path runDirectory) {
        this.binaries = binaries;
        this.serviceUser = serviceUser;
        this.runDirectory = runDirectory;
        this.dataDirectory = runDirectory.resolve("data");
        this.log = runDirectory.resolve("postgres.log");
        this.controlLog = runDirectory.resolve("pg_ctl.log");
    }

    /** Creates the cluster: superuser with a scram password, scram for TCP, trust only on its private unix socket. */
    void initdb(Credentials credentials, int port) {
        Path passwordFile = runDirectory.resolve("superuser.password");
        Path socketDirectory = runDirectory.resolve("socket");
        try {
            Files.writeString(passwordFile, credentials.superuserPassword() + "\n");
            Files.createDirectories(socketDirectory);
            serviceUser.own(runDirectory);
            serviceUser.run(List.of(binaries.postgresProgram("initdb").toString(), "-D", dataDirectory.toString(),
                    "-U", credentials.superuser(), "--pwfile=" + passwordFile, "--auth-local=trust",
                    "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"),
                    runDirectory, controlLog, PG_CTL_TIMEOUT_SECONDS);
            Files.delete(passwordFile);
            Files.writeString(dataDirectory.resolve("postgresql.conf"), settings(port, socketDirectory),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare the PostgreSQL cluster in " + runDirectory + ": " + e.getMessage(), e);
        }
    }

    private static String settings(int port, Path socketDirectory) {
        return "\n# test harness\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "port = " + port + "\n"
                + "unix_socket_directories = '" + socketDirectory + "'\n"
                + "password_encryption = 'scram-sha-256'\n"
                // enough for tests that open many connections without pooling
                + "max_connections = 300\n"
                + "shared_buffers = 64MB\n"
                // durability does not matter for a throw-away cluster
                + "fsync = off\n"
                + "synchronous_commit = off\n"
                + "full_page_writes = off\n"
                + "log_min_messages = warning\n";
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        pgCtl("start", "-l", log.toString());
    }

    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        resume();
        pgCtl("stop", "-m", "fast");
    }

    @Override
    public synchronized void restart() {
        if (!isRunning()) {
            start();
            return;
        }
        resume();
        pgCtl("restart", "-m", "fast", "-l", log.toString());
    }

    /** Freezes the postmaster and every backend, as a hung server would be. */
    @Override
    public synchronized void pause() {
        long postmaster = pid();
        ServiceUser.signal(postmaster, "STOP");
        // with the postmaster stopped no backend can be forked, so this list is complete
        for (long backend : backends(postmaster)) {
            ServiceUser.signalUnlessGone(backend, "STOP");
        }
    }

    @Override
    public synchronized void resume() {
        Optional<Long> postmaster = runningPid();
        if (postmaster.isEmpty()) {
            return;
        }
        for (long backend : backends(postmaster.get())) {
            ServiceUser.signalUnlessGone(backend, "CONT");
        }
        ServiceUser.signal(postmaster.get(), "CONT");
    }

    @Override
    public long pid() {
        return runningPid().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not running (data directory " + dataDirectory + "). Last log lines:\n" + ServiceUser.tail(log)));
    }

    @Override
    public boolean isRunning() {
        return runningPid().isPresent();
    }

    /** Stops at once whatever state the server is in; for the end of the test run. */
    synchronized void stopImmediately() {
        Optional<Long> postmaster = runningPid();
        if (postmaster.isEmpty()) {
            return;
        }
        resume();
        try {
            pgCtl("stop", "-m", "immediate");
        } catch (IllegalStateException e) {
            ProcessHandle.of(postmaster.get()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Optional<Long> runningPid() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | RuntimeException e) {
            // the file is being written or removed right now
            return Optional.empty();
        }
    }

    private static List<Long> backends(long postmaster) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(postmaster).ifPresent(handle -> handle.children().forEach(child -> pids.add(child.pid())));
        return pids;
    }

    private void pgCtl(String action, String... options) {
        List<String> command = new ArrayList<>(List.of(binaries.postgresProgram("pg_ctl").toString(), action,
                "-D", dataDirectory.toString(), "-w", "-t", Long.toString(PG_CTL_TIMEOUT_SECONDS)));
        command.addAll(List.of(options));
        try {
            serviceUser.run(command, runDirectory, controlLog, PG_CTL_TIMEOUT_SECONDS + 10);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("pg_ctl " + action + " failed. " + e.getMessage()
                    + "\nLast lines of " + log + ":\n" + ServiceUser.tail(log), e);
        }
    }

    Path log() {
        return log;
    }
}
