package io.pgmux.agent;

import io.pgmux.bootstrap.PgmuxBridge;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DriverManager.getConnection(url, info)}: as {@link DriverManagerConnectAdvice}, for a connect
 * whose user, password and settings are in the app's {@code Properties}, which the repeat must read (the app may
 * change it between connects).
 */
final class DriverManagerPropertiesConnectAdvice {
    private DriverManagerPropertiesConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object enter(@Advice.Argument(0) String url, @Advice.Argument(1) Properties info,
            @CallerClass Class<?> caller) {
        return DriverManager.getLogWriter() == null ? PgmuxBridge.knownConnect(url, info, caller) : null;
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Object known, @Advice.Return(readOnly = false) Connection returned,
            @Advice.Argument(0) String url, @Advice.Argument(1) Properties info, @CallerClass Class<?> caller) {
        if (known != null) {
            returned = (Connection) known;
        } else if (returned != null) {
            PgmuxBridge.connected(returned, url, info, caller);
        }
    }
}
