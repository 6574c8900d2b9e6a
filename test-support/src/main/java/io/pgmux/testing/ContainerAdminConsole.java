package io.pgmux.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/** The admin console through the psql of the PostgreSQL container, which reaches PgBouncer on their network. */
final class ContainerAdminConsole extends AdminConsole {

    private final GenericContainer<?> postgresContainer;
    private final String pgbouncerHost;
    private final int pgbouncerPort;
    private final Credentials credentials;

    ContainerAdminConsole(GenericContainer<?> postgresContainer, String pgbouncerHost, int pgbouncerPort, Credentials credentials) {
        this.postgresContainer = postgresContainer;
        this.pgbouncerHost = pgbouncerHost;
        this.pgbouncerPort = pgbouncerPort;
        this.credentials = credentials;
    }

    @Override
    String psqlCsv(String command) {
        List<String> arguments = new ArrayList<>(List.of("env", "PGPASSWORD=" + credentials.superuserPassword(),
                "PGCONNECT_TIMEOUT=10"));
        arguments.addAll(psqlArguments("psql", pgbouncerHost, pgbouncerPort, credentials.superuser(), command));
        try {
            Container.ExecResult result = postgresContainer.execInContainer(arguments.toArray(String[]::new));
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("PgBouncer admin command '" + command + "' failed: " + result.getStderr().trim());
            }
            return result.getStdout();
        } catch (IOException e) {
            throw new IllegalStateException("Could not run psql in the PostgreSQL container: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during PgBouncer admin command '" + command + "'", e);
        }
    }
}
