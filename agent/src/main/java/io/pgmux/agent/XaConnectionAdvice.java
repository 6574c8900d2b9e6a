package io.pgmux.agent;

import io.pgmux.bootstrap.PgmuxBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code getXAConnection} of every {@code javax.sql.XADataSource}: an XA connection is bound to its
 * server session (prepared transactions), so the driver connects beneath it stay real.
 */
final class XaConnectionAdvice {
    private XaConnectionAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter() {
        PgmuxBridge.enterPassThrough();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit() {
        PgmuxBridge.exitPassThrough();
    }
}
