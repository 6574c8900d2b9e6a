package org.example.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.XAConnection;
import javax.sql.XADataSource;

/** An XA data source whose connection comes from {@link RecordingDriver}; it exposes that connection for tests. */
public class RecordingXaDataSource implements XADataSource {
    public static volatile Connection lastUnderlying;
    private final String url;

    public RecordingXaDataSource(String url) {
        this.url = url;
    }

    @Override
    public XAConnection getXAConnection() throws SQLException {
        lastUnderlying = new RecordingDriver().connect(url, new Properties());
        throw new SQLFeatureNotSupportedException("only the underlying connection matters here");
    }

    @Override
    public XAConnection getXAConnection(String user, String password) throws SQLException {
        return getXAConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }
}
