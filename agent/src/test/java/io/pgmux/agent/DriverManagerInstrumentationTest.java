package io.pgmux.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.example.jdbc.DriverManagerCaller;
import org.example.jdbc.RecordingDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The advice on {@code DriverManager.getConnection}, installed in this JVM with a {@link RecordingHandler} that
 * remembers the connects that returned a logical connection and serves their repeats.
 */
class DriverManagerInstrumentationTest {
    private static final Driver DRIVER = new RecordingDriver();

    @BeforeAll
    static void installAgentAndRegisterDriver() throws Exception {
        InstalledAgent.ensureInstalled();
        DriverManager.registerDriver(DRIVER);
    }

    @AfterAll
    static void deregisterDriver() throws SQLException {
        DriverManager.deregisterDriver(DRIVER);
    }

    @BeforeEach
    void forgetCalls() {
        RecordingHandler.CALLS.clear();
        RecordingHandler.REMEMBERED.clear();
        RecordingHandler.SCOPES.clear();
        RecordingDriver.REAL_CONNECTS.set(0);
    }

    @Test
    void aRepeatConnectIsServedWithoutDriverManagerReachingTheDriver() throws SQLException {
        Connection first = DriverManager.getConnection("jdbc:recording://db/dm", "app", "secret");
        Connection repeat = DriverManager.getConnection("jdbc:recording://db/dm", "app", "secret");

        assertThat(first).hasToString("logical jdbc:recording://db/dm");
        assertThat(repeat).hasToString("repeat jdbc:recording://db/dm");
        assertThat(RecordingHandler.CALLS).containsExactly("jdbc:recording://db/dm");
    }

    @Test
    void aRepeatOfTheUrlOnlyFormIsServedToo() throws SQLException {
        DriverManager.getConnection("jdbc:recording://db/urlonly");

        assertThat(DriverManager.getConnection("jdbc:recording://db/urlonly")).hasToString("repeat jdbc:recording://db/urlonly");
        assertThat(RecordingHandler.CALLS).hasSize(1);
    }

    @Test
    void aRepeatWithPropertiesIsServedAndAChangedPropertyIsNoRepeat() throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", "app");
        info.setProperty("password", "secret");
        DriverManager.getConnection("jdbc:recording://db/props", info);

        assertThat(DriverManager.getConnection("jdbc:recording://db/props", info))
                .hasToString("repeat jdbc:recording://db/props");
        info.setProperty("ApplicationName", "other");
        assertThat(DriverManager.getConnection("jdbc:recording://db/props", info))
                .hasToString("logical jdbc:recording://db/props");
        assertThat(RecordingHandler.CALLS).hasSize(2);
    }

    @Test
    void anotherPasswordIsNoRepeat() throws SQLException {
        DriverManager.getConnection("jdbc:recording://db/dm", "app", "secret");

        Connection other = DriverManager.getConnection("jdbc:recording://db/dm", "app", "other");

        assertThat(other).hasToString("logical jdbc:recording://db/dm");
        assertThat(RecordingHandler.CALLS).hasSize(2);
    }

    @Test
    void aConnectThatDriverManagerLeftToTheDriverIsNotRemembered() throws SQLException {
        DriverManager.getConnection("jdbc:recording://db/passthrough", "app", "secret");

        assertThat(DriverManager.getConnection("jdbc:recording://db/passthrough", "app", "secret"))
                .hasToString("real jdbc:recording://db/passthrough");
        assertThat(RecordingDriver.REAL_CONNECTS).hasValue(2);
    }

    @Test
    void theRepeatIsKeyedOnTheClassLoaderOfDriverManagersCaller() throws Exception {
        Path testClasses = Paths.get(RecordingDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // child first for the caller class only: it sees the test's RecordingDriver through its parent
        try (URLClassLoader callers = new ChildFirstLoader(testClasses, DriverManagerCaller.class.getName())) {
            Class<?> caller = callers.loadClass(DriverManagerCaller.class.getName());
            assertThat(caller.getClassLoader()).isSameAs(callers);

            Object first = caller.getMethod("connect", String.class, String.class, String.class)
                    .invoke(null, "jdbc:recording://db/scoped", "app", "secret");

            assertThat(first).hasToString("logical jdbc:recording://db/scoped");
            assertThat(RecordingHandler.SCOPES).containsExactly(callers);
            // the same connect from this test's class is no repeat: DriverManager checks this caller's loader
            assertThat(DriverManager.getConnection("jdbc:recording://db/scoped", "app", "secret"))
                    .hasToString("logical jdbc:recording://db/scoped");
            assertThat(RecordingHandler.SCOPES).last().isSameAs(getClass().getClassLoader());
        }
    }

    @Test
    void deregisteringADriverForgetsTheRepeats() throws SQLException {
        Driver other = new RecordingDriver();
        DriverManager.getConnection("jdbc:recording://db/dm", "app", "secret");
        DriverManager.registerDriver(other);

        DriverManager.deregisterDriver(other);

        assertThat(DriverManager.getConnection("jdbc:recording://db/dm", "app", "secret"))
                .hasToString("logical jdbc:recording://db/dm");
    }

    @Test
    void withALogWriterDriverManagerRunsAndLogsEveryConnect() throws SQLException {
        DriverManager.getConnection("jdbc:recording://db/logged", "app", "secret");
        StringWriter log = new StringWriter();
        DriverManager.setLogWriter(new PrintWriter(log));
        try {
            assertThat(DriverManager.getConnection("jdbc:recording://db/logged", "app", "secret"))
                    .hasToString("logical jdbc:recording://db/logged");
        } finally {
            DriverManager.setLogWriter(null);
        }
        assertThat(log.toString()).contains("DriverManager.getConnection(\"jdbc:recording://db/logged\")");
    }

    /** Defines one class itself, everything else comes from the parent. */
    private static final class ChildFirstLoader extends URLClassLoader {
        private final String own;

        ChildFirstLoader(Path classes, String own) throws Exception {
            super(new URL[] {classes.toUri().toURL()}, DriverManagerInstrumentationTest.class.getClassLoader());
            this.own = own;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.equals(own)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
                return super.loadClass(name, resolve);
            }
        }
    }
}
