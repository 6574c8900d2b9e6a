package io.pgmux.sample;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.commons.dbcp2.BasicDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Builds the connection source of each style the way a typical application configures it. */
final class ConnectionSources {
    /** Seconds after which c3p0 retires a connection, so that the run sees connections replaced. */
    static final int C3P0_MAX_CONNECTION_AGE_SECONDS = 3;

    private ConnectionSources() {
    }

    static ConnectionSource forStyle(Options options) throws SQLException {
        switch (options.style) {
            case DRIVERMANAGER:
            case HOLD:
                return driverManager(options);
            case DATASOURCE:
                return simpleDataSource(options);
            case HIKARI:
                return hikari(options);
            case DBCP2:
                return dbcp2(options);
            case C3P0:
                return c3p0(options);
            default:
                throw new IllegalStateException("no connection source for style " + options.style);
        }
    }

    static ConnectionSource driverManager(Options options) {
        return new ConnectionSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return DriverManager.getConnection(options.url, options.user, options.password);
            }

            @Override
            public void close() {
            }
        };
    }

    private static ConnectionSource simpleDataSource(Options options) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(options.url);
        dataSource.setUser(options.user);
        dataSource.setPassword(options.password);
        return new ConnectionSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void close() {
            }
        };
    }

    private static ConnectionSource hikari(Options options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sample-hikari");
        config.setJdbcUrl(options.url);
        config.setUsername(options.user);
        config.setPassword(options.password);
        config.setMaximumPoolSize(options.appPoolSize);
        HikariDataSource pool = new HikariDataSource(config);
        return new ConnectionSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    private static ConnectionSource dbcp2(Options options) {
        BasicDataSource pool = new BasicDataSource();
        pool.setUrl(options.url);
        pool.setUsername(options.user);
        pool.setPassword(options.password);
        pool.setMaxTotal(options.appPoolSize);
        pool.setMaxIdle(options.appPoolSize);
        pool.setMaxWait(Duration.ofSeconds(30));
        pool.setValidationQuery("SELECT 1");
        pool.setTestOnBorrow(true);
        return new ConnectionSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void close() {
                try {
                    pool.close();
                } catch (SQLException e) {
                    throw new IllegalStateException("closing the DBCP2 pool failed: " + e.getMessage(), e);
                }
            }
        };
    }

    private static ConnectionSource c3p0(Options options) {
        ComboPooledDataSource pool = new ComboPooledDataSource();
        pool.setJdbcUrl(options.url);
        pool.setUser(options.user);
        pool.setPassword(options.password);
        pool.setMinPoolSize(1);
        pool.setInitialPoolSize(1);
        pool.setMaxPoolSize(options.appPoolSize);
        pool.setCheckoutTimeout(30_000);
        pool.setTestConnectionOnCheckout(true);
        pool.setMaxConnectionAge(C3P0_MAX_CONNECTION_AGE_SECONDS);
        return new ConnectionSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }
}
