package io.pgmux.demo;

import io.pgmux.bench.ChildJvm;
import io.pgmux.bench.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One sample app running with the agent in a child JVM; its output goes to files, its result is the JSON line. */
final class DemoApp {

    final String name;
    final String style;
    final int threads;
    /** App connections the app keeps open at most: one per thread, or its own pool's size. */
    final int appConnections;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private DemoApp(String name, String style, int threads, int appConnections, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.style = style;
        this.threads = threads;
        this.appConnections = appConnections;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static DemoApp start(String name, String style, int threads, Integer appPoolSize, String mode, int seconds,
                         Path agentJar, Path sampleAppsJar, String url, String pgmuxTarget, DemoDatabase database,
                         Path workDirectory) throws IOException {
        return start(name, style, threads, appPoolSize, mode, seconds, agentJar, pgmuxTarget == null
                ? List.of("-Dpgmux.applicationName=" + name)
                : List.of("-Dpgmux.applicationName=" + name, "-Dpgmux.target=" + pgmuxTarget), List.of(),
                sampleAppsJar, url, database, workDirectory);
    }

    /** An app with these agent settings ({@code -Dpgmux...}) and extra sample app flags. */
    static DemoApp start(String name, String style, int threads, Integer appPoolSize, String mode, int seconds,
                         Path agentJar, List<String> agentProperties, List<String> appFlags, Path sampleAppsJar,
                         String url, DemoDatabase database, Path workDirectory) throws IOException {
        List<String> command = ChildJvm.command(agentJar, agentProperties);
        command.addAll(List.of("-jar", sampleAppsJar.toString(), style, "--url", url, "--user", database.user(),
                "--password", database.password(), "--threads", Integer.toString(threads), "--mode", mode,
                "--duration", Integer.toString(seconds)));
        command.addAll(appFlags);
        if (appPoolSize != null) {
            command.addAll(List.of("--app-pool-size", Integer.toString(appPoolSize)));
        }
        Path stdout = workDirectory.resolve(name + ".out");
        Path stderr = workDirectory.resolve(name + ".err");
        Process process = ChildProcesses.track(new ProcessBuilder(command)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start());
        int appConnections = appPoolSize != null ? appPoolSize : threads;
        return new DemoApp(name, style, threads, appConnections, process, stdout, stderr);
    }

    long pid() {
        return process.pid();
    }

    boolean running() {
        return process.isAlive();
    }

    /** Waits for the app to end; its JSON line, or a description of how it failed. */
    String awaitResult(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            ChildProcesses.destroy(process);
            return "did not end in time; stopped. Its stderr: " + tail(stderr);
        }
        ChildProcesses.forget(process);
        List<String> lines = Files.readAllLines(stdout);
        String json = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        if (process.exitValue() != 0) {
            return "exit code " + process.exitValue() + (json == null ? "" : ", " + json) + ". Its stderr: " + tail(stderr);
        }
        return json;
    }

    /** The last few messages of a log, without stack frames. */
    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.startsWith("\t")).toList();
        return String.join("\n  ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
    }
}
