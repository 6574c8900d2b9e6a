package io.pgmux.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * An unmodified app in a child JVM, with or without the pgmux agent, that runs while a test drives it and watches it
 * from outside: over JMX (attached by process id, as JConsole does for a local process), its endpoints, its output.
 */
public final class BackgroundJvm implements AutoCloseable {
    public static final Path AGENT_JAR = stableCopy(artifact("pgmux.agent.jar", "../agent/target/pgmux-agent.jar"));
    public static final Path SAMPLE_APPS_JAR = artifact("pgmux.sampleApps.jar", "../sample-apps/target/sample-apps.jar");
    public static final Path SPRING_BOOT_SAMPLE_JAR = artifact("pgmux.springBootSample.jar",
            "../sample-apps/spring-boot/target/spring-boot-sample.jar");

    private final List<String> commandLine;
    private final Process process;
    private final long startedAtNanos;
    private final File out;
    private final File err;
    private JMXConnector jmx;

    private BackgroundJvm(List<String> commandLine) throws IOException {
        this.commandLine = commandLine;
        this.out = File.createTempFile("pgmux-child-", ".out");
        this.err = File.createTempFile("pgmux-child-", ".err");
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectOutput(out).redirectError(err);
        // the environment of the test JVM must not configure the child's agent
        builder.environment().keySet().removeIf(name -> name.startsWith("PGMUX_") || name.equals("JAVA_TOOL_OPTIONS"));
        this.startedAtNanos = System.nanoTime();
        this.process = builder.start();
    }

    /** {@code java [-javaagent:pgmux-agent.jar=agentArguments] -jar jar arguments}; no agent where agentArguments is null. */
    public static BackgroundJvm jar(String agentArguments, Path jar, List<String> arguments) throws IOException {
        List<String> command = java(agentArguments, List.of());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        return new BackgroundJvm(command);
    }

    /** The sample app: {@code agentArguments} like "pool.size=4" (null: no agent), JVM options, the app's arguments. */
    public static BackgroundJvm sampleApp(String agentArguments, List<String> jvmOptions, String... appArguments)
            throws IOException {
        List<String> command = java(agentArguments, jvmOptions);
        command.add("-jar");
        command.add(SAMPLE_APPS_JAR.toString());
        command.addAll(Arrays.asList(appArguments));
        return new BackgroundJvm(command);
    }

    /** A main class of these tests with the agent, on a class path of the given entries. */
    public static BackgroundJvm main(String agentArguments, List<String> classPath, Class<?> main, String... arguments)
            throws IOException {
        List<String> command = java(agentArguments, List.of());
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(main.getName());
        command.addAll(Arrays.asList(arguments));
        return new BackgroundJvm(command);
    }

    private static List<String> java(String agentArguments, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (agentArguments != null) {
            command.add("-javaagent:" + AGENT_JAR + (agentArguments.isEmpty() ? "" : "=" + agentArguments));
        }
        command.addAll(jvmOptions);
        return command;
    }

    /** The class path entry (jar or directory) of {@code type}, as the test JVM loaded it. */
    public static String classPathOf(Class<?> type) {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The child's platform MBean server, through the JDK's attach mechanism. */
    public synchronized MBeanServerConnection mbeans() throws Exception {
        if (jmx == null) {
            assertThat(process.isAlive()).as("child JVM is running: %s", this).isTrue();
            VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
            try {
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            } finally {
                vm.detach();
            }
        }
        return jmx.getMBeanServerConnection();
    }

    /** A numeric attribute of the agent's MBean {@code io.pgmux:type=Agent}. */
    public long agentAttribute(String name) throws Exception {
        return ((Number) mbeans().getAttribute(new ObjectName("io.pgmux:type=Agent"), name)).longValue();
    }

    public long millisSinceStart() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAtNanos);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to end by itself; its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM did not end within " + seconds + " s: " + this);
        }
        return process.exitValue();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    private static String read(File file) {
        try {
            return Files.readString(file.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException e) {
            // the child may have ended already: nothing left to disconnect
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(out.toPath());
        Files.deleteIfExists(err.toPath());
    }

    /**
     * A copy of the jar that stays as it is while the test JVM runs: a JVM loads an agent's classes lazily, and a
     * Boot app starts for a minute or more, long enough for a rebuild of the agent in the same tree to rewrite the
     * jar under it.
     */
    private static Path stableCopy(Path jar) {
        IOException last = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            try {
                Path copy = Files.createTempFile("pgmux-agent-", ".jar");
                copy.toFile().deleteOnExit();
                Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                try (JarFile complete = new JarFile(copy.toFile())) {
                    // a jar caught half written has no readable central directory or manifest
                    if (complete.getManifest() != null) {
                        return copy;
                    }
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no complete copy of " + jar + " could be made", last);
    }

    private static Path artifact(String property, String relativeToModule) {
        Path path = Paths.get(System.getProperty(property, relativeToModule)).toAbsolutePath().normalize();
        assertThat(path).as("%s: build it first (mvn verify builds every module in order)", path).isRegularFile();
        return path;
    }

    @Override
    public String toString() {
        return String.join(" ", commandLine).replaceAll("(password[ =])\\S+", "$1***")
                + "\n--- stdout\n" + shortened(stdout()) + "--- stderr\n" + shortened(stderr());
    }

    /** Boot logs a lot: its errors, their causes and the agent's lines, then the end of the output. */
    private static String shortened(String output) {
        int keep = 12_000;
        if (output.length() <= 2 * keep) {
            return output;
        }
        StringBuilder summary = new StringBuilder("(errors, causes and pgmux lines of a long output)\n");
        output.lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.startsWith("Caused by")
                        || l.startsWith("[pgmux]")).limit(80)
                .forEach(l -> summary.append(l, 0, Math.min(l.length(), 1000)).append('\n'));
        return summary + "...\n" + output.substring(output.length() - keep);
    }
}
