package io.pgmux.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each test runs the harness in a JVM of its own and looks at what stays once that JVM is gone. */
@ExtendWith(TestDatabaseExtension.class)
class LeftoversTest {

    @BeforeAll
    static void onlyForLocalProcesses(TestDatabase db) {
        org.junit.jupiter.api.Assumptions.assumeTrue(db instanceof LocalTestDatabase, "runs only with local processes");
    }

    @Test
    void jvmThatExitsStopsBothServersAndDeletesItsFiles() throws Exception {
        Process child = startChild("exit");
        ChildRun run = awaitRun(child);

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(isAlive(run.postgresPid())).isFalse();
        assertThat(isAlive(run.pgbouncerPid())).isFalse();
        assertThat(run.directory()).doesNotExist();
    }

    @Test
    void serversOfAKilledJvmAreStoppedByTheNextStart() throws Exception {
        Process child = startChild("wait");
        ChildRun run = awaitRun(child);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(isAlive(run.postgresPid())).isTrue();

        AbandonedRuns.cleanUp();

        await().atMost(Duration.ofSeconds(30)).until(() -> !isAlive(run.postgresPid()) && !isAlive(run.pgbouncerPid()));
        assertThat(run.directory()).doesNotExist();
    }

    @Test
    void jvmThatExitsStopsItsStandbyAndDeletesItsFiles() throws Exception {
        Process child = startChild("exit", "standby");
        ChildRun run = awaitRun(child);

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(isAlive(run.standbyPid())).isFalse();
        assertThat(run.standbyDirectory()).doesNotExist();
    }

    @Test
    void standbyOfAKilledJvmIsStoppedByTheNextStart() throws Exception {
        Process child = startChild("wait", "standby");
        ChildRun run = awaitRun(child);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(isAlive(run.standbyPid())).isTrue();

        AbandonedRuns.cleanUp();

        await().atMost(Duration.ofSeconds(30)).until(() -> !isAlive(run.standbyPid()) && !isAlive(run.postgresPid()));
        assertThat(run.standbyDirectory()).doesNotExist();
        assertThat(run.directory()).doesNotExist();
    }

    /** {@code standbyDirectory} null and {@code standbyPid} 0 where the child started no standby. */
    private record ChildRun(Path directory, long postgresPid, long pgbouncerPid, Path standbyDirectory, long standbyPid) {
    }

    private static Process startChild(String... arguments) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classpath, HarnessChild.class.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
    }

    private static ChildRun awaitRun(Process child) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        Path standbyDirectory = null;
        long standbyPid = 0;
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith("STANDBY ")) {
                String[] fields = line.split(" ");
                standbyDirectory = Path.of(fields[1]);
                standbyPid = Long.parseLong(fields[2]);
            }
            if (line.startsWith("RUN ")) {
                String[] fields = line.split(" ");
                // keep draining so the child never blocks on a full pipe
                Thread drain = new Thread(() -> drain(output));
                drain.setDaemon(true);
                drain.start();
                return new ChildRun(Path.of(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]),
                        standbyDirectory, standbyPid);
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("The child JVM ended without starting the test database:\n" + seen);
    }

    private static void drain(BufferedReader output) {
        try {
            while (output.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    /** A killed server whose parent has not reaped it yet is gone for every purpose of this test. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}
