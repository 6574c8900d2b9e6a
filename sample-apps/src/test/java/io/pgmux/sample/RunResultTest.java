package io.pgmux.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunResultTest {
    @Test
    void printsOneJsonLineWithTheAgreedFieldsFirst() {
        LatencyHistogram latencies = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            latencies.recordNanos(i * 10_000L); // 10 µs .. 1000 µs
        }
        RunResult result = new RunResult(Style.DRIVERMANAGER, Mode.READ, 64, 100, 0, 2_000_000_000L, latencies);

        String json = result.toJson();

        assertThat(json).doesNotContain("\n");
        assertThat(json).startsWith("{\"style\":\"drivermanager\",\"threads\":64,\"requests\":100,\"errors\":0,\"tps\":50.0,"
                + "\"p50_ms\":0.500,\"p99_ms\":0.984,");
        assertThat(json).contains("\"mode\":\"read\"").contains("\"elapsed_s\":2.000").endsWith("}");
    }

    @Test
    void reportsTheSlowestRequestAndEveryNonEmptyLatencyBucket() {
        LatencyHistogram latencies = new LatencyHistogram();
        latencies.recordNanos(5_000L);          // 5 µs, an exact bucket
        latencies.recordNanos(5_000L);
        latencies.recordNanos(3_000_000_000L);  // 3 s, a reserve timeout's plateau would sit here
        RunResult result = new RunResult(Style.HIKARI, Mode.WRITE, 64, 3, 0, 1_000_000_000L, latencies);

        String json = result.toJson();

        long slowBucket = LatencyHistogram.lowestValue(LatencyHistogram.index(3_000_000L));
        assertThat(json).contains("\"max_ms\":3000.000")
                .endsWith(",\"histogram_us\":[[5,2],[" + slowBucket + ",1]]}");
        assertThat(slowBucket).isBetween(2_950_000L, 3_000_000L);
    }

    @Test
    void anEmptyRunReportsZeroesRatherThanNaN() {
        RunResult result = new RunResult(Style.HOLD, Mode.WRITE, 1, 0, 3, 0, new LatencyHistogram());

        assertThat(result.toJson())
                .startsWith("{\"style\":\"hold\",\"threads\":1,\"requests\":0,\"errors\":3,\"tps\":0.0,\"p50_ms\":0.000,\"p99_ms\":0.000,")
                .doesNotContain("NaN")
                .endsWith("\"histogram_us\":[]}");
    }
}
