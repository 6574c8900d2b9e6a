package io.pgmux.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Command lines of child JVMs: the same java as this one, a fixed heap limit, optionally the agent. */
public final class ChildJvm {

    /** Fixed so that heap figures of different runs compare. */
    static final String MAX_HEAP = "-Xmx1g";

    private ChildJvm() {
    }

    public static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -Xmx.. [-javaagent:agent -Dpgmux...]}; the caller appends GC logging, main class and arguments. */
    public static List<String> command(Path agentJar, List<String> agentProperties) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add(MAX_HEAP);
        command.add("-XX:+UseG1GC");
        if (agentJar != null) {
            command.add("-javaagent:" + agentJar.toAbsolutePath());
            command.addAll(agentProperties);
        }
        return command;
    }
}
