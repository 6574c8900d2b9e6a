package io.pgmux.agent;

import io.pgmux.bootstrap.PgmuxBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code DriverManager.deregisterDriver}: a deregistered driver must not keep serving repeats. */
final class DeregisterDriverAdvice {
    private DeregisterDriverAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit() {
        PgmuxBridge.driverDeregistered();
    }
}
