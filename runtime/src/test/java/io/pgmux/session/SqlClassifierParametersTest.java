package io.pgmux.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements whose bound string values decide whether they pin: the values are read as literals. */
class SqlClassifierParametersTest {
    private final SqlClassifier classifier = new SqlClassifier();

    @Test
    void aParameterisedSetConfigOfATrackedParameterIsTrackedWithItsBoundValue() {
        String sql = "SELECT set_config('search_path', ?, false)";
        assertThat(classifier.classify(sql).pins()).isTrue();

        SqlEffects effects = classifier.classify(sql, List.of("flyway_schema, public"));

        assertThat(effects.pins()).isFalse();
        assertThat(effects.trackedChanges()).singleElement()
                .satisfies(change -> assertThat(change.name()).isEqualTo("search_path"));
    }

    @Test
    void aBoundValueWithAQuoteStaysOneLiteral() {
        SqlEffects effects = classifier.classify("SELECT set_config('application_name', ?, false)", List.of("it's mine"));

        assertThat(effects.pins()).isFalse();
        assertThat(effects.trackedChanges()).hasSize(1);
    }

    @Test
    void aParameterisedNameOfAnUntrackedParameterStillPins() {
        SqlEffects effects = classifier.classify("SELECT set_config(?, ?, false)", List.of("work_mem", "64MB"));

        assertThat(effects.pins()).isTrue();
        assertThat(effects.pinReason()).contains("work_mem");
    }

    @Test
    void aMissingValueLeavesTheStatementAsItsSqlAlone() {
        assertThat(classifier.classify("SELECT set_config('search_path', ?, false)", List.of()).pins()).isTrue();
    }

    @Test
    void aQuestionMarkInsideAStringIsNotAParameter() {
        SqlEffects effects = classifier.classify("SELECT set_config('search_path', ?, false), '?'", List.of("public"));

        assertThat(effects.pins()).isFalse();
        assertThat(effects.trackedChanges()).hasSize(1);
    }
}
