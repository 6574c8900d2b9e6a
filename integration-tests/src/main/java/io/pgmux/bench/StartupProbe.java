package io.pgmux.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Wall time of a JVM running {@link TrivialMain}, with and without the agent, alternated to spread noise evenly. */
final class StartupProbe {

    record Result(Spread withoutAgentMs, Spread withAgentMs) {
        double addedMs() {
            return withAgentMs.median() - withoutAgentMs.median();
        }
    }

    private StartupProbe() {
    }

    static Result measure(Path agentJar, int repeats) throws IOException, InterruptedException {
        String classPath = BenchPaths.ownClasses().toString();
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        time(null, classPath); // first start fills the OS file cache for both
        time(agentJar, classPath);
        for (int i = 0; i < repeats; i++) {
            if (i % 2 == 0) {
                without.add(time(null, classPath));
                with.add(time(agentJar, classPath));
            } else {
                with.add(time(agentJar, classPath));
                without.add(time(null, classPath));
            }
        }
        return new Result(Spread.of(without), Spread.of(with));
    }

    private static double time(Path agentJar, String classPath) throws IOException, InterruptedException {
        List<String> command = ChildJvm.command(agentJar, List.of());
        command.addAll(List.of("-cp", classPath, TrivialMain.class.getName()));
        long began = System.nanoTime();
        Process process = ChildProcesses.track(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        try {
            int exit = process.waitFor();
            double millis = (System.nanoTime() - began) / 1e6;
            if (exit != 0) {
                throw new IllegalStateException("The start-up probe JVM failed with exit code " + exit + ": "
                        + String.join(" ", command));
            }
            return millis;
        } finally {
            ChildProcesses.forget(process);
        }
    }
}
