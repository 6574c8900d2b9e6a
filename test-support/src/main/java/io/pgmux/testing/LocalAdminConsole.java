package io.pgmux.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The admin console through the psql of the local PostgreSQL installation. */
final class LocalAdminConsole extends AdminConsole {

    private static final long TIMEOUT_SECONDS = 30;

    private final Path psql;
    private final String host;
    private final int port;
    private final Credentials credentials;

    LocalAdminConsole(Path psql, String host, int port, Credentials credentials) {
        this.psql = psql;
        this.host = host;
        this.port = port;
        this.credentials = credentials;
    }

    @Override
    String psqlCsv(String command) {
        ProcessBuilder builder = new ProcessBuilder(psqlArguments(psql.toString(), host, port, credentials.superuser(), command));
        builder.environment().put("PGPASSWORD", credentials.superuserPassword());
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String output = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("PgBouncer admin command '" + command + "' did not finish within "
                        + TIMEOUT_SECONDS + " s (is PgBouncer paused?)");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("PgBouncer admin command '" + command + "' failed: " + errors.join().trim());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + psql + " for the PgBouncer admin console: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during PgBouncer admin command '" + command + "'", e);
        }
    }

    private static String readAll(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read: " + e.getMessage() + ")";
        }
    }
}
