package io.pgmux.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JVM started for one test: a sample app or a test main, with or without the pgmux agent. */
public final class ChildJvm {
    static final Path AGENT_JAR = artifact("pgmux.agent.jar", "../agent/target/pgmux-agent.jar");
    static final Path SAMPLE_APPS_JAR = artifact("pgmux.sampleApps.jar", "../sample-apps/target/sample-apps.jar");
    static final Path JDK_25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    private String agentArguments;
    private boolean withAgent;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> command = new ArrayList<>();

    public static ChildJvm withAgent(String agentArguments) {
        ChildJvm jvm = new ChildJvm();
        jvm.withAgent = true;
        jvm.agentArguments = agentArguments;
        return jvm;
    }

    static ChildJvm withoutAgent() {
        return new ChildJvm();
    }

    ChildJvm java(Path javaExecutable) {
        this.java = javaExecutable;
        return this;
    }

    public ChildJvm systemProperty(String name, String value) {
        jvmOptions.add("-D" + name + "=" + value);
        return this;
    }

    public ChildJvm sampleApp(String... arguments) {
        command.add("-jar");
        command.add(SAMPLE_APPS_JAR.toString());
        command.addAll(Arrays.asList(arguments));
        return this;
    }

    ChildJvm mainClass(Class<?> main, String... arguments) {
        command.add("-cp");
        command.add(Paths.get(main.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        command.add(main.getName());
        command.addAll(Arrays.asList(arguments));
        return this;
    }

    /** A main class on the given class path entries (jars or directories). */
    public ChildJvm mainClass(List<String> classPath, Class<?> main, String... arguments) {
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(main.getName());
        command.addAll(Arrays.asList(arguments));
        return this;
    }

    public Result run() throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        full.add(java.toString());
        if (withAgent) {
            full.add("-javaagent:" + AGENT_JAR + (agentArguments == null ? "" : "=" + agentArguments));
        }
        full.addAll(jvmOptions);
        full.addAll(command);

        File out = File.createTempFile("pgmux-child-", ".out");
        File err = File.createTempFile("pgmux-child-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectOutput(out).redirectError(err);
            // the environment of the test JVM must not configure the child's agent
            builder.environment().keySet().removeIf(name -> name.startsWith("PGMUX_"));
            Process process = builder.start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child JVM did not end within 90 s: " + String.join(" ", full));
            }
            return new Result(String.join(" ", full), process.exitValue(),
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }

    private static Path artifact(String property, String relativeToModule) {
        Path path = Paths.get(System.getProperty(property, relativeToModule)).toAbsolutePath().normalize();
        assertThat(path).as("%s: build it first (mvn verify builds every module in order)", path).isRegularFile();
        return path;
    }

    /** What the child did: exit code and both output streams. */
    public static final class Result {
        public final String commandLine;
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(String commandLine, int exitCode, String stdout, String stderr) {
            this.commandLine = commandLine;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** A numeric field of the sample app's one JSON result line. */
        public long field(String name) {
            String line = jsonLine();
            Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(line);
            assertThat(m.find()).as("field %s in %s", name, line).isTrue();
            return Long.parseLong(m.group(1));
        }

        public String jsonLine() {
            for (String line : stdout.split("\\R")) {
                if (line.startsWith("{")) {
                    return line;
                }
            }
            throw new AssertionError("no JSON result line on stdout of " + this);
        }

        @Override
        public String toString() {
            return commandLine + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
