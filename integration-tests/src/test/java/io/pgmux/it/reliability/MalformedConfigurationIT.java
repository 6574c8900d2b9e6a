package io.pgmux.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.it.agent.ChildJvm;
import io.pgmux.it.agent.SampleApps;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whatever the agent is given as configuration, the app starts, runs and finishes its work without an error. */
@ExtendWith(TestDatabaseExtension.class)
class MalformedConfigurationIT {
    private static Path scratch;

    @BeforeAll
    static void createSchema(TestDatabase db) throws Exception {
        SampleApps.initSchema(db);
        scratch = Files.createTempDirectory("pgmux-malformed-");
    }

    @AfterAll
    static void removeScratch() throws Exception {
        try (var files = Files.walk(scratch)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void garbageAgentArguments(TestDatabase db) throws Exception {
        runsCleanly(db, ChildJvm.withAgent("=,,==,pool.size,=banana,,pool.size==3,\u00e9\u00df=\u0001"));
    }

    @Test
    void hugeAndOutOfRangeValues(TestDatabase db) throws Exception {
        runsCleanly(db, ChildJvm.withAgent("pool.size=99999999999999999999999,pool.acquireTimeoutMs=-5,"
                + "pool.reserve=2147483648,leakThresholdMs=1e9,metrics.port=70000,include=" + "x".repeat(100_000)));
    }

    @Test
    void configFileThatDoesNotExist(TestDatabase db) throws Exception {
        runsCleanly(db, ChildJvm.withAgent(null).systemProperty("pgmux.config", scratch.resolve("missing.properties").toString()));
    }

    @Test
    void configFileThatCannotBeRead(TestDatabase db) throws Exception {
        // the tests may run as root, who reads any file: a directory is unreadable as a properties file for everyone
        Path directory = Files.createDirectories(scratch.resolve("a-directory.properties"));
        runsCleanly(db, ChildJvm.withAgent(null).systemProperty("pgmux.config", directory.toString()));
    }

    @Test
    void configFileOfBinaryJunk(TestDatabase db) throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(20261128).nextBytes(junk);
        Path file = scratch.resolve("junk.properties");
        Files.write(file, junk);
        runsCleanly(db, ChildJvm.withAgent(null).systemProperty("pgmux.config", file.toString()));
    }

    @Test
    void configFileWithBrokenEscapesAndAHugeValue(TestDatabase db) throws Exception {
        Path file = scratch.resolve("broken.properties");
        Files.write(file, ("pgmux.pool.size=4\npgmux.include=\\uZZZZ\npgmux.exclude=" + "y".repeat(5_000_000) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        runsCleanly(db, ChildJvm.withAgent(null).systemProperty("pgmux.config", file.toString()));
    }

    private static void runsCleanly(TestDatabase db, ChildJvm jvm) throws Exception {
        ChildJvm.Result run = jvm.sampleApp(SampleApps.appArguments(db, "drivermanager", "--threads", "4", "--requests", "40",
                "--mode", "write")).run();

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.field("requests")).as("%s", run).isEqualTo(40);
        assertThat(run.field("errors")).as("%s", run).isZero();
        assertThat(run.stderr).as("%s", run).doesNotContain("Exception in thread", "FATAL ERROR in native method");
    }
}
