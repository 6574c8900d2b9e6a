package io.pgmux.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings pgmux imposes on server connections are taken out of the app's URL, where they would win. */
class JdbcUrlParametersTest {

    @Test
    void theNamedParameterIsTakenOutAndTheOthersKept() {
        assertThat(JdbcUrl.withoutParameters("jdbc:postgresql://db:6432/app?ssl=false&prepareThreshold=5&loginTimeout=3",
                List.of("prepareThreshold"))).isEqualTo("jdbc:postgresql://db:6432/app?ssl=false&loginTimeout=3");
    }

    @Test
    void theQueryGoesWhereNothingIsLeftInIt() {
        assertThat(JdbcUrl.withoutParameters("jdbc:postgresql://db:6432/app?prepareThreshold=5", List.of("prepareThreshold")))
                .isEqualTo("jdbc:postgresql://db:6432/app");
    }

    @Test
    void aUrlWithoutTheParameterIsUnchanged() {
        assertThat(JdbcUrl.withoutParameters("jdbc:postgresql://db:6432/app", List.of("prepareThreshold")))
                .isEqualTo("jdbc:postgresql://db:6432/app");
        assertThat(JdbcUrl.withoutParameters("jdbc:postgresql://db:6432/app?prepareThresholds=1", List.of("prepareThreshold")))
                .isEqualTo("jdbc:postgresql://db:6432/app?prepareThresholds=1");
    }
}
