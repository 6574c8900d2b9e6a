package io.pgmux.logical;

import java.sql.SQLFeatureNotSupportedException;

/** The exceptions for JDBC methods that pgmux cannot offer on a logical object, each naming the method and why. */
final class Unsupported {
    private Unsupported() {
    }

    static SQLFeatureNotSupportedException method(String method, String why) {
        return new SQLFeatureNotSupportedException(method + " is not supported by pgmux: " + why + ".", "0A000");
    }
}
