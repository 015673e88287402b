package io.authstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Process hygiene checks that do not need a second Elasticsearch. */
class EmbeddedElasticsearchLifecycleIT {

    @Test
    void findsAJdkOfAtLeast21() {
        Path home = JavaHomes.find(21);
        assertThat(JavaHomes.featureVersion(home)).get().satisfies(v -> assertThat(v).isGreaterThanOrEqualTo(21));
    }

    @Test
    void saysWhatToInstallWhenNoJdkIsNewEnough() {
        assertThatThrownBy(() -> JavaHomes.find(999))
                .hasMessageContaining("No JDK 999 or newer found")
                .hasMessageContaining("apt-get install");
    }
}
