package io.pgmux.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Run directories of the local harness, and the clean-up of those whose JVM died without its shutdown hook
 * (kill -9, a killed build): their servers are stopped and their files removed, so nothing piles up.
 */
final class AbandonedRuns {

    private static final String PREFIX = "pgmux-it-";
    private static final String OWNER_FILE = "owner.pid";

    private AbandonedRuns() {
    }

    static Path newRunDirectory() {
        try {
            Path directory = Files.createTempDirectory(PREFIX);
            Files.writeString(directory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            return directory;
        } catch (IOException e) {
            throw new IllegalStateException("Could not create a temporary directory for PostgreSQL and PgBouncer in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    static void cleanUp() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path run : runs) {
                if (isAbandoned(run)) {
                    stopServers(run);
                    delete(run);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a run directory that cannot be cleaned now must not stop this run
            System.err.println("pgmux test harness: could not clean up old run directories in " + tmp + ": " + e);
        }
    }

    private static boolean isAbandoned(Path run) {
        return readPid(run.resolve(OWNER_FILE))
                .map(owner -> ProcessHandle.of(owner).map(process -> !process.isAlive()).orElse(true))
                .orElse(false);
    }

    /** Only processes that still run with this directory's files are touched, in case a pid was reused. */
    private static void stopServers(Path run) {
        readPid(run.resolve("pgbouncer.pid"))
                .flatMap(ProcessHandle::of)
                .filter(process -> commandMentions(process, run))
                .ifPresent(AbandonedRuns::kill);
        readPid(run.resolve("data").resolve("postmaster.pid"))
                .flatMap(ProcessHandle::of)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false))
                .ifPresent(AbandonedRuns::kill);
    }

    private static boolean commandMentions(ProcessHandle process, Path run) {
        return process.info().arguments().map(arguments -> Stream.of(arguments)
                .anyMatch(argument -> argument.startsWith(run.toString()))).orElse(false);
    }

    private static void kill(ProcessHandle process) {
        List<ProcessHandle> children = process.children().toList();
        forceKill(process);
        // a stopped backend of a killed postmaster would wait forever
        children.forEach(AbandonedRuns::forceKill);
    }

    private static void forceKill(ProcessHandle process) {
        if (process.isAlive()) {
            try {
                ServiceUser.signal(process.pid(), "CONT");
                ServiceUser.signal(process.pid(), "KILL");
            } catch (IllegalStateException exitedMeanwhile) {
                // gone already: that is what was wanted
            }
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(file).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not delete " + directory + ": " + e.getMessage(), e);
        }
    }
}
