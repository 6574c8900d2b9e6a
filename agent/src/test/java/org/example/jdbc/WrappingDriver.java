package org.example.jdbc;

import java.sql.Connection;
import java.util.Properties;

/** A wrapper driver (as tracing and spy drivers are) that accepts the same URLs and delegates to another driver. */
public class WrappingDriver extends RecordingDriver {
    private final RecordingDriver delegate = new RecordingDriver();

    @Override
    public Connection connect(String url, Properties info) {
        return delegate.connect(url, info);
    }
}
