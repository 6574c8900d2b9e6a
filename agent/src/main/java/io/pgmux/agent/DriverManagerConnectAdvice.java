package io.pgmux.agent;

import io.pgmux.bootstrap.PgmuxBridge;
import java.sql.Connection;
import java.sql.DriverManager;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DriverManager.getConnection(url)} and {@code getConnection(url, user, password)}: a repeat of an
 * app connect that returned a logical connection before is served without DriverManager's driver loop, its locks and
 * the {@code Properties} it builds. With a log writer set ({@code DriverManager.setLogWriter}) DriverManager always
 * runs, so that its log shows every connect.
 */
final class DriverManagerConnectAdvice {
    private DriverManagerConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object enter(@Advice.Argument(0) String url, @Advice.Argument(value = 1, optional = true) String user,
            @Advice.Argument(value = 2, optional = true) String password, @CallerClass Class<?> caller) {
        return DriverManager.getLogWriter() == null ? PgmuxBridge.knownConnect(url, user, password, caller) : null;
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Object known, @Advice.Return(readOnly = false) Connection returned,
            @Advice.Argument(0) String url, @Advice.Argument(value = 1, optional = true) String user,
            @Advice.Argument(value = 2, optional = true) String password, @CallerClass Class<?> caller) {
        if (known != null) {
            returned = (Connection) known;
        } else if (returned != null) {
            PgmuxBridge.connected(returned, url, user, password, caller);
        }
    }
}
