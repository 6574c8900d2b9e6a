package io.pgmux.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import org.example.jdbc.RecordingDriver;
import org.example.jdbc.RecordingXaDataSource;
import org.example.jdbc.WrappingDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The advice on {@code Driver.connect}, installed in this JVM with a handler that stands in for the multiplexer. */
class DriverConnectInstrumentationTest {

    @BeforeAll
    static void installAgent() throws Exception {
        InstalledAgent.ensureInstalled();
    }

    @BeforeEach
    void forgetCalls() {
        RecordingHandler.CALLS.clear();
        RecordingHandler.SERVER_CONNECTIONS.clear();
        RecordingDriver.REAL_CONNECTS.set(0);
    }

    @Test
    void bridgeClassesAreDefinedByTheBootstrapLoader() {
        assertThat(InstalledAgent.bootstrapBridge().getClassLoader()).isNull();
        assertThat(InstalledAgent.bridgeClassLoader()).isNull();
    }

    @Test
    void driverConnectReturnsTheHandlersConnectionInsteadOfTheDrivers() throws SQLException {
        Connection connection = new RecordingDriver().connect("jdbc:recording://db/app", new Properties());

        assertThat(connection).hasToString("logical jdbc:recording://db/app");
        assertThat(RecordingDriver.REAL_CONNECTS).hasValue(0);
    }

    @Test
    void aConnectTheHandlerDeclinesReachesTheDriver() throws SQLException {
        Connection connection = new RecordingDriver().connect("jdbc:recording://db/passthrough", new Properties());

        assertThat(connection).hasToString("real jdbc:recording://db/passthrough");
        assertThat(RecordingDriver.REAL_CONNECTS).hasValue(1);
    }

    @Test
    void aWrapperDriverAroundAnotherYieldsOneLogicalConnection() throws SQLException {
        Connection connection = new WrappingDriver().connect("jdbc:recording://db/app", new Properties());

        assertThat(connection).hasToString("logical jdbc:recording://db/app");
        assertThat(RecordingHandler.CALLS).containsExactly("jdbc:recording://db/app");
    }

    @Test
    void connectsMadeWhileHandlingAConnectReachTheDriver() throws SQLException {
        Connection connection = new RecordingDriver().connect("jdbc:recording://db/server", new Properties());

        assertThat(connection).hasToString("logical jdbc:recording://db/server");
        assertThat(RecordingHandler.SERVER_CONNECTIONS).containsExactly("real jdbc:recording://db/server");
        assertThat(RecordingHandler.CALLS).hasSize(1);
    }

    @Test
    void aConnectFailureOfTheHandlerReachesTheAppWithItsSqlState() {
        assertThatThrownBy(() -> new RecordingDriver().connect("jdbc:recording://db/badpassword", new Properties()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aDriverLoadedByASeparateClassLoaderIsAdvised() throws Exception {
        Path testClasses = Paths.get(RecordingDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {testClasses.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> driverClass = isolated.loadClass(RecordingDriver.class.getName());
            assertThat(driverClass).isNotSameAs(RecordingDriver.class);

            Driver driver = (Driver) driverClass.getDeclaredConstructor().newInstance();
            Connection connection = driver.connect("jdbc:recording://db/isolated", new Properties());

            assertThat(connection).hasToString("logical jdbc:recording://db/isolated");
        }
    }

    @Test
    void connectsBeneathAnXaConnectionStayReal() throws SQLException {
        RecordingXaDataSource dataSource = new RecordingXaDataSource("jdbc:recording://db/xa");

        assertThatThrownBy(dataSource::getXAConnection).isInstanceOf(SQLException.class);

        assertThat(RecordingXaDataSource.lastUnderlying).hasToString("real jdbc:recording://db/xa");
        assertThat(RecordingHandler.CALLS).isEmpty();
        // the pass-through region ended with the call, even though it failed
        assertThat(new RecordingDriver().connect("jdbc:recording://db/after", new Properties()))
                .hasToString("logical jdbc:recording://db/after");
    }
}
