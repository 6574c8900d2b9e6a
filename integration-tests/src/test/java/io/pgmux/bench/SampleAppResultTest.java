package io.pgmux.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark reads the figures and latency buckets a sample app prints. */
class SampleAppResultTest {

    @Test
    void readsTheFiguresTheMaximumAndTheLatencyBucketsOfTheResultLine() {
        SampleAppResult result = SampleAppResult.parse("{\"style\":\"hold\",\"threads\":64,\"requests\":4,\"errors\":0,"
                + "\"tps\":2.0,\"p50_ms\":0.110,\"p99_ms\":3.000,\"mode\":\"read\",\"max_ms\":3001.500,\"elapsed_s\":2.000,"
                + "\"histogram_us\":[[110,2],[112,1],[2998272,1]]}");

        assertThat(result).isNotNull();
        assertThat(result.requests()).isEqualTo(4);
        assertThat(result.p99Ms()).isEqualTo(3.0);
        assertThat(result.maxMs()).isEqualTo(3001.5);
        assertThat(result.latencies().total()).isEqualTo(4);
        assertThat(result.latencies().count(LatencyBins.bin(110))).isEqualTo(3);
        assertThat(result.latencies().count(LatencyBins.bin(2_998_272))).isEqualTo(1);
    }

    @Test
    void readsAResultLineWithThousandsOfBuckets() {
        StringBuilder line = new StringBuilder("{\"requests\":3000,\"errors\":0,\"tps\":1,\"p50_ms\":1,\"p99_ms\":1,"
                + "\"max_ms\":1,\"histogram_us\":[");
        for (int bucket = 0; bucket < 3000; bucket++) {
            line.append(bucket == 0 ? "" : ",").append('[').append(128 + bucket).append(",1]");
        }
        line.append("]}");

        assertThat(SampleAppResult.parse(line.toString()).latencies().total()).isEqualTo(3000);
    }

    @Test
    void aRunWithoutMeasuredRequestsHasEmptyLatencies() {
        SampleAppResult result = SampleAppResult.parse("{\"style\":\"hold\",\"threads\":1,\"requests\":0,\"errors\":3,"
                + "\"tps\":0.0,\"p50_ms\":0.000,\"p99_ms\":0.000,\"mode\":\"write\",\"max_ms\":0.000,\"elapsed_s\":0.000,"
                + "\"histogram_us\":[]}");

        assertThat(result.errors()).isEqualTo(3);
        assertThat(result.latencies().total()).isZero();
    }

    @Test
    void aLineWithoutLatencyBucketsIsNoResult() {
        assertThat(SampleAppResult.parse("{\"requests\":1,\"errors\":0,\"tps\":1,\"p50_ms\":1,\"p99_ms\":1,\"max_ms\":1}"))
                .isNull();
        assertThat(SampleAppResult.parse("Exception in thread main")).isNull();
    }
}
