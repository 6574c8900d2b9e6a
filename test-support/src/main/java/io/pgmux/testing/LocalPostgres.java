package io.pgmux.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final Path socketDirectory;

    LocalPostgres(LocalBinaries binaries, ServiceUser serviceUser, Path runDirectory) {
        this.binaries = binaries;
        this.serviceUser = serviceUser;
        this.runDirectory = runDirectory;
        this.dataDirectory = runDirectory.resolve("data");
        this.log = runDirectory.resolve("postgres.log");
        this.controlLog = runDirectory.resolve("pg_ctl.log");
        this.socketDirectory = runDirectory.resolve("socket");
    }

    /** Creates the cluster: superuser with a scram password, scram for TCP, trust only on its private unix socket. */
    void initdb(Credentials credentials, int port) {
        Path passwordFile = runDirectory.resolve("superuser.password");
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

    /**
     * Creates the cluster as a streaming hot standby of a running primary: a physical copy with pg_basebackup
     * ({@code -R} writes primary_conninfo with the password), replicating through a slot of its own so that the
     * primary keeps the WAL a stopped standby still needs. The copied settings are followed by this one's port
     * and socket directory, which win as the later lines.
     */
    void basebackup(String primaryHost, int primaryPort, Credentials credentials, String slot, int port) {
        try {
            Files.createDirectories(socketDirectory);
            serviceUser.own(runDirectory);
            serviceUser.run(List.of(binaries.postgresProgram("pg_basebackup").toString(), "-D", dataDirectory.toString(),
                    "-h", primaryHost, "-p", Integer.toString(primaryPort), "-U", credentials.superuser(), "-w",
                    "-R", "-X", "stream", "-C", "-S", slot, "--checkpoint=fast", "--no-sync"),
                    Map.of("PGPASSWORD", credentials.superuserPassword()), runDirectory, controlLog, PG_CTL_TIMEOUT_SECONDS);
            Files.writeString(dataDirectory.resolve("postgresql.conf"), settings(port, socketDirectory)
                            + "hot_standby = on\n"
                            // after a restart of the primary, stream again within a second rather than five
                            + "wal_retrieve_retry_interval = 1s\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare the standby cluster in " + runDirectory + ": " + e.getMessage(), e);
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

    /**
     * SIGKILL to the postmaster and every backend at once, as if the host were lost; {@link #start()} then runs
     * crash recovery.
     */
    synchronized void kill() {
        Optional<Long> postmaster = runningPid();
        if (postmaster.isEmpty()) {
            return;
        }
        List<Long> children = backends(postmaster.get());
        ServiceUser.signalUnlessGone(postmaster.get(), "KILL");
        for (long child : children) {
            ServiceUser.signalUnlessGone(child, "KILL");
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (runningPid().isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL (pid " + postmaster.get() + ") still runs 10 s after SIGKILL");
            }
            sleep(20);
        }
        // nobody may reap the killed postmaster (here pid 1 does not): as a zombie it still has its pid, and the
        // next start would take its lock files for those of a running server
        try (java.util.stream.Stream<Path> socketFiles = Files.list(socketDirectory)) {
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
            for (Path file : (Iterable<Path>) socketFiles::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not delete the lock files of the killed PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PostgreSQL", e);
        }
    }

    private Optional<Long> runningPid() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid).filter(alive -> !isZombie(alive));
        } catch (IOException | RuntimeException e) {
            // the file is being written or removed right now
            return Optional.empty();
        }
    }

    /** A killed server that nobody has reaped yet still has a pid, but is gone for every purpose here. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
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
