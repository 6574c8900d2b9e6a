package io.pgmux.agent;

import io.pgmux.bootstrap.PgmuxBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every setter of pgjdbc's {@code BaseDataSource} (and the methods that copy or deserialize its
 * settings): the data source's next connect is no longer a repeat of an earlier one.
 */
final class DataSourceChangeAdvice {
    private DataSourceChangeAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.This Object dataSource) {
        PgmuxBridge.dataSourceChanged(dataSource);
    }
}
