package io.pgmux.agent;

import io.pgmux.bootstrap.PgmuxBridge;
import java.sql.Connection;
import java.sql.DriverManager;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code getConnection(user, password)} of pgjdbc's {@code BaseDataSource} ({@code getConnection()} calls
 * it): a repeat on a data source whose settings have not changed since is served without building its URL and
 * without DriverManager. It names only the bridge and JDK types.
 */
final class DataSourceConnectAdvice {
    private DataSourceConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object enter(@Advice.This Object dataSource, @Advice.Argument(0) String user,
            @Advice.Argument(1) String password, @Advice.Origin Class<?> declaring) {
        return DriverManager.getLogWriter() == null
                ? PgmuxBridge.knownDataSourceConnect(dataSource, user, password, declaring) : null;
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Object known, @Advice.This Object dataSource,
            @Advice.Return(readOnly = false) Connection returned) {
        if (known != null) {
            returned = (Connection) known;
        } else if (returned != null) {
            PgmuxBridge.dataSourceConnected(dataSource, returned);
        }
    }
}
