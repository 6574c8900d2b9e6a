package io.pgmux.it.stats;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JVM with the pgmux agent that runs while a test watches it from outside: over JMX (attached by process id), its
 * Prometheus endpoint, its output.
 */
final class BackgroundJvm implements AutoCloseable {
    static final Path AGENT_JAR = artifact("pgmux.agent.jar", "../agent/target/pgmux-agent.jar");
    static final Path SAMPLE_APPS_JAR = artifact("pgmux.sampleApps.jar", "../sample-apps/target/sample-apps.jar");

    private final List<String> commandLine;
    private final Process process;
    private final File out;
    private final File err;
    private JMXConnector jmx;

    private BackgroundJvm(List<String> commandLine) throws IOException {
        this.commandLine = commandLine;
        this.out = File.createTempFile("pgmux-stats-child-", ".out");
        this.err = File.createTempFile("pgmux-stats-child-", ".err");
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectOutput(out).redirectError(err);
        // the environment of the test JVM must not configure the child's agent
        builder.environment().keySet().removeIf(name -> name.startsWith("PGMUX_"));
        this.process = builder.start();
    }

    /** The sample app with the agent: {@code agentArguments} like "pool.size=4", options, then the app's arguments. */
    static BackgroundJvm sampleApp(String agentArguments, List<String> jvmOptions, String... appArguments) throws IOException {
        List<String> command = new ArrayList<>(javaWithAgent(agentArguments, jvmOptions));
        command.add("-jar");
        command.add(SAMPLE_APPS_JAR.toString());
        command.addAll(Arrays.asList(appArguments));
        return new BackgroundJvm(command);
    }

    /** A main class of these tests with the agent, on a class path of the given entries. */
    static BackgroundJvm main(String agentArguments, List<String> classPath, Class<?> main, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(javaWithAgent(agentArguments, List.of()));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(main.getName());
        command.addAll(Arrays.asList(arguments));
        return new BackgroundJvm(command);
    }

    private static List<String> javaWithAgent(String agentArguments, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + AGENT_JAR + (agentArguments == null ? "" : "=" + agentArguments));
        command.addAll(jvmOptions);
        return command;
    }

    /** The class path entry (jar or directory) of {@code type}, as the test JVM loaded it. */
    static String classPathOf(Class<?> type) {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The child's platform MBean server, through the JDK's attach mechanism (what JConsole does for a local process). */
    synchronized MBeanServerConnection mbeans() throws Exception {
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

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to end by itself; its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM did not end within " + seconds + " s: " + this);
        }
        return process.exitValue();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
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
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(out.toPath());
        Files.deleteIfExists(err.toPath());
    }

    private static Path artifact(String property, String relativeToModule) {
        Path path = Paths.get(System.getProperty(property, relativeToModule)).toAbsolutePath().normalize();
        assertThat(path).as("%s: build it first (mvn verify builds every module in order)", path).isRegularFile();
        return path;
    }

    @Override
    public String toString() {
        return String.join(" ", commandLine).replaceAll("--password \\S+", "--password ***")
                + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }
}
