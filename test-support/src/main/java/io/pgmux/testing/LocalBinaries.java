package io.pgmux.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the PostgreSQL and PgBouncer programs are installed on this machine, if they are. */
record LocalBinaries(Path postgresBin, Path pgbouncer) {

    private static final Path DEBIAN_POSTGRES_ROOT = Paths.get("/usr/lib/postgresql");

    static Optional<LocalBinaries> find() {
        Optional<Path> postgresBin = findPostgresBin();
        Optional<Path> pgbouncer = findPgBouncer();
        if (postgresBin.isEmpty() || pgbouncer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LocalBinaries(postgresBin.get(), pgbouncer.get()));
    }

    /** Says which of the two programs were found, for the message of a skipped test run. */
    static String describeSearch() {
        return "postgres: " + findPostgresBin().map(Path::toString)
                .orElse("not found in " + DEBIAN_POSTGRES_ROOT + "/*/bin or PATH")
                + "; pgbouncer: " + findPgBouncer().map(Path::toString).orElse("not found in PATH or /usr/sbin");
    }

    Path postgresProgram(String name) {
        return postgresBin.resolve(name);
    }

    /** The newest /usr/lib/postgresql/N/bin with initdb, pg_ctl and postgres, else the directory of initdb on PATH. */
    private static Optional<Path> findPostgresBin() {
        if (Files.isDirectory(DEBIAN_POSTGRES_ROOT)) {
            try (Stream<Path> versions = Files.list(DEBIAN_POSTGRES_ROOT)) {
                Optional<Path> newest = versions
                        .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .map(dir -> dir.resolve("bin"))
                        .filter(LocalBinaries::isPostgresBin)
                        .max(Comparator.comparingDouble(bin -> Double.parseDouble(bin.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // unreadable: fall back to PATH
            }
        }
        return onPath("initdb").map(Path::getParent).filter(LocalBinaries::isPostgresBin);
    }

    private static boolean isPostgresBin(Path bin) {
        return Stream.of("initdb", "pg_ctl", "postgres", "psql").allMatch(name -> Files.isExecutable(bin.resolve(name)));
    }

    private static Optional<Path> findPgBouncer() {
        return onPath("pgbouncer").or(() -> Optional.of(Paths.get("/usr/sbin/pgbouncer")).filter(Files::isExecutable));
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Paths.get(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
