package io.pgmux.testing;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The one {@link TestDatabase} of this JVM, for code that does not get it as a JUnit parameter.
 *
 * <p>Local PostgreSQL and PgBouncer programs are used where both are installed, else Testcontainers where a
 * Docker engine answers. Where neither exists the calling test is skipped, or fails when the system property
 * {@code pgmux.it.require=true} is set. {@code pgmux.it.backend=local|docker} forces one of the two.
 */
public final class TestDatabases {

    static final String REQUIRE_PROPERTY = "pgmux.it.require";
    static final String BACKEND_PROPERTY = "pgmux.it.backend";

    private static AbstractTestDatabase shared;
    private static RuntimeException startFailure;
    private static String unavailableReason;

    private TestDatabases() {
    }

    /**
     * The running test database, started on the first call.
     *
     * @throws org.opentest4j.TestAbortedException where neither local programs nor Docker exist (and it is not required)
     * @throws IllegalStateException where starting failed, or neither exists and {@code pgmux.it.require=true}
     */
    public static synchronized TestDatabase shared() {
        if (shared != null) {
            return shared;
        }
        if (startFailure != null) {
            throw new IllegalStateException("The test database failed to start earlier in this JVM: "
                    + startFailure.getMessage(), startFailure);
        }
        if (unavailableReason == null) {
            try {
                shared = startNew();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            if (shared != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(shared::shutdown, "pgmux-test-database-shutdown"));
                return shared;
            }
        }
        if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
            throw new IllegalStateException(unavailableReason + " (" + REQUIRE_PROPERTY + "=true: failing instead of skipping)");
        }
        Assumptions.abort(unavailableReason);
        throw new AssertionError("unreachable: Assumptions.abort always throws");
    }

    /** Starts the kind of test database this machine offers; null with {@link #unavailableReason} set if none. */
    private static AbstractTestDatabase startNew() {
        String backend = System.getProperty(BACKEND_PROPERTY, "auto");
        Optional<LocalBinaries> binaries = LocalBinaries.find();
        switch (backend) {
            case "local":
                if (binaries.isEmpty()) {
                    unavailableReason = "PostgreSQL and PgBouncer are not installed locally (" + LocalBinaries.describeSearch()
                            + "), but " + BACKEND_PROPERTY + "=local. " + installHint();
                    return null;
                }
                return LocalTestDatabase.start(binaries.get());
            case "docker":
                if (!ContainerTestDatabase.dockerAvailable()) {
                    unavailableReason = "No Docker engine answers, but " + BACKEND_PROPERTY + "=docker. Start Docker.";
                    return null;
                }
                return ContainerTestDatabase.start();
            case "auto":
                if (binaries.isPresent()) {
                    return LocalTestDatabase.start(binaries.get());
                }
                if (ContainerTestDatabase.dockerAvailable()) {
                    return ContainerTestDatabase.start();
                }
                unavailableReason = "No PostgreSQL and PgBouncer for tests: not installed locally ("
                        + LocalBinaries.describeSearch() + ") and no Docker engine answers. " + installHint()
                        + " Or start Docker.";
                return null;
            default:
                throw new IllegalStateException(BACKEND_PROPERTY + "=" + backend + " is not known; use local, docker or auto (the default)");
        }
    }

    private static String installHint() {
        return "Install them (Debian/Ubuntu: apt-get install postgresql pgbouncer).";
    }
}
