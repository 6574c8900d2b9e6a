package io.pgmux.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operating system user that runs PostgreSQL and PgBouncer. Both refuse to run as root: when the tests run
 * as root they run as {@code postgres} (setpriv, which execs in place so the child's pid is the server's);
 * otherwise as the current user.
 */
final class ServiceUser {

    private static final String POSTGRES_OS_USER = "postgres";

    private final boolean root;

    private ServiceUser(boolean root) {
        this.root = root;
    }

    static ServiceUser current() {
        return new ServiceUser(isRoot());
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to the effective user of this process
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The command line that runs {@code command} as the service user. */
    List<String> command(List<String> command) {
        if (!root) {
            return command;
        }
        List<String> asPostgres = new ArrayList<>(List.of("setpriv", "--reuid=" + POSTGRES_OS_USER,
                "--regid=" + POSTGRES_OS_USER, "--init-groups", "--"));
        asPostgres.addAll(command);
        return asPostgres;
    }

    /** Makes files the harness wrote readable and writable by the service user. */
    void own(Path path) {
        if (root) {
            runChecked(List.of("chown", "-R", POSTGRES_OS_USER + ':' + POSTGRES_OS_USER, path.toString()), path.getParent(),
                    "Is there an OS user '" + POSTGRES_OS_USER + "'? (Debian: apt-get install postgresql creates it)");
        }
    }

    /**
     * Runs a program as the service user to completion; its output goes to {@code output} (never a pipe, since
     * pg_ctl leaves a server behind that would keep a pipe open).
     */
    void run(List<String> command, Path workingDirectory, Path output, long timeoutSeconds) {
        run(command, Map.of(), workingDirectory, output, timeoutSeconds);
    }

    /** Like {@link #run(List, Path, Path, long)}, with extra environment variables (kept off the command line). */
    void run(List<String> command, Map<String, String> environment, Path workingDirectory, Path output, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command(command))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds
                        + " s. Its output:\n" + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ". Its output:\n" + tail(output));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Sends a signal (STOP, CONT, TERM, KILL) to a process; as root any process may be signalled. */
    static void signal(long pid, String signal) {
        runChecked(List.of("kill", "-" + signal, Long.toString(pid)), null, "Is the process still running?");
    }

    /** Like {@link #signal}, for a process that may exit at any moment (a backend): its exit is no failure. */
    static void signalUnlessGone(long pid, String signal) {
        try {
            signal(pid, signal);
        } catch (IllegalStateException e) {
            if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()) {
                throw e;
            }
        }
    }

    private static void runChecked(List<String> command, Path workingDirectory, String hint) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim() + ". " + hint);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    /** The last lines of a log file, for error messages. */
    static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no output in " + log + ")";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }
}
