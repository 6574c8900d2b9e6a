package io.pgmux.agent;

import io.pgmux.bootstrap.PgmuxBridge;
import java.sql.Connection;
import java.util.Properties;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code connect(String, Properties)} of every {@code java.sql.Driver}: where the bridge returns a logical
 * connection, the driver's own code is skipped and the logical connection is returned instead. It names only the
 * bootstrap bridge and JDK types, which every class loader of a driver can resolve.
 */
final class DriverConnectAdvice {
    private DriverConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object enter(@Advice.This Object driver, @Advice.Argument(0) String url,
            @Advice.Argument(1) Properties info) throws Exception {
        return PgmuxBridge.connect(driver, url, info);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Object logical, @Advice.Return(readOnly = false) Connection returned) {
        if (logical != null) {
            returned = (Connection) logical;
        }
    }
}
