package io.jenkins.plugins.relgov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Period;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "48h, PT48H",
        "30m, PT30M",
        "10s, PT10S",
        "500ms, PT0.5S",
        "7d, PT168H",
        "1h30m, PT1H30M",
        "PT48H, PT48H",
        "P2DT3H, PT51H",
        "2H, PT2H"
    })
    void parsesShortAndIsoForms(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({"PT48H, 48h", "PT72H, 72h", "PT30M, 30m", "PT0.5S, 500ms", "PT168H, 7d", "PT1H30M, 1h30m", "PT24H, 24h"
    })
    void formatsTheWayPeopleWrite(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"48", "48 hours", "h", "-5m", "PT-1H", "1.5h", ""})
    void rejectsMalformedDurations(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(malformed duration|duration) '.*'.*");
    }

    @ParameterizedTest
    @CsvSource({"7y, P7Y", "18mo, P18M", "2w, P14D", "30d, P30D", "P7Y, P7Y"})
    void parsesPeriods(String text, String iso) {
        assertThat(Durations.parsePeriod(text)).isEqualTo(Period.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "seven years", "0y", "P-1Y", "7m"})
    void rejectsMalformedPeriods(String text) {
        assertThatThrownBy(() -> Durations.parsePeriod(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
